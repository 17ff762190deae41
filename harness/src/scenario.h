/* The scenario model and its parser (docs/scenario-format.md). Parsing is
 * done for one stack at a time because ${STACK} and ${ARTIFACTS} can
 * appear in any argument. */
#ifndef HARNESS_SCENARIO_H
#define HARNESS_SCENARIO_H
#include <stddef.h>

#include "pattern.h"
#include "util.h"
#include "vars.h"

/* linux: plain Linux, no hypervisor; xen: the reference (Xen 4.17); ours;
 * bare: a bare-metal image under QEMU alone (guests/svm-conformance). */
#define MAX_STACKS 4
#define STACK_NAMES "linux, xen, ours or bare"
extern const char *const known_stacks[MAX_STACKS];
int stack_known(const char *stack);

struct scn_host {
    char *name;
    int line;
    char *profile;             /* default "dom0" */
    int memory, cpus;          /* 0 = profile's */
    char *cpu, *mac, *append;  /* NULL = profile's / none */
    int lan;                   /* default 1 */
    int reboot;                /* 1: a guest reset reboots; 0 (default): QEMU exits */
};

enum step_kind {
    STEP_BOOT, STEP_EXPECT, STEP_SEND, STEP_RUN, STEP_OUTPUT, STEP_NO_OUTPUT,
    STEP_TRACE, STEP_QMP, STEP_LINK, STEP_WAIT, STEP_POWEROFF, STEP_KILL,
};

struct step {
    enum step_kind kind;
    int line;
    char *show;         /* the directive as written, for reports */
    int host;           /* index into hosts, -1 for wait */
    double timeout;     /* seconds (expect, trace, run, wait, poweroff) */
    struct pattern pat; /* expect, output, no-output, trace */
    char *data;         /* send: decoded bytes; run: command; qmp: command */
    size_t datalen;
    char *args;         /* qmp: JSON arguments or NULL */
    int status;         /* run: expected exit status */
    int status_any;     /* run: any status; poweroff: any end of QEMU */
    int up;             /* link */
};

/* `known-fault <stack> /regex/ <reason>`: a failure on that stack whose
 * consoles show the regex is a fault of the stack under test's platform,
 * not of the scenario; the runner runs the scenario once more. */
struct known_fault {
    int line;
    char *stack;
    struct pattern pat;
    char *reason;
};

struct scenario {
    char *file;         /* as given, for file:line */
    char *id, *title, *guide;
    char *stacks[MAX_STACKS];
    int nstacks;
    double timeout;
    int exclusive;      /* runs with no other scenario at once (timing-sensitive) */
    struct scn_host *hosts;
    int nhosts;
    struct step *steps;
    int nsteps;
    struct known_fault *faults;
    int nfaults;
    struct vars vars;   /* base variables plus the scenario's defines */
};

/* Parses text. base holds the built-in and command-line variables (it is
 * copied). Returns 0, or -1 with "file:line: message" in d. */
int scenario_parse(const char *text, const char *file, const struct vars *base,
                   struct scenario *s, struct diag *d);
void scenario_free(struct scenario *s);
int scenario_has_stack(const struct scenario *s, const char *stack);
int scenario_host_index(const struct scenario *s, const char *name);
const char *step_kind_name(enum step_kind k);
/* The known fault of stack whose regex matches text, or NULL. */
const struct known_fault *scenario_known_fault(const struct scenario *s, const char *stack,
                                               const char *text);

/* Reads a whole file (NUL-terminated); NULL with errno set on failure. */
char *read_text_file(const char *path);

#endif

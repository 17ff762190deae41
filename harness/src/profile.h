/* A host profile (scenarios/profiles/<stack>-<p>.profile): how QEMU boots
 * a host on a stack. */
#ifndef HARNESS_PROFILE_H
#define HARNESS_PROFILE_H

#include "pattern.h"
#include "util.h"
#include "vars.h"

struct module {
    char *path, *args; /* args may be empty */
};

struct profile {
    char *file;
    char *kernel, *append, *initrd, *machine, *cpu, *nic, *symbols;
    char *tcg;          /* options for -accel tcg (e.g. thread=single); unused under KVM */
    struct module *mods;
    int nmods;
    char **drives;
    int ndrives;
    char **devices;
    int ndevices;
    char **globals;      /* -global DRIVER.PROP=VALUE */
    int nglobals;
    int memory, cpus;    /* 0 = QEMU's default */
    int trace_port;      /* -1 = none */
    double ready_timeout;
    struct pattern ready;  /* compiled when ready_timeout > 0 */
    struct pattern prompt; /* compiled when prompt.compiled */
};

int profile_parse(const char *text, const char *file, const struct vars *vars,
                  struct profile *p, struct diag *d);
void profile_free(struct profile *p);

#endif

/* Runs one scenario on one stack, step by step, in the current directory
 * (the scenario's artifact folder), with a poll() event loop that keeps
 * reading every host's console while a step waits. */
#ifndef HARNESS_RUNNER_H
#define HARNESS_RUNNER_H
#include <signal.h>
#include <sys/types.h>

#include "profile.h"
#include "scenario.h"

struct run_config {
    const char *stack;
    const char *accel;       /* "tcg" or "kvm" */
    const char *qemu;        /* QEMU binary */
    const char *labnet;      /* labnet binary */
    double timeout_scale;
    const char *repro;       /* the command that reproduces it interactively */
    int progress_fd;         /* step names for the live status line, or -1 */
    int verbose;             /* echo consoles to stderr */
};

enum outcome { OUT_PASS, OUT_FAIL, OUT_SKIP };

struct run_outcome {
    enum outcome status;
    double duration;
    char *summary;  /* one line */
    char *message;  /* full failure message, or NULL */
};

/* Set by the signal handlers of the process that runs scenarios; a write
 * to runner_wake_fd wakes the event loop. */
extern volatile sig_atomic_t runner_interrupted;
extern int runner_wake_fd;

/* Starts labnet for the hosts with lan=yes in the current directory and
 * waits for its sockets. Returns its pid, 0 when no host is on the LAN,
 * -1 with err set. */
pid_t labnet_spawn(const struct scenario *s, const char *labnet, char *err, int errlen);

/* profiles[i] belongs to s->hosts[i]. */
void run_scenario(const struct scenario *s, struct profile *profiles, const struct run_config *cfg,
                  struct run_outcome *out);

#endif

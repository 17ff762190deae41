/* Running jobs: a forked runner per scenario@stack (at most -j at once),
 * their progress on the terminal, their TAP lines as they finish. */
#ifndef HARNESS_SCHEDULE_H
#define HARNESS_SCHEDULE_H
#include <signal.h>

#include "job.h"
#include "options.h"

struct run_state {
    struct options *o;
    struct job *jobs;
    int n;
    int tap_no;
    struct strbuf tap;
    int tty;
    int drawn;          /* status lines on the terminal */
    const char *accel, *qemu, *labnet;
};

extern volatile sig_atomic_t labrun_interrupted;

/* SIGINT, SIGTERM, SIGHUP stop everything cleanly; SIGCHLD wakes the loops. */
void install_signals(void);
/* Runs every job of st, printing TAP to stdout (and into st->tap). */
void schedule(struct run_state *st);

#endif

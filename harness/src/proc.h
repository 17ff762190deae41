/* Child processes that never outlive labrun: each in its own process group
 * (so a signal reaches QEMU and anything it forks) and with
 * PR_SET_PDEATHSIG, so they die with their parent even on SIGKILL. */
#ifndef HARNESS_PROC_H
#define HARNESS_PROC_H
#include <sys/types.h>

struct spawn_opts {
    const char *cwd;   /* NULL: inherit */
    int in_fd, out_fd, err_fd; /* -1: /dev/null for in, inherit for out/err */
    int own_group;     /* setpgid(0, 0) */
    int deathsig;      /* signal on parent death, 0 for none */
};

/* Returns the pid, or -1 with errno set. */
pid_t spawn_process(char *const argv[], const struct spawn_opts *so);
/* SIGTERM to the group, up to grace seconds, then SIGKILL; reaps pid.
 * Returns its wait status, or -1 when it was already reaped. */
int stop_process(pid_t pid, double grace);

#endif

/* One emulated host while a scenario runs: its QEMU process, serial
 * console (a unix socket labrun listens on and QEMU connects to), trace
 * log, QMP connection and logs. All paths are relative to the artifact
 * folder, the runner's working directory. */
#ifndef HARNESS_HOST_H
#define HARNESS_HOST_H
#include <sys/types.h>

#include "matcher.h"
#include "profile.h"
#include "qemu_args.h"
#include "scenario.h"

struct rhost {
    const struct scn_host *decl;
    int index;
    struct profile *prof;
    pid_t pid;          /* 0: never started */
    int alive;
    int wstatus;        /* valid once !alive && pid */
    int listen_fd, ser_fd, qmp_fd;
    int log_fd;         /* <host>.serial.log, raw bytes */
    int trace_fd;       /* <host>.trace.log, read as QEMU appends */
    struct matcher con, trace;
    char *output;       /* last run's output (or QMP reply) */
    int has_output;
};

void host_init(struct rhost *h, const struct scn_host *decl, int index, struct profile *prof);
void host_free(struct rhost *h);
/* Listens on <host>.ser, starts QEMU with its stderr in <host>.qemu.log. */
int host_start(struct rhost *h, const struct qemu_opts *o, char *err, int errlen);
/* Accepts QEMU's serial connection or reads what it sent; call on POLLIN. */
void host_on_serial(struct rhost *h, int fd);
/* Reads what QEMU appended to the trace log. */
void host_read_trace(struct rhost *h);
/* Notices that QEMU exited (waitpid WNOHANG); drains its console. */
void host_reap(struct rhost *h);
/* Stops QEMU (SIGTERM, then SIGKILL) and closes everything. */
void host_stop(struct rhost *h);
int host_send(struct rhost *h, const char *data, size_t n);
/* "exited with status 1" / "killed by signal 9" (static buffer). */
const char *host_exit_text(const struct rhost *h);

#endif

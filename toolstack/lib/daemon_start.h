/* Start-up pieces the dom0 daemons (xenstored, xenconsoled, xend) share. */
#ifndef DAEMON_START_H
#define DAEMON_START_H

/* Blocks SIGTERM and SIGINT into a signalfd (so the poll() loop sees them
 * as input and shuts down cleanly) and ignores SIGPIPE. Returns the fd,
 * or -1. */
int daemon_signals_fd(void);

/* Writes this process's pid to path; a failure is logged, not fatal. */
void daemon_write_pid_file(const char *path);

#endif

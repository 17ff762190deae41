/* Daemon logs: one line each, with a level and the domain id. */
#ifndef DAEMON_LOG_H
#define DAEMON_LOG_H

#include <stdio.h>

enum daemon_log_level { DLOG_DEBUG, DLOG_INFO, DLOG_WARN, DLOG_ERR };

void daemon_log_setup(FILE *out, enum daemon_log_level min, const char *prog);
void daemon_log(enum daemon_log_level lvl, int domid, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif

/* Daemon logs: one line each, with a level and the domain id. */
#ifndef XS_LOG_H
#define XS_LOG_H

#include <stdio.h>

enum xs_log_level { XS_LOG_DEBUG, XS_LOG_INFO, XS_LOG_WARN, XS_LOG_ERR };

void xs_log_setup(FILE *out, enum xs_log_level min, const char *prog);
void xs_log(enum xs_log_level lvl, int domid, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif

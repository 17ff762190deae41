/* Daemon logs (see daemon_log.h). */
#include "daemon_log.h"

#include <stdarg.h>
#include <time.h>

static FILE *log_out;
static enum daemon_log_level log_min = DLOG_WARN;
static const char *log_prog = "xenstored";

void daemon_log_setup(FILE *out, enum daemon_log_level min, const char *prog)
{
	log_out = out;
	log_min = min;
	log_prog = prog;
}

void daemon_log(enum daemon_log_level lvl, int domid, const char *fmt, ...)
{
	static const char *const names[] = { "debug", "info", "warn", "error" };
	FILE *out = log_out ? log_out : stderr;
	struct timespec ts;
	va_list ap;

	if (lvl < log_min)
		return;
	clock_gettime(CLOCK_REALTIME, &ts);
	fprintf(out, "%lld.%03ld %s %s dom%d: ", (long long)ts.tv_sec,
		ts.tv_nsec / 1000000, log_prog, names[lvl], domid);
	va_start(ap, fmt);
	vfprintf(out, fmt, ap);
	va_end(ap);
	fputc('\n', out);
	fflush(out);
}

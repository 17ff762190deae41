/* `xm uptime`'s lines, as Xen 4.1's xm/main.py xm_uptime printed them.
 * Pure. */
#ifndef XM_UPTIME_FORMAT_H
#define XM_UPTIME_FORMAT_H

#include <stdbool.h>
#include <stddef.h>

/* The header "%-33s %4s %s " (Name ID Uptime, with 4.1's trailing
 * blank), written to out; the long form only. */
void xm_uptime_header(char *out, size_t len);

/* One domain up for secs seconds (rounded by the caller): long form
 * "%-32s %5s [D day(s), ]HH:MM:SS" with the hours as "%2d"; short (-s)
 * " HH:MM:SS up [D day(s), ]HH:MM, NAME (ID)" with clock (the local time
 * now as "HH:MM:SS"). */
void xm_uptime_line(char *out, size_t len, const char *name, const char *domid,
                    long long secs, bool short_form, const char *clock);

#endif

/* xm uptime's layout (see xm_uptime_format.h). Pure. */
#include "xm_uptime_format.h"

#include <stdio.h>

void xm_uptime_header(char *out, size_t len)
{
    snprintf(out, len, "%-33s %4s %s ", "Name", "ID", "Uptime");
}

void xm_uptime_line(char *out, size_t len, const char *name, const char *domid,
                    long long secs, bool short_form, const char *clock)
{
    long long days = secs / 86400, h = secs % 86400 / 3600, m = secs % 3600 / 60,
              s = secs % 60;
    char d[48] = "";

    if (days > 0)
        snprintf(d, sizeof(d), "%lld day%s, ", days, days > 1 ? "s" : "");
    if (short_form)
        snprintf(out, len, " %s up %s%2lld:%02lld, %s (%s)", clock, d, h, m, name, domid);
    else
        snprintf(out, len, "%-32s %5s %s%2lld:%02lld:%02lld", name, domid, d, h, m, s);
}

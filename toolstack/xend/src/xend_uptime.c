/* start_time and up_time of the domains xend built (see xend_uptime.h). */
#include "xend_uptime.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void)
{
    struct timespec t;

    clock_gettime(CLOCK_REALTIME, &t);
    return (double)t.tv_sec + t.tv_nsec / 1e9;
}

void xend_uptime_mark(struct xend_xen *x, const char *uuid)
{
    char path[80], v[32], *old;
    unsigned int len;

    if (!x->xs)
        return;
    snprintf(path, sizeof(path), "/vm/%s/start_time", uuid);
    if ((old = xs_read(x->xs, XBT_NULL, path, &len))) {
        free(old);
        return;
    }
    snprintf(v, sizeof(v), "%.2f", now());
    xs_write(x->xs, XBT_NULL, path, v, strlen(v));
}

bool xend_uptime_push(struct xend_xen *x, struct sxp *rec)
{
    const char *uuid = sxp_child_value(rec, "uuid", NULL);
    char path[80], up[32], *start, *end;
    unsigned int len;
    double t;
    bool ok;

    if (!x->xs || !uuid)
        return true;
    snprintf(path, sizeof(path), "/vm/%s/start_time", uuid);
    if (!(start = xs_read(x->xs, XBT_NULL, path, &len)))
        return true;
    t = strtod(start, &end);
    snprintf(up, sizeof(up), "%.2f", now() - t);
    ok = end == start || *end || (sxp_push_pair(rec, "start_time", start) &&
                                  sxp_push_pair(rec, "up_time", up));
    free(start);
    if (!ok)
        sxp_free(rec);
    return ok;
}

int xend_xen_log(struct xend_xen *x, struct sxp *out, char **why)
{
    FILE *f = x->logfile ? fopen(x->logfile, "re") : NULL;
    char *text;
    size_t n;
    long size;

    if (!f) {
        if (asprintf(why, "%s: %s", x->logfile ? x->logfile : "no log file",
                     strerror(x->logfile ? errno : ENOENT)) < 0)
            *why = NULL;
        return -ENOENT;
    }
    /* The last XEND_LOG_MAX bytes: a reply has its limit. */
    if (fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) > (long)XEND_LOG_MAX)
        fseek(f, size - (long)XEND_LOG_MAX, SEEK_SET);
    else
        rewind(f);
    text = malloc(XEND_LOG_MAX + 1);
    n = text ? fread(text, 1, XEND_LOG_MAX, f) : 0;
    fclose(f);
    if (!text)
        return -ENOMEM;
    text[n] = '\0';
    n = (sxp_list_new(out, "log") && sxp_push_atom(out, text)) ? 0 : 1;
    free(text);
    return n ? -ENOMEM : 0;
}

/* xm uptime [-s] [Domain ...] and xm log (guide 6.1.1, 6.1.2): each
 * domain's up_time from xend's list, Domain-0's from /proc/uptime, as xm
 * 4.1; xm log prints xend's log file as xend sends it. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "xm_client.h"
#include "xm_cmds.h"
#include "xm_uptime_format.h"

/* Python 2's round(): halves away from zero (the seconds are >= 0). */
static long long round_secs(double s)
{
    return s > 0 ? (long long)(s + 0.5) : 0;
}

static long long dom0_uptime(void)
{
    FILE *f = fopen("/proc/uptime", "re");
    double up = 0;

    if (f) {
        if (fscanf(f, "%lf", &up) != 1)
            up = 0;
        fclose(f);
    }
    return round_secs(up);
}

int xm_uptime(int argc, char **argv)
{
    static const struct option opts[] = {
        { "short", no_argument, NULL, 's' }, { NULL, 0, NULL, 0 },
    };
    struct xend_request req = { .op = XEND_OP_LIST };
    struct xend_reply r;
    bool short_form = false;
    char line[512], clock[16];
    time_t t = time(NULL);
    int o, rc;

    optind = 1;
    opterr = 0;
    while ((o = getopt_long(argc, argv, "s", opts, NULL)) != -1) {
        if (o != 's')
            return xm_usage_error("uptime", "option %s not recognized", argv[optind - 1]);
        short_form = true;
    }
    req.domains = argv + optind;
    req.n_domains = (size_t)(argc - optind);
    if ((rc = xm_call(&req, &r)))
        return rc;
    if (r.err) {
        rc = xm_report_error(&r);
        sxp_free(&r.doc);
        return rc;
    }
    strftime(clock, sizeof(clock), "%H:%M:%S", localtime(&t));
    if (!short_form) {
        xm_uptime_header(line, sizeof(line));
        puts(line);
    }
    for (size_t i = 1; i < r.value->n; i++) {
        const struct sxp *d = &r.value->items[i];
        const char *domid = sxp_child_value(d, "domid", "");
        long long secs = !strcmp(domid, "0") ? dom0_uptime()
                         : round_secs(strtod(sxp_child_value(d, "up_time", "0"), NULL));

        if (!sxp_name(d) || strcmp(sxp_name(d), "domain"))
            continue;
        xm_uptime_line(line, sizeof(line), sxp_child_value(d, "name", ""), domid,
                       secs, short_form, clock);
        puts(line);
    }
    sxp_free(&r.doc);
    return 0;
}

/* xm log: xend's log file, through xend (Xen 4.1's node.log()). */
static char *log_text(const struct sxp *value)
{
    const char *text = value->n > 1 && value->items[1].kind == SXP_ATOM
                       ? value->items[1].atom : "";
    char *out = NULL;

    /* Python's print: the text and a newline. */
    if (asprintf(&out, "%s\n", text) < 0)
        return NULL;
    return out;
}

int xm_log(int argc, char **argv)
{
    struct xend_request req = { .op = XEND_OP_LOG };

    (void)argv;
    if (argc > 1)   /* xm 4.1's arg_check wording */
        return xm_usage_error("log", "'xm log' requires 0 arguments.");
    return xm_call_print(&req, "log", "log", log_text);
}

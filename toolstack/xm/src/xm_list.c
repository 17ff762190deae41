/* xm list [-l|--long] [Domain ...] (guide 3, 6.1.2). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xm_client.h"
#include "xm_cmds.h"
#include "xm_format.h"

int xm_list(int argc, char **argv)
{
    static const struct option opts[] = {
        { "long", no_argument, NULL, 'l' }, { NULL, 0, NULL, 0 },
    };
    struct xend_request req = { .op = XEND_OP_LIST };
    struct xend_reply r;
    int o, rc, use_long = 0;
    char *text;

    optind = 1;
    opterr = 0;
    while ((o = getopt_long(argc, argv, "l", opts, NULL)) != -1) {
        if (o == 'l')
            use_long = 1;
        else
            return xm_usage_error("list", "option %s not recognized",
                                  argv[optind - 1]);
    }
    req.domains = argv + optind;
    req.n_domains = (size_t)(argc - optind);
    rc = xm_call(&req, &r);
    if (rc)
        return rc;
    if (r.err) {
        rc = xm_report_error(&r);
    } else if (!sxp_name(r.value) || strcmp(sxp_name(r.value), "domains")) {
        fprintf(stderr, "Error: xend answered list with no (domains ...)\n");
        rc = 1;
    } else {
        text = use_long ? xm_format_long(r.value) : xm_format_list(r.value);
        if (text)
            fputs(text, stdout);
        else
            rc = 1;
        free(text);
    }
    sxp_free(&r.doc);
    return rc;
}

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
    int o, use_long = 0;

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
    return xm_call_print(&req, "list", "domains", use_long ? xm_format_long : xm_format_list);
}

/* xm migrate [-l|--live] [-p PORT|--port=PORT] [-s|--ssl] <Domain> <Host>
 * (guide 6.3): the local xend sends the domain to Host's relocation
 * server, over TLS with --ssl (or when xend-relocation-ssl is yes); its
 * port, unless given, is the one this host's xend-config.sxp names for
 * that server, as Xen 4.1's xm had it. Silent on success, as xm 4.1 was. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xm_client.h"
#include "xm_cmds.h"

int xm_migrate(int argc, char **argv)
{
    static const struct option opts[] = {
        { "live", no_argument, NULL, 'l' }, { "port", required_argument, NULL, 'p' },
        { "ssl", no_argument, NULL, 's' }, { NULL, 0, NULL, 0 },
    };
    struct xend_request req = { .op = XEND_OP_MIGRATE };
    char *args[4], *end;
    const char *port = "0";
    int o, live = 0, ssl = 0;

    optind = 1;
    opterr = 0;
    while ((o = getopt_long(argc, argv, "lp:s", opts, NULL)) != -1) {
        if (o == 'l') {
            live = 1;
        } else if (o == 's') {
            ssl = 1;
        } else if (o == 'p') {
            long v = strtol(optarg, &end, 10);

            if (*end || end == optarg || v < 1 || v > 65535)
                return xm_usage_error("migrate", "invalid port: %s", optarg);
            port = optarg;
        } else {
            return xm_usage_error("migrate", "option %s not recognized", argv[optind - 1]);
        }
    }
    if (argc - optind != 2 || !argv[optind][0] || !argv[optind + 1][0])
        return xm_usage_error("migrate", "'xm migrate' requires 2 arguments.");
    args[0] = argv[optind + 1];
    args[1] = (char *)port;
    args[2] = live ? "live" : "plain";
    args[3] = ssl ? "ssl" : "default";
    req.domains = argv + optind;
    req.n_domains = 1;
    req.args = args;
    req.n_args = 4;
    return xm_call_quiet(&req);
}

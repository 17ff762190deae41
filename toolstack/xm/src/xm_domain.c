/* xm destroy DOM, xm pause DOM, xm unpause DOM and xm dmesg [-c|--clear]
 * (guide 6.1.2). */
#include <stdio.h>
#include <string.h>

#include "xm_client.h"
#include "xm_cmds.h"

/* A command on one domain, with nothing to print but errors. */
static int one_domain(enum xend_op op, const char *cmd, int argc, char **argv)
{
    struct xend_request req = { .op = op };
    struct xend_reply r;
    int rc;

    if (argc != 2 || argv[1][0] == '-')
        return xm_usage_error(cmd, "'xm %s' requires 1 argument.", cmd);
    req.domains = argv + 1;
    req.n_domains = 1;
    rc = xm_call(&req, &r);
    if (rc)
        return rc;
    if (r.err)
        rc = xm_report_error(&r);
    sxp_free(&r.doc);
    return rc;
}

int xm_destroy(int argc, char **argv)
{
    return one_domain(XEND_OP_DESTROY, "destroy", argc, argv);
}

int xm_pause(int argc, char **argv)
{
    return one_domain(XEND_OP_PAUSE, "pause", argc, argv);
}

int xm_unpause(int argc, char **argv)
{
    return one_domain(XEND_OP_UNPAUSE, "unpause", argc, argv);
}

int xm_dmesg(int argc, char **argv)
{
    struct xend_request req = { .op = XEND_OP_DMESG };
    struct xend_reply r;
    const char *text;
    int rc;

    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-c") || !strcmp(argv[i], "--clear"))
            req.clear = true;
        else
            return xm_usage_error("dmesg", "option %s not recognized", argv[i]);
    }
    rc = xm_call(&req, &r);
    if (rc)
        return rc;
    if (r.err) {
        rc = xm_report_error(&r);
    } else if (!sxp_name(r.value) || strcmp(sxp_name(r.value), "dmesg") ||
               r.value->n != 2 || r.value->items[1].kind != SXP_ATOM) {
        fputs("Error: xend answered dmesg with no (dmesg TEXT)\n", stderr);
        rc = 1;
    } else {
        text = r.value->items[1].atom;
        fputs(text, stdout);
        if (*text && text[strlen(text) - 1] != '\n')
            putchar('\n');
    }
    sxp_free(&r.doc);
    return rc;
}

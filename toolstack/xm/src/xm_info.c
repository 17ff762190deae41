/* xm info: the host, its CPUs and memory and Xen (guide 3, 6.4). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xm_client.h"
#include "xm_cmds.h"
#include "xm_format.h"

int xm_info(int argc, char **argv)
{
    struct xend_request req = { .op = XEND_OP_INFO };
    struct xend_reply r;
    char *text;
    int rc;

    if (argc > 1)
        return xm_usage_error("info", "'xm info' takes no arguments, got '%s'", argv[1]);
    rc = xm_call(&req, &r);
    if (rc)
        return rc;
    if (r.err) {
        rc = xm_report_error(&r);
    } else if (!sxp_name(r.value) || strcmp(sxp_name(r.value), "node")) {
        fprintf(stderr, "Error: xend answered info with no (node ...)\n");
        rc = 1;
    } else {
        text = xm_format_info(r.value);
        if (text)
            fputs(text, stdout);
        else
            rc = 1;
        free(text);
    }
    sxp_free(&r.doc);
    return rc;
}

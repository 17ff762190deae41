/* xm info: the host, its CPUs and memory and Xen (guide 3, 6.4). */
#include <stdio.h>

#include "xm_client.h"
#include "xm_cmds.h"
#include "xm_format.h"

int xm_info(int argc, char **argv)
{
    struct xend_request req = { .op = XEND_OP_INFO };

    if (argc > 1)
        return xm_usage_error("info", "'xm info' takes no arguments, got '%s'", argv[1]);
    return xm_call_print(&req, "info", "node", xm_format_info);
}

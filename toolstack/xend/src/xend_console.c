/* (console NAME-OR-ID): where xm attaches to a domain's console, as xm
 * 4.1's console command found it (xenconsole reads the pty xenconsoled
 * publishes in /local/domain/<id>/console/tty). The node may not be
 * there yet right after a create: xm asks again. */
#include "xend_xen.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xend_errors.h"
#include "xend_store.h"

int xend_xen_console(struct xend_xen *x, const struct xend_request *req,
                     struct sxp *out, char **why, const char **subject)
{
    const char *want = req->domains[0];
    char path[64], *tty = NULL, *name;
    unsigned int len = 0;
    uint32_t domid;
    int rc = xend_xen_find_domain(x, want, &domid, why, subject);

    if (rc)
        return rc;
    snprintf(path, sizeof(path), "/local/domain/%" PRIu32 "/console/tty", domid);
    if (x->xs)
        tty = xs_read(x->xs, XBT_NULL, path, &len);
    name = xend_store_name(x->xs, domid);
    rc = sxp_list_new(out, "console") && sxp_push_int(out, "domid", domid) &&
         sxp_push_pair(out, "name", name ? name : want) &&
         (!tty || sxp_push_pair(out, "tty", tty)) ? 0 : -ENOMEM;
    free(tty);
    free(name);
    return rc;
}

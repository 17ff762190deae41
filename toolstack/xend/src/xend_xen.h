/* xend's side of Xen: the libxenctrl and libxenstore calls behind list
 * and info. docs/xend-xen-calls.md lists each call with the domctl,
 * sysctl or version op it makes: what our hypervisor must answer. */
#ifndef XEND_XEN_H
#define XEND_XEN_H

#include <xenctrl.h>
#include <xenstore.h>

#include "sxp.h"
#include "xend_api.h"

struct xend_xen {
    xc_interface *xch;
    struct xs_handle *xs;       /* NULL when xenstored is not there */
    unsigned long page_size;    /* XENVER_pagesize */
    int xend_config_format;
};

/* 0, or -1 with errno (and a message logged). */
int xend_xen_open(struct xend_xen *x);
void xend_xen_close(struct xend_xen *x);

/* (domains (domain ...) ...) for req; 0, or a negative errno with *why
 * malloc'd and *subject pointing at the domain asked for (-ESRCH). */
int xend_xen_list(struct xend_xen *x, const struct xend_request *req,
                  struct sxp *out, char **why, const char **subject);
/* (node ...) as xm info shows it; 0 or a negative errno with *why. */
int xend_xen_info(struct xend_xen *x, struct sxp *out, char **why);

#endif

/* xend's side of Xen: the libxenctrl and libxenstore calls behind list
 * and info. docs/xend-xen-calls.md lists each call with the domctl,
 * sysctl or version op it makes: what our hypervisor must answer. */
#ifndef XEND_XEN_H
#define XEND_XEN_H

#include <xenctrl.h>
#include <xenforeignmemory.h>
#include <xenstore.h>

#include "sxp.h"
#include "xend_api.h"
#include "xend_errors.h"

struct xend_xen {
    xc_interface *xch;
    struct xs_handle *xs;       /* NULL when xenstored is not there */
    xenforeignmemory_handle *fmem;  /* the builder's guest mappings */
    unsigned long page_size;    /* XENVER_pagesize */
    int xend_config_format;
    const char *logfile;        /* xend.log, for xm log */
    const char *vif_script;     /* xend-config.sxp's vif-script */
    unsigned relocation_port;   /* xend-relocation-port: xm migrate's default */
    unsigned relocation_ssl_port;   /* xend-relocation-ssl-port: the same, with TLS */
    bool relocation_ssl;        /* xend-relocation-ssl: xm migrate uses TLS */
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

/* The domain named or numbered want: 0 with *domid, -ESRCH when there is
 * none, another negative errno (with *why) when Xen could not list. */
int xend_xen_find(struct xend_xen *x, const char *want, uint32_t *domid, char **why);

/* xend_ops.c: create, destroy and dmesg. Each returns 0 with *out set, or
 * a negative errno with *why malloc'd (and *subject pointing at the
 * domain asked for, for -ESRCH). */
int xend_xen_create(struct xend_xen *x, const struct xend_request *req,
                    struct sxp *out, char **why);
int xend_xen_destroy(struct xend_xen *x, const struct xend_request *req,
                     struct sxp *out, char **why, const char **subject);
/* 0 when no domain has this name; -EEXIST with *why as xend 4.1 refused a
 * second domain of the same name (create, restore); another negative
 * errno when Xen could not list. */
int xend_xen_name_free(struct xend_xen *x, const char *name, char **why);
/* The domain paused, destroyed, its nodes removed and forgotten (destroy's
 * work; save's last step). 0, or -1 with errno from xc_domain_destroy. */
int xend_xen_destroy_domid(struct xend_xen *x, uint32_t domid);
/* The domain's whole HVM context (XEN_DOMCTL_gethvmcontext, asked its
 * size first): a malloc'd blob of *size bytes, or NULL with errno. */
uint8_t *xend_xen_hvm_context(struct xend_xen *x, uint32_t domid, uint32_t *size);
int xend_xen_dmesg(struct xend_xen *x, const struct xend_request *req,
                   struct sxp *out, char **why);
/* pause (req->op XEND_OP_PAUSE) or unpause a domain by the toolstack, as
 * xm 4.1: Domain-0 is refused; Xen's error (an unpause of a domain not
 * paused) is passed on. */
int xend_xen_pause(struct xend_xen *x, const struct xend_request *req,
                   struct sxp *out, char **why, const char **subject);
/* shutdown (XEND_OP_SHUTDOWN: "poweroff") or reboot: asked of the guest
 * through its control/shutdown node, as xm 4.1 and libxl ask a PV-aware
 * guest; what follows is the guest's doing, then xend's on_* action.
 * Domain-0 is refused. */
int xend_xen_shutdown(struct xend_xen *x, const struct xend_request *req,
                      struct sxp *out, char **why, const char **subject);

/* xend_console.c: the domain's ID, name and, once xenconsoled has
 * published it, its console pty: (console (domid N) (name X) [(tty P)]). */
int xend_xen_console(struct xend_xen *x, const struct xend_request *req,
                     struct sxp *out, char **why, const char **subject);

#endif

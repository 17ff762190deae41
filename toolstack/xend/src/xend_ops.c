/* create, destroy, pause, unpause, shutdown, reboot and dmesg (see
 * xend_xen.h): the requests that change
 * or read the hypervisor's state beyond list and info. */
#include "xend_xen.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "daemon_log.h"
#include "xend_build.h"
#include "xend_domains.h"
#include "xend_errors.h"
#include "xend_store.h"
#include "xend_vdev.h"
#include "xend_vm.h"

/* Xen's console ring is read in chunks of this size (as xl dmesg does),
 * up to a whole ring of at most DMESG_MAX. */
#define DMESG_CHUNK 16384
#define DMESG_MAX (16u << 20)

static int domain_reply(uint32_t domid, const char *name, struct sxp *out)
{
    return sxp_list_new(out, "domain") && sxp_push_int(out, "domid", domid) &&
           sxp_push_pair(out, "name", name) ? 0 : -ENOMEM;
}

int xend_xen_name_free(struct xend_xen *x, const char *name, char **why)
{
    uint32_t domid;
    char *lookup_why = NULL;
    int rc = xend_xen_find(x, name, &domid, &lookup_why);

    free(lookup_why);
    if (rc == 0)
        return xend_say(why, EEXIST, "Domain '%s' already exists with ID '%" PRIu32 "'",
                        name, domid);
    return rc == -ESRCH ? 0 : rc;
}

int xend_xen_create(struct xend_xen *x, const struct xend_request *req,
                    struct sxp *out, char **why)
{
    struct xend_vm_spec s;
    struct sxp vm = { 0 };
    uint8_t rnd[3 * 64];
    uint32_t domid;
    int rc;

    /* The record kept (and built again at a restart) has each vif's MAC. */
    if (getrandom(rnd, sizeof(rnd), 0) != sizeof(rnd))
        return xend_say(why, EIO, "getrandom: %s", strerror(errno));
    if ((rc = xend_vdev_fix_macs(&req->vm, rnd, sizeof(rnd), &vm)))
        return xend_say(why, -rc, "vm: %s", rc == -E2BIG ? "too many vifs" : strerror(-rc));
    if ((rc = xend_vm_spec_parse(&vm, &s, why))) {
        sxp_free(&vm);
        return rc;
    }
    if (!(rc = xend_xen_name_free(x, s.name, why)))
        rc = xend_build_pvh(x, &s, &domid, why);
    if (rc == 0) {
        daemon_log(DLOG_INFO, (int)domid, "created domain %s (id %" PRIu32 "): kernel %s, "
                   "%" PRIu64 " MiB, %u vCPUs, cmdline '%s'", s.name, domid,
                   s.kernel, s.memory_mib, s.vcpus, s.cmdline);
        rc = domain_reply(domid, s.name, out);
        xend_domains_add(x, domid, &vm);
    }
    xend_vm_spec_free(&s);
    sxp_free(&vm);
    return rc;
}

int xend_xen_destroy_domid(struct xend_xen *x, uint32_t domid)
{
    /* libxl__destroy_domid: paused first, so it runs no more while its
     * nodes go; then the domain itself. */
    xc_domain_pause(x->xch, domid);
    if (xc_domain_destroy(x->xch, domid) < 0)
        return -1;
    xend_store_remove(x->xs, domid);
    xend_domains_forget(domid);
    return 0;
}

int xend_xen_destroy(struct xend_xen *x, const struct xend_request *req,
                     struct sxp *out, char **why, const char **subject)
{
    const char *want = req->domains[0];
    uint32_t domid;
    char *name;
    int rc = xend_xen_find_domain(x, want, &domid, why, subject);

    if (rc)
        return rc;
    if (domid == 0)
        return xend_say(why, EPERM, "Cannot destroy privileged domain %s", want);
    name = xend_store_name(x->xs, domid);
    if (xend_xen_destroy_domid(x, domid) < 0) {
        rc = xend_say(why, errno, "xc_domain_destroy: %s", strerror(errno));
        free(name);
        return rc;
    }
    daemon_log(DLOG_INFO, (int)domid, "destroyed domain %s (id %" PRIu32 ")",
               name ? name : want, domid);
    rc = domain_reply(domid, name ? name : want, out);
    free(name);
    return rc;
}

int xend_xen_dmesg(struct xend_xen *x, const struct xend_request *req,
                   struct sxp *out, char **why)
{
    char *text = NULL, *t;
    size_t len = 0;
    uint32_t index = 0;
    int rc = 0;

    for (;;) {
        unsigned int n = DMESG_CHUNK;
        t = realloc(text, len + DMESG_CHUNK + 1);
        if (!t) {
            rc = -ENOMEM;
            break;
        }
        text = t;
        /* incremental: from index on, which Xen moves past what it gave. */
        if (xc_readconsolering(x->xch, text + len, &n, req->clear, 1, &index) < 0) {
            rc = xend_say(why, errno, "xc_readconsolering: %s", strerror(errno));
            break;
        }
        len += n;
        if (!n || len >= DMESG_MAX)
            break;
    }
    if (!rc) {
        text[len] = '\0';
        if (!sxp_list_new(out, "dmesg") || !sxp_push_atom(out, text))
            rc = -ENOMEM;
    }
    free(text);
    return rc;
}

int xend_xen_pause(struct xend_xen *x, const struct xend_request *req,
                   struct sxp *out, char **why, const char **subject)
{
    const char *want = req->domains[0], *verb = req->op == XEND_OP_PAUSE ? "pause" : "unpause";
    uint32_t domid;
    char *name;
    int rc = xend_xen_find_domain(x, want, &domid, why, subject);

    if (rc)
        return rc;
    if (domid == 0)
        return xend_say(why, EPERM, "Cannot %s privileged domain %s", verb, want);
    if ((req->op == XEND_OP_PAUSE ? xc_domain_pause(x->xch, domid)
                                  : xc_domain_unpause(x->xch, domid)) < 0)
        return xend_say(why, errno, "xc_domain_%s: %s", verb, strerror(errno));
    name = xend_store_name(x->xs, domid);
    daemon_log(DLOG_INFO, (int)domid, "%sd domain %s (id %" PRIu32 ")", verb,
               name ? name : want, domid);
    rc = domain_reply(domid, name ? name : want, out);
    free(name);
    return rc;
}

int xend_xen_shutdown(struct xend_xen *x, const struct xend_request *req,
                      struct sxp *out, char **why, const char **subject)
{
    const char *want = req->domains[0];
    const char *what = req->op == XEND_OP_REBOOT ? "reboot" : "poweroff";
    char path[64], *name;
    uint32_t domid;
    int rc = xend_xen_find_domain(x, want, &domid, why, subject);

    if (rc)
        return rc;
    if (domid == 0)
        return xend_say(why, EPERM, "Cannot %s privileged domain %s",
                   req->op == XEND_OP_REBOOT ? "reboot" : "shutdown", want);
    snprintf(path, sizeof(path), "/local/domain/%" PRIu32 "/control/shutdown", domid);
    if (!x->xs || !xs_write(x->xs, XBT_NULL, path, what, strlen(what)))
        return xend_say(why, x->xs ? errno : ENOSYS, "xenstore: writing %s: %s", path,
                   x->xs ? strerror(errno) : "no xenstored");
    name = xend_store_name(x->xs, domid);
    daemon_log(DLOG_INFO, (int)domid, "asked domain %s (id %" PRIu32 ") to %s",
               name ? name : want, domid, what);
    rc = domain_reply(domid, name ? name : want, out);
    free(name);
    return rc;
}

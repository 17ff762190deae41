/* vcpu-set, mem-set and sysrq through the guest's xenstore nodes (see
 * xend_tune.h). */
#include "xend_tune.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "daemon_log.h"
#include "xend_store.h"

/* A whole decimal number, or -1. */
static long long whole(const char *s)
{
    char *end;
    long long n;

    errno = 0;
    n = strtoll(s, &end, 10);
    return errno || end == s || *end ? -1 : n;
}

static bool put(struct xend_xen *x, xs_transaction_t t, const char *path, const char *v)
{
    return xs_write(x->xs, t, path, v, strlen(v));
}

/* The nodes in one transaction, retried while xenstored says EAGAIN. */
static int vcpu_set(struct xend_xen *x, uint32_t domid, const char *vm, long long n,
                    unsigned max, char **why)
{
    char path[128], v[32];
    bool ok;

    if (n <= 0)
        return xend_say(why, EINVAL, "Zero or less VCPUs is invalid");
    if (n > max)
        return xend_say(why, EINVAL, "Cannot set vcpus greater than max vcpus on running domain");
    do {
        xs_transaction_t t = xs_transaction_start(x->xs);

        ok = t != XBT_NULL;
        for (unsigned i = 0; ok && i < max; i++) {
            snprintf(path, sizeof(path), "/local/domain/%" PRIu32 "/cpu/%u/availability",
                     domid, i);
            ok = put(x, t, path, i < n ? "online" : "offline");
        }
        if (ok && vm) {
            snprintf(path, sizeof(path), "%s/vcpu_avail", vm);
            snprintf(v, sizeof(v), "%llu", n >= 64 ? ~0ull : (1ull << n) - 1);
            ok = put(x, t, path, v);
        }
        if (t != XBT_NULL && !xs_transaction_end(x->xs, t, !ok) && ok && errno == EAGAIN)
            continue;
        break;
    } while (1);
    return ok ? 0 : xend_say(why, errno, "xenstore: /local/domain/%" PRIu32 "/cpu: %s", domid,
                             strerror(errno));
}

static int mem_set(struct xend_xen *x, uint32_t domid, const char *vm, long long mib,
                   uint64_t max_mib, char **why)
{
    char path[128], v[32];

    if (mib <= 0)
        return xend_say(why, EINVAL, "Invalid memory size %lld MiB", mib);
    if ((uint64_t)mib > max_mib)
        return xend_say(why, EINVAL, "memory_dynamic_max must be less than or equal to "
                        "memory_static_max");
    snprintf(path, sizeof(path), "/local/domain/%" PRIu32 "/memory/target", domid);
    snprintf(v, sizeof(v), "%llu", (unsigned long long)mib << 10);
    if (!put(x, XBT_NULL, path, v))
        return xend_say(why, errno, "xenstore: %s: %s", path, strerror(errno));
    if (vm) {
        snprintf(path, sizeof(path), "%s/memory", vm);
        snprintf(v, sizeof(v), "%lld", mib);
        put(x, XBT_NULL, path, v);
    }
    return 0;
}

int xend_xen_tune(struct xend_xen *x, const struct xend_request *req, struct sxp *out,
                  char **why, const char **subject)
{
    const char *want = req->domains[0], *arg = req->args[0];
    xc_domaininfo_t info;
    char path[64], *vm, *name;
    unsigned int len;
    uint32_t domid;
    int rc = xend_xen_find_domain(x, want, &domid, why, subject);

    if (rc)
        return rc;
    if (!x->xs)
        return xend_say(why, ENOSYS, "xend has no xenstore connection");
    if (xc_domain_getinfolist(x->xch, domid, 1, &info) != 1 || info.domain != domid)
        return xend_say(why, ESRCH, "Domain '%s' does not exist.", want);
    snprintf(path, sizeof(path), "/local/domain/%" PRIu32 "/vm", domid);
    vm = xs_read(x->xs, XBT_NULL, path, &len);
    switch (req->op) {
    case XEND_OP_VCPU_SET:
        rc = vcpu_set(x, domid, vm, whole(arg), info.max_vcpu_id + 1, why);
        break;
    case XEND_OP_MEM_SET:
        rc = mem_set(x, domid, vm, whole(arg),
                     (uint64_t)info.max_pages * x->page_size >> 20, why);
        break;
    default:
        if (info.flags & XEN_DOMINF_shutdown)
            rc = xend_say(why, EINVAL, "Domain '%s' is not started", want);
        else if (strlen(arg) != 1)
            rc = xend_say(why, EINVAL, "sysrq: KEY is one character, not '%s'", arg);
        else {
            snprintf(path, sizeof(path), "/local/domain/%" PRIu32 "/control/sysrq", domid);
            rc = put(x, XBT_NULL, path, arg) ? 0
                 : xend_say(why, errno, "xenstore: %s: %s", path, strerror(errno));
        }
        break;
    }
    free(vm);
    if (rc)
        return rc;
    name = xend_store_name(x->xs, domid);
    daemon_log(DLOG_INFO, (int)domid, "%s %s of domain %s (id %" PRIu32 ")",
               req->op == XEND_OP_VCPU_SET ? "vcpu-set" : req->op == XEND_OP_MEM_SET
               ? "mem-set" : "sysrq", arg, name ? name : want, domid);
    rc = sxp_list_new(out, "domain") && sxp_push_int(out, "domid", domid) &&
         sxp_push_pair(out, "name", name ? name : want) ? 0 : -ENOMEM;
    free(name);
    return rc;
}

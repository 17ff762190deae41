/* The domain's xenstore nodes (see xend_store.h). Permissions as libxl's:
 * the domain's folders owned by dom0 and readable by the domain ("ro"),
 * the ones the guest writes (control/shutdown, data, ...) owned by it
 * ("rw"); xenstore.txt, "Permissions". */
#include "xend_store.h"

#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "daemon_log.h"
#include "xend_saved.h"
#include "xend_devices.h"

/* LIBXL_XENCONSOLE_LIMIT: bytes xenconsoled buffers per console. */
#define CONSOLE_LIMIT "1048576"

static bool put(struct xs_handle *xs, xs_transaction_t t, const char *path,
                const char *value, const struct xs_permissions *perms)
{
    return xs_write(xs, t, path, value, strlen(value)) &&
           (!perms || xs_set_permissions(xs, t, path, (struct xs_permissions *)perms, 2));
}

static bool write_all(struct xs_handle *xs, xs_transaction_t t,
                      const struct xend_store_domain *d)
{
    const struct xs_permissions ro[2] = { { .id = 0, .perms = XS_PERM_NONE },
                                          { .id = d->domid, .perms = XS_PERM_READ } };
    const struct xs_permissions rw[2] = { { .id = d->domid, .perms = XS_PERM_NONE },
                                          { .id = 0, .perms = XS_PERM_NONE } };
    static const char *const guest_rw[] = {
        "control/shutdown", "control/feature-poweroff", "control/feature-reboot",
        "control/feature-suspend", "control/sysrq", "data", "drivers",
        "feature", "attr", "error",
    };
    char dom[64], vm[64], p[128], v[64], uuid[37];
    bool ok;

    xend_uuid_format(d->uuid, uuid);
    snprintf(dom, sizeof(dom), "/local/domain/%" PRIu32, d->domid);
    snprintf(vm, sizeof(vm), "/vm/%s", uuid);
#define AT(fmt, ...) (snprintf(p, sizeof(p), fmt, __VA_ARGS__), p)
#define NUM(fmt, ...) (snprintf(v, sizeof(v), fmt, __VA_ARGS__), v)
    ok = put(xs, t, dom, "", ro) && put(xs, t, vm, "", ro) &&
         put(xs, t, AT("%s/vm", dom), vm, NULL) &&
         put(xs, t, AT("%s/name", dom), d->name, NULL) &&
         put(xs, t, AT("%s/uuid", vm), uuid, NULL) &&
         put(xs, t, AT("%s/name", vm), d->name, NULL) &&
         put(xs, t, AT("%s/control", dom), "", ro) &&
         put(xs, t, AT("%s/device", dom), "", ro);
    for (size_t i = 0; ok && i < sizeof(guest_rw) / sizeof(guest_rw[0]); i++)
        ok = put(xs, t, AT("%s/%s", dom, guest_rw[i]), "", rw);
    /* libxl__build_post (videoram 0: a PVH domain has no VGA). */
    ok = ok && put(xs, t, AT("%s/memory/static-max", dom), NUM("%" PRIu64, d->maxmem_kb), NULL) &&
         put(xs, t, AT("%s/memory/target", dom), NUM("%" PRIu64, d->memory_kb), NULL) &&
         put(xs, t, AT("%s/memory/videoram", dom), "0", NULL) &&
         put(xs, t, AT("%s/domid", dom), NUM("%" PRIu32, d->domid), NULL) &&
         put(xs, t, AT("%s/store/port", dom), NUM("%" PRIu32, d->store_port), NULL) &&
         put(xs, t, AT("%s/store/ring-ref", dom), NUM("%" PRIu64, d->store_gfn), NULL);
    for (unsigned i = 0; ok && i < d->vcpus; i++)
        ok = put(xs, t, AT("%s/cpu/%u/availability", dom, i), "online", NULL);
    /* The console (libxl__device_console_add for the primary console). */
    ok = ok && put(xs, t, AT("%s/console/port", dom), NUM("%" PRIu32, d->console_port), NULL) &&
         put(xs, t, AT("%s/console/ring-ref", dom), NUM("%" PRIu64, d->console_gfn), NULL) &&
         put(xs, t, AT("%s/console/limit", dom), CONSOLE_LIMIT, NULL) &&
         put(xs, t, AT("%s/console/type", dom), "xenconsoled", NULL) &&
         put(xs, t, AT("%s/console/output", dom), "pty", NULL);
#undef AT
#undef NUM
    return ok;
}

int xend_store_transact(struct xs_handle *xs,
                        bool (*write)(struct xs_handle *, xs_transaction_t, const void *),
                        const void *ctx)
{
    for (int tries = 0; tries < 8; tries++) {
        xs_transaction_t t = xs_transaction_start(xs);
        if (t == XBT_NULL)
            return -(errno ? errno : EIO);
        if (!write(xs, t, ctx)) {
            int err = errno ? errno : EIO;
            xs_transaction_end(xs, t, true);
            return -err;
        }
        if (xs_transaction_end(xs, t, false))
            return 0;
        if (errno != EAGAIN)
            return -(errno ? errno : EIO);
    }
    return -EAGAIN;
}

static bool write_domain(struct xs_handle *xs, xs_transaction_t t, const void *d)
{
    return write_all(xs, t, d);
}

int xend_store_make(struct xs_handle *xs, const struct xend_store_domain *d)
{
    return xend_store_transact(xs, write_domain, d);
}

int xend_store_introduce(struct xs_handle *xs, const struct xend_store_domain *d)
{
    if (!xs_introduce_domain(xs, d->domid, d->store_gfn, d->store_port))
        return -(errno ? errno : EIO);
    return 0;
}

void xend_store_remove(struct xs_handle *xs, uint32_t domid)
{
    char dom[64], vm_node[80], *vm;
    unsigned len;

    if (!xs)
        return;
    /* Its devices' backends first: their scripts read the nodes. */
    xend_devices_remove(xs, domid);
    snprintf(dom, sizeof(dom), "/local/domain/%" PRIu32, domid);
    snprintf(vm_node, sizeof(vm_node), "%s/vm", dom);
    vm = xs_read(xs, XBT_NULL, vm_node, &len);
    if (vm && !strncmp(vm, "/vm/", 4) && !xs_rm(xs, XBT_NULL, vm) && errno != ENOENT)
        daemon_log(DLOG_WARN, (int)domid, "xs_rm %s: %m", vm);
    free(vm);
    xend_store_rm_if_empty(xs, "/vm");
    if (!xs_rm(xs, XBT_NULL, dom) && errno != ENOENT)
        daemon_log(DLOG_WARN, (int)domid, "xs_rm %s: %m", dom);
    /* xenstored also drops a dead domain by itself (@releaseDomain); an
     * error here means it already has. */
    if (!xs_release_domain(xs, domid))
        daemon_log(DLOG_DEBUG, (int)domid, "xs_release_domain: %m");
}

void xend_store_rm_if_empty(struct xs_handle *xs, const char *path)
{
    unsigned n = 1;
    char **sub = xs_directory(xs, XBT_NULL, path, &n);

    if (sub && n == 0 && !xs_rm(xs, XBT_NULL, path) && errno != ENOENT)
        daemon_log(DLOG_WARN, -1, "xs_rm %s: %m", path);
    free(sub);
}

char *xend_store_name(struct xs_handle *xs, uint32_t domid)
{
    char path[64];
    unsigned len;

    if (!xs)
        return NULL;
    snprintf(path, sizeof(path), "/local/domain/%" PRIu32 "/name", domid);
    return xs_read(xs, XBT_NULL, path, &len);
}

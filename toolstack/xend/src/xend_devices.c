/* Device set-up and teardown in dom0 (see xend_devices.h). */
#include "xend_devices.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#include <xen/io/xenbus.h>

#include "daemon_log.h"
#include "xend_hotplug.h"
#include "xend_store.h"
#include "xend_vdev.h"

/* How long the backend driver has to reach InitWait (Xen 4.1's xend gave
 * devices DEVICE_CREATE_TIMEOUT, 100 s; blkback and netback answer at
 * once, so a long wait only means the driver is not loaded). */
#define BACKEND_WAIT_MS 10000
#define BACKEND_BASE "/local/domain/0/backend"

static char *read_node(struct xs_handle *xs, const char *dir, const char *key)
{
    char path[512];
    unsigned len;

    snprintf(path, sizeof(path), "%s/%s", dir, key);
    return xs_read(xs, XBT_NULL, path, &len);
}

static bool write_side(struct xs_handle *xs, xs_transaction_t t, const char *dir,
                       const struct xend_node *n, size_t count, unsigned owner, unsigned reader)
{
    struct xs_permissions perms[2] = { { .id = owner, .perms = XS_PERM_NONE },
                                       { .id = reader, .perms = XS_PERM_READ } };
    char path[512];

    /* The folder first: the nodes under it inherit its permissions. */
    if (!xs_write(xs, t, dir, "", 0) || !xs_set_permissions(xs, t, dir, perms, 2))
        return false;
    for (size_t i = 0; i < count; i++) {
        snprintf(path, sizeof(path), "%s/%s", dir, n[i].key);
        if (!xs_write(xs, t, path, n[i].value, strlen(n[i].value)))
            return false;
    }
    return true;
}

/* Frontend and backend in one transaction: the backend driver reads the
 * frontend's path as soon as its folder appears. */
static bool write_both(struct xs_handle *xs, xs_transaction_t t, const void *ctx)
{
    const struct xend_dev_nodes *d = ctx;

    return write_side(xs, t, d->front, d->fnode, d->nfront, d->domid, 0) &&
           write_side(xs, t, d->back, d->bnode, d->nback, 0, d->domid);
}

static bool backend_ready(struct xs_handle *xs, const char *back)
{
    struct timespec tick = { .tv_nsec = 20 * 1000000 };

    for (int waited = 0; waited < BACKEND_WAIT_MS; waited += 20) {
        char *s = read_node(xs, back, "state");
        int state = s ? atoi(s) : 0;
        free(s);
        if (state >= XenbusStateInitWait)
            return true;
        nanosleep(&tick, NULL);
    }
    return false;
}

/* The device's hotplug script with udev's environment under Xen 4.1. */
static int run_script(const char *script, const char *back, const char *kind,
                      const char *op, uint32_t domid, uint32_t devid, char **msg)
{
    char env_path[600], env_type[32], env_script[600], env_vif[64];
    const char *env[] = { env_path, env_type, "XENBUS_BASE_PATH=" BACKEND_BASE,
                          env_script, env_vif, NULL };
    const char *argv[] = { script, op, NULL };

    snprintf(env_path, sizeof(env_path), "XENBUS_PATH=%s", back);
    snprintf(env_type, sizeof(env_type), "XENBUS_TYPE=%s", kind);
    snprintf(env_script, sizeof(env_script), "script=%s", script);
    snprintf(env_vif, sizeof(env_vif), "vif=vif%" PRIu32 ".%" PRIu32, domid, devid);
    if (strcmp(kind, "vif"))
        env[4] = NULL;
    return xend_hotplug_run(argv, env, msg);
}

static int attach(struct xend_xen *x, const struct xend_dev_nodes *d, const char *kind,
                   uint32_t domid, uint32_t devid, char **why)
{
    const char *op = strcmp(kind, "vif") ? "add" : "online";
    char *script = NULL, *msg = NULL, *status = NULL, *error = NULL;
    int rc = xend_store_transact(x->xs, write_both, d);

    if (rc)
        return xend_why(why, -rc, "xenstore: writing %s: %s", d->back, strerror(-rc));
    if (!backend_ready(x->xs, d->back))
        return xend_why(why, ENODEV, "Device %" PRIu32 " (%s) could not be connected. "
                        "Hotplug scripts not working.", devid, kind);
    script = read_node(x->xs, d->back, "script");
    rc = script ? run_script(script, d->back, kind, op, domid, devid, &msg) : -ENOENT;
    status = read_node(x->xs, d->back, "hotplug-status");
    if (rc == 0 && status && !strcmp(status, "connected")) {
        daemon_log(DLOG_INFO, (int)domid, "device %s %" PRIu32 ": %s %s: connected", kind,
                   devid, script, op);
    } else {
        /* The script's own reason first (hotplug-error, as xend 4.1). */
        error = read_node(x->xs, d->back, "hotplug-error");
        rc = xend_why(why, rc < 0 ? -rc : EIO,
                      "Device %" PRIu32 " (%s) could not be connected. %s", devid, kind,
                      error && *error ? error : msg ? msg :
                      rc < 0 ? strerror(-rc) : "Hotplug scripts not working.");
    }
    free(script);
    free(msg);
    free(status);
    free(error);
    return rc;
}

int xend_devices_add(struct xend_xen *x, uint32_t domid, const char *name,
                     const struct sxp *vm, char **why)
{
    uint32_t nvif = 0;
    int rc = 0;

    for (size_t i = 0; !rc && i < vm->n; i++) {
        const struct sxp *dev = &vm->items[i];
        const char *kind;
        struct xend_dev_nodes d;

        if (!(dev = xend_vdev_inner(dev)))
            continue;
        kind = sxp_name(dev);
        if (kind && !strcmp(kind, "vif")) {
            struct xend_vif f;
            uint8_t rnd[3];
            if (getrandom(rnd, sizeof(rnd), 0) != sizeof(rnd))
                return xend_why(why, EIO, "getrandom: %s", strerror(errno));
            if ((rc = xend_vif_parse(dev, nvif++, rnd, &f, why)))
                return rc;
            if ((rc = xend_vif_nodes(&f, domid, name, x->vif_script, &d)))
                return xend_why(why, ENOMEM, "out of memory");
            rc = attach(x, &d, "vif", domid, f.devid, why);
        } else {
            struct xend_vbd v;
            if ((rc = xend_vbd_parse(dev, &v, why)))
                return rc;
            rc = xend_vbd_nodes(&v, domid, name, &d);
            if (!rc)
                rc = attach(x, &d, "vbd", domid, v.devid, why);
            else
                rc = xend_why(why, ENOMEM, "out of memory");
            xend_vbd_free(&v);
        }
        xend_dev_nodes_free(&d);
    }
    return rc;
}

static void remove_kind(struct xs_handle *xs, uint32_t domid, const char *kind)
{
    const char *op = strcmp(kind, "vif") ? "remove" : "offline";
    char dir[128], back[192], path[256];
    unsigned n = 0;
    char **devs;

    snprintf(dir, sizeof(dir), BACKEND_BASE "/%s/%" PRIu32, kind, domid);
    devs = xs_directory(xs, XBT_NULL, dir, &n);
    for (unsigned i = 0; devs && i < n; i++) {
        char *script, *msg = NULL;
        int rc;

        snprintf(back, sizeof(back), "%s/%s", dir, devs[i]);
        snprintf(path, sizeof(path), "%s/online", back);
        xs_write(xs, XBT_NULL, path, "0", 1);
        script = read_node(xs, back, "script");
        if (script) {
            rc = run_script(script, back, kind, op, domid, (uint32_t)strtoul(devs[i], NULL, 10),
                            &msg);
            if (rc)
                daemon_log(DLOG_WARN, (int)domid, "device %s %s: %s %s failed: %s", kind,
                           devs[i], script, op, msg ? msg : "no message");
        }
        free(script);
        free(msg);
        /* Its folder gone, the kernel's backend device goes: blkback
         * closes the loop device, netback unregisters the vif. */
        if (!xs_rm(xs, XBT_NULL, back) && errno != ENOENT)
            daemon_log(DLOG_WARN, (int)domid, "xs_rm %s: %m", back);
    }
    free(devs);
    if (!xs_rm(xs, XBT_NULL, dir) && errno != ENOENT)
        daemon_log(DLOG_WARN, (int)domid, "xs_rm %s: %m", dir);
    /* The folders above it go too once empty, as libxl's
     * libxl__xs_path_cleanup: nothing of the domain is left. */
    snprintf(dir, sizeof(dir), BACKEND_BASE "/%s", kind);
    xend_store_rm_if_empty(xs, dir);
    xend_store_rm_if_empty(xs, BACKEND_BASE);
}

void xend_devices_remove(struct xs_handle *xs, uint32_t domid)
{
    if (!xs)
        return;
    remove_kind(xs, domid, "vif");
    remove_kind(xs, domid, "vbd");
}

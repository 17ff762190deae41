/* Device records, numbers and node layout (see xend_vdev.h). */
#include "xend_vdev.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xen/io/xenbus.h>

/* Linux's majors for SCSI disks (sda..) and IDE disks (two per major),
 * as Xen 4.1's blkif.py numbers them; 202 is Xen's own xvd major. */
static const uint16_t scsi_major[16] = { 8, 65, 66, 67, 68, 69, 70, 71,
                                         128, 129, 130, 131, 132, 133, 134, 135 };
static const uint16_t ide_major[10] = { 3, 22, 33, 34, 56, 57, 88, 89, 90, 91 };
#define XVD_MAJOR 202
#define XVD_EXT_FLAG (1u << 28)

int xend_why(char **why, int err, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    if (vasprintf(why, fmt, ap) < 0)
        *why = NULL;
    va_end(ap);
    return -err;
}

/* The disk letters after a prefix: one letter ('a' = 0), or two with the
 * first in a..i ("aa" = 26). -1 when malformed or not allowed. */
static int disk_index(const char **p, char last_single)
{
    const char *s = *p;

    if (s[0] < 'a' || s[0] > 'z')
        return -1;
    if (s[1] >= 'a' && s[1] <= 'z') {
        if (s[0] > 'i')
            return -1;
        *p = s + 2;
        return (s[0] - 'a' + 1) * 26 + (s[1] - 'a');
    }
    if (s[0] > last_single)
        return -1;
    *p = s + 1;
    return s[0] - 'a';
}

/* The partition: nothing (0) or 1..max without a leading zero; -1 if bad. */
static int partition(const char *s, int max)
{
    int n = 0;

    if (!*s)
        return 0;
    if (*s == '0')
        return -1;
    for (; *s; s++) {
        if (*s < '0' || *s > '9' || (n = n * 10 + (*s - '0')) > max)
            return -1;
    }
    return n;
}

static int plain_number(const char *s, uint32_t *out)
{
    int base = 10;
    char *end;

    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
        base = 16, s += 2;
    if (!*s || *s == '-' || *s == '+')
        return -EINVAL;
    errno = 0;
    unsigned long long n = strtoull(s, &end, base);
    if (errno || *end || n > UINT32_MAX)
        return -EINVAL;
    *out = (uint32_t)n;
    return 0;
}

int xend_vdev_number(const char *name, uint32_t *devid, bool *ext)
{
    const char *p;
    int disk, part;

    *ext = false;
    if (!strncmp(name, "/dev/", 5))
        name += 5;
    if (!strncmp(name, "xvd", 3)) {
        p = name + 3;
        if ((disk = disk_index(&p, 'z')) < 0 || (part = partition(p, 15)) < 0)
            return -EINVAL;
        if (disk < 16) {
            *devid = (XVD_MAJOR << 8) | (uint32_t)(disk << 4) | (uint32_t)part;
            return 0;
        }
        *ext = true;
        *devid = XVD_EXT_FLAG | (uint32_t)(disk << 8) | (uint32_t)part;
        return 0;
    }
    if (!strncmp(name, "sd", 2)) {
        p = name + 2;
        if ((disk = disk_index(&p, 'z')) < 0 || disk >= 16 * 16 ||
            (part = partition(p, 15)) < 0)
            return -EINVAL;
        *devid = (uint32_t)(scsi_major[disk / 16] << 8) | (uint32_t)((disk % 16) * 16 + part);
        return 0;
    }
    if (!strncmp(name, "hd", 2)) {
        p = name + 2;
        if ((disk = disk_index(&p, 't')) < 0 || disk >= 20 || (part = partition(p, 63)) < 0)
            return -EINVAL;
        *devid = (uint32_t)(ide_major[disk / 2] << 8) | (uint32_t)((disk % 2) * 64 + part);
        return 0;
    }
    return plain_number(name, devid);
}

void xend_mac_from(const uint8_t rnd[3], char out[18])
{
    snprintf(out, 18, "00:16:3e:%02x:%02x:%02x", rnd[0] & 0x7f, rnd[1], rnd[2]);
}

int xend_vbd_parse(const struct sxp *dev, struct xend_vbd *v, char **why)
{
    const char *uname = sxp_child_value(dev, "uname", ""), *name = sxp_child_value(dev, "dev", "");
    const char *colon = strchr(uname, ':'), *path, *cd;
    const char *backend = sxp_child_value(dev, "backend", NULL);
    size_t typ_len = colon ? (size_t)(colon - uname) : 0;

    memset(v, 0, sizeof(*v));
    *why = NULL;
    if (backend && strcmp(backend, "0") && strcmp(backend, "Domain-0"))
        return xend_why(why, EOPNOTSUPP, "disk %s: backend domain %s: only Domain-0 serves disks",
                        name, backend);
    if (!colon)
        return xend_why(why, EOPNOTSUPP, "disk %s: '%s': an empty drive is not served to a "
                        "PV guest", name, uname);
    path = colon + 1;
    if (typ_len == 3 && !strncmp(uname, "tap", 3)) {
        /* tap:aio:PATH (also tap:tapdisk:aio:PATH, as blkif.py read it). */
        if (!strncmp(path, "tapdisk:", 8) || !strncmp(path, "ioemu:", 6))
            path = strchr(path, ':') + 1;
        if (strncmp(path, "aio:", 4))
            return xend_why(why, EOPNOTSUPP, "disk %s: '%s': only tap:aio: (a raw image) is "
                            "served: Xen 4.17 has no blktap2", name, uname);
        path += 4;
        v->type = "file";
    } else if (typ_len == 4 && !strncmp(uname, "file", 4)) {
        v->type = "file";
    } else if (typ_len == 3 && !strncmp(uname, "phy", 3)) {
        v->type = "phy";
    } else {
        return xend_why(why, EOPNOTSUPP, "disk %s: '%s': unknown disk type (file:, tap:aio: "
                        "or phy:)", name, uname);
    }
    if (!*path)
        return xend_why(why, EINVAL, "disk %s: '%s' names no file or device", name, uname);
    /* phy:sda1 means /dev/sda1 (blkif.py). */
    if (asprintf(&v->params, "%s%s", v->type[0] == 'p' && *path != '/' ? "/dev/" : "",
                 path) < 0) {
        v->params = NULL;
        return xend_why(why, ENOMEM, "out of memory");
    }
    if (!strncmp(name, "ioemu:", 6))
        name += 6;
    cd = strstr(name, ":cdrom");
    v->cdrom = cd && !cd[6];
    v->dev = v->cdrom ? strndup(name, (size_t)(cd - name)) : strdup(name);
    if (!v->dev) {
        xend_vbd_free(v);
        return xend_why(why, ENOMEM, "out of memory");
    }
    if (xend_vdev_number(v->dev, &v->devid, &v->ext)) {
        int rc = xend_why(why, EINVAL, "disk '%s': '%s' is not a device name Xen knows "
                          "(xvda1, hda, sda...)", uname, v->dev);
        xend_vbd_free(v);
        return rc;
    }
    v->mode = sxp_child_value(dev, "mode", "r");
    if (strcmp(v->mode, "r") && strcmp(v->mode, "w") && strcmp(v->mode, "w!")) {
        int rc = xend_why(why, EINVAL, "disk '%s': mode '%s' (r, w or w!)", uname, v->mode);
        xend_vbd_free(v);
        return rc;
    }
    return 0;
}

void xend_vbd_free(struct xend_vbd *v)
{
    free(v->params);
    free(v->dev);
    v->params = v->dev = NULL;
}

int xend_vif_parse(const struct sxp *dev, uint32_t devid, const uint8_t rnd[3],
                   struct xend_vif *f, char **why)
{
    const char *mac = sxp_child_value(dev, "mac", NULL);
    const char *backend = sxp_child_value(dev, "backend", NULL);
    const char *type = sxp_child_value(dev, "type", NULL);

    memset(f, 0, sizeof(*f));
    *why = NULL;
    f->devid = devid;
    if (backend && strcmp(backend, "0") && strcmp(backend, "Domain-0"))
        return xend_why(why, EOPNOTSUPP, "vif %" PRIu32 ": backend domain %s: only Domain-0 "
                        "serves network interfaces", devid, backend);
    if (type && !strcmp(type, "ioemu"))
        return xend_why(why, EOPNOTSUPP, "vif %" PRIu32 ": type=ioemu needs a device model "
                        "(HVM guests are not built)", devid);
    if (mac) {
        unsigned b[6];
        char end;
        if (sscanf(mac, "%2x:%2x:%2x:%2x:%2x:%2x%c", &b[0], &b[1], &b[2], &b[3], &b[4],
                   &b[5], &end) != 6 || strlen(mac) != 17)
            return xend_why(why, EINVAL, "vif %" PRIu32 ": mac '%s' is not six hex bytes",
                            devid, mac);
        snprintf(f->mac, sizeof(f->mac), "%02x:%02x:%02x:%02x:%02x:%02x", b[0], b[1], b[2],
                 b[3], b[4], b[5]);
    } else {
        xend_mac_from(rnd, f->mac);
    }
    f->bridge = sxp_child_value(dev, "bridge", NULL);
    f->script = sxp_child_value(dev, "script", NULL);
    f->ip = sxp_child_value(dev, "ip", NULL);
    f->vifname = sxp_child_value(dev, "vifname", NULL);
    f->rate = sxp_child_value(dev, "rate", NULL);
    return 0;
}

const struct sxp *xend_vdev_inner(const struct sxp *item)
{
    if (item->kind != SXP_LIST || !sxp_name(item) || strcmp(sxp_name(item), "device") ||
        item->n < 2 || item->items[1].kind != SXP_LIST)
        return NULL;
    return &item->items[1];
}

int xend_vdev_check(const struct sxp *vm, char **why)
{
    static const uint8_t zero[3];
    uint32_t nvif = 0;
    int rc = 0;

    *why = NULL;
    for (size_t i = 0; !rc && i < vm->n; i++) {
        const struct sxp *dev = xend_vdev_inner(&vm->items[i]);
        const char *kind = dev ? sxp_name(dev) : NULL;
        struct xend_vbd v;
        struct xend_vif f;

        if (!dev)
            continue;
        if (kind && !strcmp(kind, "vif")) {
            rc = xend_vif_parse(dev, nvif++, zero, &f, why);
        } else if (kind && (!strcmp(kind, "vbd") || !strcmp(kind, "tap2"))) {
            rc = xend_vbd_parse(dev, &v, why);
            xend_vbd_free(&v);
        } else {
            rc = xend_why(why, EOPNOTSUPP, "device (%s ...) is not set up by xend",
                          kind ? kind : "?");
        }
    }
    return rc;
}

int xend_vdev_fix_macs(const struct sxp *vm, const uint8_t *rnd, size_t n_rnd,
                       struct sxp *out)
{
    struct sxp doc = { 0 };
    struct cfg_diags diags = { 0 };
    char *text = sxp_format(vm, false);
    size_t used = 0;
    int rc = text && sxp_parse(text, strlen(text), "vm", &doc, &diags) == 0 && doc.n == 1
                 ? 0 : -ENOMEM;

    free(text);
    cfg_diags_free(&diags);
    for (size_t i = 0; !rc && i < doc.items[0].n; i++) {
        struct sxp *item = &doc.items[0].items[i];
        const struct sxp *dev = xend_vdev_inner(item);
        char mac[18];

        if (!dev || !sxp_name(dev) || strcmp(sxp_name(dev), "vif") ||
            sxp_child_value(dev, "mac", NULL))
            continue;
        if (used + 3 > n_rnd) {
            rc = -E2BIG;
            break;
        }
        xend_mac_from(rnd + used, mac);
        used += 3;
        if (!sxp_push_pair(&item->items[1], "mac", mac))
            rc = -ENOMEM;
    }
    if (rc) {
        sxp_free(&doc);
        return rc;
    }
    /* The record moves out of the document. */
    *out = doc.items[0];
    doc.n = 0;
    sxp_free(&doc);
    return 0;
}

char *xend_script_path(const char *name)
{
    char *p;

    if (asprintf(&p, "%s%s%s", strchr(name, '/') ? "" : XEND_SCRIPT_DIR,
                 strchr(name, '/') ? "" : "/", name) < 0)
        return NULL;
    return p;
}

static bool add(struct xend_node *tab, size_t *n, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static bool add(struct xend_node *tab, size_t *n, const char *key, const char *fmt, ...)
{
    va_list ap;
    char *v;
    int rc;

    if (*n >= XEND_DEV_MAX_NODES)
        return false;
    va_start(ap, fmt);
    rc = vasprintf(&v, fmt, ap);
    va_end(ap);
    if (rc < 0)
        return false;
    tab[*n].key = key;
    tab[(*n)++].value = v;
    return true;
}

/* DevController.createDevice: what every device has on both sides. */
static bool common(struct xend_dev_nodes *d, const char *kind, uint32_t domid,
                   uint32_t devid, const char *name)
{
    d->domid = domid;
    if (asprintf(&d->front, "/local/domain/%" PRIu32 "/device/%s/%" PRIu32, domid, kind,
                 devid) < 0 ||
        asprintf(&d->back, "/local/domain/0/backend/%s/%" PRIu32 "/%" PRIu32, kind, domid,
                 devid) < 0)
        return false;
    return add(d->fnode, &d->nfront, "backend", "%s", d->back) &&
           add(d->fnode, &d->nfront, "backend-id", "0") &&
           add(d->fnode, &d->nfront, "state", "%d", XenbusStateInitialising) &&
           add(d->bnode, &d->nback, "frontend", "%s", d->front) &&
           add(d->bnode, &d->nback, "frontend-id", "%" PRIu32, domid) &&
           add(d->bnode, &d->nback, "domain", "%s", name) &&
           add(d->bnode, &d->nback, "online", "1") &&
           add(d->bnode, &d->nback, "state", "%d", XenbusStateInitialising);
}

int xend_vbd_nodes(const struct xend_vbd *v, uint32_t domid, const char *name,
                   struct xend_dev_nodes *d)
{
    const char *dtype = v->cdrom ? "cdrom" : "disk";
    bool ok;

    memset(d, 0, sizeof(*d));
    /* blkif.py: the extended xvd numbers go in virtual-device-ext. */
    ok = common(d, "vbd", domid, v->devid, name) &&
         add(d->fnode, &d->nfront, v->ext ? "virtual-device-ext" : "virtual-device",
             "%" PRIu32, v->devid) &&
         add(d->fnode, &d->nfront, "device-type", "%s", dtype) &&
         add(d->bnode, &d->nback, "dev", "%s", v->dev) &&
         add(d->bnode, &d->nback, "type", "%s", v->type) &&
         add(d->bnode, &d->nback, "params", "%s", v->params) &&
         add(d->bnode, &d->nback, "mode", "%s", v->mode) &&
         add(d->bnode, &d->nback, "device-type", "%s", dtype) &&
         add(d->bnode, &d->nback, "removable", "%d", v->cdrom) &&
         add(d->bnode, &d->nback, "bootable", "1") &&
         add(d->bnode, &d->nback, "script", "%s/block", XEND_SCRIPT_DIR);
    if (!ok) {
        xend_dev_nodes_free(d);
        return -ENOMEM;
    }
    return 0;
}

int xend_vif_nodes(const struct xend_vif *f, uint32_t domid, const char *name,
                   const char *vif_script, struct xend_dev_nodes *d)
{
    char *script = xend_script_path(f->script ? f->script : vif_script);
    bool ok;

    memset(d, 0, sizeof(*d));
    ok = script && common(d, "vif", domid, f->devid, name) &&
         add(d->fnode, &d->nfront, "handle", "%" PRIu32, f->devid) &&
         add(d->fnode, &d->nfront, "mac", "%s", f->mac) &&
         add(d->bnode, &d->nback, "handle", "%" PRIu32, f->devid) &&
         add(d->bnode, &d->nback, "mac", "%s", f->mac) &&
         add(d->bnode, &d->nback, "script", "%s", script) &&
         (!f->bridge || add(d->bnode, &d->nback, "bridge", "%s", f->bridge)) &&
         (!f->ip || add(d->bnode, &d->nback, "ip", "%s", f->ip)) &&
         (!f->vifname || add(d->bnode, &d->nback, "vifname", "%s", f->vifname)) &&
         (!f->rate || add(d->bnode, &d->nback, "rate", "%s", f->rate));
    free(script);
    if (!ok) {
        xend_dev_nodes_free(d);
        return -ENOMEM;
    }
    return 0;
}

void xend_dev_nodes_free(struct xend_dev_nodes *d)
{
    for (size_t i = 0; i < d->nfront; i++)
        free(d->fnode[i].value);
    for (size_t i = 0; i < d->nback; i++)
        free(d->bnode[i].value);
    free(d->front);
    free(d->back);
    memset(d, 0, sizeof(*d));
}

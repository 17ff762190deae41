/* One disk= entry: 'UNAME,DEV[:TYPE],MODE[,BACKEND[,PROTOCOL]]' (guide 4.1.4
 * and 4.2). UNAME is phy:DEVICE, file:PATH, tap:DRIVER:PATH or empty for a
 * CD-ROM drive without medium; DEV may carry "ioemu:" in front and ":cdrom"
 * behind; MODE is r, w or w! (write even if another domain has it). */
#define _POSIX_C_SOURCE 200809L
#include "xmconfig.h"
#include "spec_split.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_FIELDS 5

/* blktap drivers Xen 4.1 knew. */
static const char *const tap_drivers[] = {
    "aio", "sync", "vmdk", "ram", "qcow", "qcow2", "vhd", "ioemu",
};

static int parse_tap(struct xm_disk *d, const char *rest, char *err,
                     size_t errlen)
{
    const char *colon = strchr(rest, ':');
    size_t n = colon ? (size_t)(colon - rest) : 0;
    for (size_t i = 0; colon && i < sizeof(tap_drivers) / sizeof(*tap_drivers);
         i++) {
        if (strlen(tap_drivers[i]) == n && !strncmp(rest, tap_drivers[i], n)) {
            d->backend = XM_DISK_TAP;
            d->tap_driver = strndup(rest, n);
            d->target = strdup(colon + 1);
            return 0;
        }
    }
    snprintf(err, errlen, "'%.60s' names no blktap driver: expected "
             "tap:aio:PATH (or sync, vmdk, ram, qcow, qcow2, vhd)", d->uname);
    return -1;
}

static int parse_uname(struct xm_disk *d, char *err, size_t errlen)
{
    const char *u = d->uname;
    if (!*u) {
        d->backend = XM_DISK_EMPTY;
        d->target = strdup("");
        return 0;
    }
    if (!strncmp(u, "tap:", 4) || !strncmp(u, "tap2:", 5)) {
        if (parse_tap(d, strchr(u, ':') + 1, err, errlen) < 0)
            return -1;
    } else if (!strncmp(u, "phy:", 4)) {
        d->backend = XM_DISK_PHY;
        /* xend reads "phy:sda1" as /dev/sda1 */
        size_t n = strlen(u + 4) + 6;
        d->target = malloc(n);
        if (d->target)
            snprintf(d->target, n, "%s%s", u[4] == '/' ? "" : "/dev/", u + 4);
    } else if (!strncmp(u, "file:", 5)) {
        d->backend = XM_DISK_FILE;
        d->target = strdup(u + 5);
    } else {
        snprintf(err, errlen, "'%.60s' should start with phy:, file: or "
                 "tap:aio: (the kind of storage)", u);
        return -1;
    }
    if (d->target && !*d->target) {
        snprintf(err, errlen, "'%.60s' names no device or file", u);
        return -1;
    }
    return 0;
}

/* hd[a-t], sd/xvd with one or two letters, each with an optional partition
 * number; or a raw device number. */
static bool valid_vdev(const char *v)
{
    static const char *const prefixes[] = { "hd", "sd", "xvd" };
    if (*v && strspn(v, "0123456789") == strlen(v))
        return strlen(v) <= 9;
    for (size_t i = 0; i < 3; i++) {
        size_t pl = strlen(prefixes[i]);
        if (strncmp(v, prefixes[i], pl))
            continue;
        const char *p = v + pl;
        size_t letters = strspn(p, "abcdefghijklmnopqrstuvwxyz");
        if (letters == 0 || letters > (i == 0 ? 1 : 2) ||
            (i == 0 && *p > 't'))
            return false;
        p += letters;
        size_t digits = strspn(p, "0123456789");
        return p[digits] == '\0' && digits <= 2 && (digits == 0 || *p != '0');
    }
    return false;
}

static int parse_dev(struct xm_disk *d, const char *dev, char *err,
                     size_t errlen)
{
    if (!strncmp(dev, "ioemu:", 6)) {
        d->ioemu = true;
        dev += 6;
    }
    const char *colon = strchr(dev, ':');
    size_t n = colon ? (size_t)(colon - dev) : strlen(dev);
    if (colon && strcmp(colon, ":cdrom") && strcmp(colon, ":disk")) {
        snprintf(err, errlen, "'%.40s': the device type after ':' must be "
                 "cdrom or disk", dev);
        return -1;
    }
    d->is_cdrom = colon && !strcmp(colon, ":cdrom");
    d->vdev = strndup(dev, n);
    if (d->vdev && !valid_vdev(d->vdev)) {
        snprintf(err, errlen, "'%.40s' is not a virtual device name (hda-hdt, "
                 "sda.., xvda.., optionally with a partition number)", d->vdev);
        return -1;
    }
    return 0;
}

static int parse_mode(struct xm_disk *d, const char *m, char *err,
                      size_t errlen)
{
    if (!strcmp(m, "r") || !strcmp(m, "ro"))
        d->mode = XM_DISK_RO;
    else if (!strcmp(m, "w") || !strcmp(m, "rw"))
        d->mode = XM_DISK_RW;
    else if (!strcmp(m, "w!"))
        d->mode = XM_DISK_RW_SHARED;
    else {
        snprintf(err, errlen, "mode '%.20s' should be 'r' (read-only) or 'w' "
                 "(read-write)", m);
        return -1;
    }
    return 0;
}

static int parse_fields(struct xm_disk *d, char **f, size_t n, char *err,
                        size_t errlen)
{
    d->uname = f[0];
    f[0] = NULL;
    if (parse_uname(d, err, errlen) < 0 ||
        parse_dev(d, f[1], err, errlen) < 0 ||
        parse_mode(d, f[2], err, errlen) < 0)
        return -1;
    if (d->backend == XM_DISK_EMPTY && !d->is_cdrom) {
        snprintf(err, errlen, "an empty device is only allowed for a CD-ROM "
                 "drive (',hdc:cdrom,r')");
        return -1;
    }
    if (n > 3 && *f[3]) {
        d->backend_domain = f[3];
        f[3] = NULL;
    }
    if (n > 4 && *f[4]) {
        d->protocol = f[4];
        f[4] = NULL;
    }
    return 0;
}

int xm_disk_parse(const char *spec, struct xm_disk *out, char *err,
                  size_t errlen)
{
    char *f[MAX_FIELDS] = { 0 };
    memset(out, 0, sizeof(*out));
    size_t n = spec_split(spec, f, MAX_FIELDS);
    int rc = -1;
    if (n < 3 || n > MAX_FIELDS)
        snprintf(err, errlen, "'%.80s' should be 'UNAME,DEV,MODE' (e.g. "
                 "'phy:/dev/sda1,xvda1,w'): it has %zu comma-separated "
                 "field%s, not 3 to 5", spec, n, n == 1 ? "" : "s");
    else
        rc = parse_fields(out, f, n, err, errlen);
    for (size_t i = 0; i < MAX_FIELDS; i++)
        free(f[i]);
    if (rc < 0)
        xm_disk_free(out);
    return rc;
}

void xm_disk_free(struct xm_disk *d)
{
    free(d->uname);
    free(d->tap_driver);
    free(d->target);
    free(d->vdev);
    free(d->backend_domain);
    free(d->protocol);
    memset(d, 0, sizeof(*d));
}

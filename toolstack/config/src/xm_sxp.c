/* The domain as an S-expression, in the shape Xen 4.1's xm create sent to
 * xend (and "xm create -n" printed): (vm (name ..) (memory ..) ...
 * (image (linux|hvm ...)) (device (vbd|tap2 ...)) (device (vif ...))). */
#define _POSIX_C_SOURCE 200809L
#include "xmconfig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool opt_pair(struct sxp *l, const char *key, const char *value)
{
    return !value || sxp_push_pair(l, key, value);
}

static bool push_cpus(struct sxp *vm, const struct xm_domain_config *c)
{
    char buf[512];
    if (c->cpus_form == XM_CPUS_COMMON) {
        xm_cpumap_format(&c->cpus_common, buf, sizeof(buf));
        return sxp_push_pair(vm, "cpus", buf);
    }
    if (c->cpus_form != XM_CPUS_PER_VCPU)
        return true;
    struct sxp cpus = { 0 }, per = { 0 };
    bool ok = sxp_list_new(&cpus, "cpus") && sxp_list_new(&per, NULL);
    for (unsigned i = 0; ok && i < c->n_cpus_per_vcpu; i++) {
        xm_cpumap_format(&c->cpus_per_vcpu[i], buf, sizeof(buf));
        ok = sxp_push_atom(&per, buf);
    }
    ok = ok && sxp_push_list(&cpus, &per) && sxp_push_list(vm, &cpus);
    sxp_free(&per);    /* no-ops once moved into the tree */
    sxp_free(&cpus);
    return ok;
}

static bool push_hvm(struct sxp *img, const struct xm_domain_config *c)
{
    const struct xm_hvm *h = &c->hvm;
    return sxp_push_int(img, "acpi", h->acpi) &&
           sxp_push_int(img, "apic", h->apic) &&
           opt_pair(img, "boot", h->boot) &&
           opt_pair(img, "device_model", h->device_model) &&
           opt_pair(img, "keymap", h->keymap) &&
           sxp_push_int(img, "localtime", h->localtime) &&
           sxp_push_int(img, "monitor", h->monitor) &&
           sxp_push_int(img, "nographic", h->nographic) &&
           sxp_push_int(img, "pae", h->pae) &&
           opt_pair(img, "serial", h->serial) &&
           sxp_push_int(img, "sdl", h->sdl) &&
           opt_pair(img, "soundhw", h->soundhw) &&
           sxp_push_int(img, "stdvga", h->stdvga) &&
           sxp_push_int(img, "usb", h->usb) &&
           opt_pair(img, "usbdevice", h->usbdevice) &&
           sxp_push_int(img, "vcpus", c->vcpus) &&
           sxp_push_int(img, "vnc", h->vnc) &&
           (h->vncdisplay < 0 || sxp_push_int(img, "vncdisplay",
                                              h->vncdisplay)) &&
           opt_pair(img, "vnclisten", h->vnclisten) &&
           sxp_push_int(img, "vncunused", h->vncunused) &&
           sxp_push_int(img, "xen_platform_pci", h->xen_platform_pci) &&
           opt_pair(img, "vncpasswd", h->vncpasswd);
}

/* xm passed ip= and root= apart and extra (with nfsroot=) as args. */
static bool push_pv(struct sxp *img, const struct xm_domain_config *c)
{
    char *line = xm_config_kernel_cmdline(c);
    bool ok = line != NULL;
    const char *ip = line ? strstr(line, "ip=") : NULL;
    if (ok && c->ip && ip && (ip == line || ip[-1] == ' ')) {
        size_t n = strcspn(ip + 3, " ");
        char *v = strndup(ip + 3, n);
        ok = v && sxp_push_pair(img, "ip", v);
        free(v);
    }
    free(line);
    if (!ok || !opt_pair(img, "root", c->root && *c->root ? c->root : NULL))
        return false;
    if (!c->nfs_root || !c->nfs_server)
        return opt_pair(img, "args", c->extra);
    size_t n = strlen(c->nfs_server) + strlen(c->nfs_root) +
               (c->extra ? strlen(c->extra) : 0) + 12;
    char *args = malloc(n);
    if (args)
        snprintf(args, n, "nfsroot=%s:%s %s", c->nfs_server, c->nfs_root,
                 c->extra ? c->extra : "");
    ok = args && sxp_push_pair(img, "args", args);
    free(args);
    return ok;
}

static bool push_image(struct sxp *vm, const struct xm_domain_config *c)
{
    struct sxp image = { 0 }, kind = { 0 };
    bool hvm = c->builder == XM_BUILDER_HVM;
    bool ok = sxp_list_new(&image, "image") &&
              sxp_list_new(&kind, hvm ? "hvm" : "linux");
    ok = ok && opt_pair(&kind, "kernel", c->kernel) &&
         opt_pair(&kind, "ramdisk", c->ramdisk) &&
         (hvm ? push_hvm(&kind, c) : push_pv(&kind, c)) &&
         sxp_push_int(&kind, "tsc_mode", c->tsc_mode) &&
         sxp_push_list(&image, &kind) && sxp_push_list(vm, &image);
    sxp_free(&kind);   /* no-ops once moved into the tree */
    sxp_free(&image);
    return ok;
}

static bool push_device(struct sxp *vm, struct sxp *dev)
{
    struct sxp d;
    bool ok = sxp_list_new(&d, "device") && sxp_push_list(&d, dev) &&
              sxp_push_list(vm, &d);
    sxp_free(dev);   /* no-ops once moved into the tree */
    sxp_free(&d);
    return ok;
}

static bool push_disk(struct sxp *vm, const struct xm_disk *k)
{
    static const char *const modes[] = { "r", "w", "w!" };
    char dev[64];
    snprintf(dev, sizeof(dev), "%s%s%s", k->ioemu ? "ioemu:" : "", k->vdev,
             k->is_cdrom ? ":cdrom" : "");
    struct sxp v;
    bool ok = sxp_list_new(&v, k->backend == XM_DISK_TAP ? "tap2" : "vbd") &&
              sxp_push_pair(&v, "uname", k->uname) &&
              sxp_push_pair(&v, "dev", dev) &&
              sxp_push_pair(&v, "mode", modes[k->mode]) &&
              opt_pair(&v, "backend", k->backend_domain) &&
              opt_pair(&v, "protocol", k->protocol);
    if (ok)
        return push_device(vm, &v);
    sxp_free(&v);
    return false;
}

static bool push_vif(struct sxp *vm, const struct xm_vif *f)
{
    char mac[18];
    snprintf(mac, sizeof(mac), "%02x:%02x:%02x:%02x:%02x:%02x", f->mac[0],
             f->mac[1], f->mac[2], f->mac[3], f->mac[4], f->mac[5]);
    struct sxp v;
    bool ok = sxp_list_new(&v, "vif") &&
              opt_pair(&v, "mac", f->has_mac ? mac : NULL) &&
              opt_pair(&v, "bridge", f->bridge) &&
              opt_pair(&v, "type", f->type_ioemu ? "ioemu" : NULL) &&
              opt_pair(&v, "script", f->script) &&
              opt_pair(&v, "ip", f->ip) &&
              opt_pair(&v, "vifname", f->vifname) &&
              opt_pair(&v, "model", f->model) &&
              opt_pair(&v, "backend", f->backend) &&
              opt_pair(&v, "rate", f->rate) &&
              opt_pair(&v, "accel", f->accel);
    if (ok)
        return push_device(vm, &v);
    sxp_free(&v);
    return false;
}

int xm_config_to_sxp(const struct xm_domain_config *c, struct sxp *out)
{
    bool ok = sxp_list_new(out, "vm") && opt_pair(out, "name", c->name) &&
              sxp_push_int(out, "memory", (long long)c->memory_mib) &&
              (!c->maxmem_mib || sxp_push_int(out, "maxmem",
                                              (long long)c->maxmem_mib)) &&
              sxp_push_pair(out, "on_poweroff", xm_action_name(c->on_poweroff)) &&
              (!c->tsc_mode || sxp_push_int(out, "tsc_mode", c->tsc_mode)) &&
              sxp_push_pair(out, "on_reboot", xm_action_name(c->on_reboot)) &&
              sxp_push_pair(out, "on_crash", xm_action_name(c->on_crash)) &&
              sxp_push_int(out, "vcpus", c->vcpus) && push_cpus(out, c) &&
              (!c->hvm.localtime || sxp_push_int(out, "localtime", 1)) &&
              push_image(out, c);
    for (size_t i = 0; ok && i < c->n_disks; i++)
        ok = push_disk(out, &c->disks[i]);
    for (size_t i = 0; ok && i < c->n_vifs; i++)
        ok = push_vif(out, &c->vifs[i]);
    if (!ok)
        sxp_free(out);
    return ok ? 0 : -1;
}

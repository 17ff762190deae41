/* A domain's disks and network interfaces as xend sets them up: the
 * (device (vbd|tap2|vif ...)) entries of the (vm ...) record read and
 * checked, the guide's device names turned into Xen's virtual-device
 * numbers, MACs in Xen's 00:16:3e range, and the frontend and backend
 * xenstore nodes as Xen 4.1's xend laid them out (DevController,
 * blkif.py, netif.py). Pure code: no xenstore, no hypercall. */
#ifndef XEND_VDEV_H
#define XEND_VDEV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sxp.h"

/* Where the hotplug scripts live (Xen 4.1's network-script-dir). */
#define XEND_SCRIPT_DIR "/etc/xen/scripts"

/* *why = the message (malloc'd, NULL on no memory); returns -err. */
int xend_why(char **why, int err, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Xen 4.1's blkdev_name_to_number: "xvda1", "hda", "sdb3", "/dev/xvdq",
 * "xvdaa", a hex "0x..." or decimal number. 0 with *devid (and *ext set
 * for the extended xvd scheme, 1 << 28, that frontends read from
 * virtual-device-ext), or -EINVAL. */
int xend_vdev_number(const char *name, uint32_t *devid, bool *ext);

/* 00:16:3e (Xen's OUI) then three bytes, the first below 0x80, as Xen
 * 4.1's randomMAC; rnd gives the randomness. out: "xx:xx:xx:xx:xx:xx". */
void xend_mac_from(const uint8_t rnd[3], char out[18]);

/* A disk: file: and tap:aio: (a loop device; Xen 4.17 has no blktap2, so
 * tap:aio: is served exactly like file:) or phy:. */
struct xend_vbd {
    const char *type;       /* the backend's "type": "file" or "phy" */
    char *params;           /* malloc'd: the image or the dom0 device */
    char *dev;              /* malloc'd: the name without ioemu: and :cdrom */
    const char *mode;       /* "r", "w" or "w!" (points into the record) */
    bool cdrom, ext;
    uint32_t devid;
};

/* A network interface; devid is its index among the record's vifs. */
struct xend_vif {
    uint32_t devid;
    char mac[18];
    const char *bridge, *script, *ip, *vifname, *rate;   /* NULL: unset */
};

/* 0, or -EINVAL / -EOPNOTSUPP with *why malloc'd. dev is the inner list
 * ((vbd ...) or (tap2 ...)). */
int xend_vbd_parse(const struct sxp *dev, struct xend_vbd *out, char **why);
void xend_vbd_free(struct xend_vbd *v);
/* rnd: three random bytes used when the record gives no mac. */
int xend_vif_parse(const struct sxp *dev, uint32_t devid, const uint8_t rnd[3],
                   struct xend_vif *out, char **why);

/* The (vbd ...), (tap2 ...) or (vif ...) inside a (device ...) item of
 * the vm record; NULL for any other item. */
const struct sxp *xend_vdev_inner(const struct sxp *item);
/* Every device of the record checked before anything is made: 0, or
 * -EINVAL / -EOPNOTSUPP (a kind xend does not set up: vfb, pci, ...)
 * with *why malloc'd. */
int xend_vdev_check(const struct sxp *vm, char **why);

/* out = a copy of vm in which each vif without a mac has one made from
 * rnd (three bytes per such vif, n_rnd in all), as Xen 4.1's XendConfig
 * fixed a vif's MAC when the domain was created: a restart keeps it.
 * 0, or -ENOMEM, or -E2BIG when rnd is too short. */
int xend_vdev_fix_macs(const struct sxp *vm, const uint8_t *rnd, size_t n_rnd,
                       struct sxp *out);

/* One device's nodes: a frontend folder the guest owns (dom0 may read)
 * and a backend folder dom0 owns (the guest may read), xenstore.txt. */
#define XEND_DEV_MAX_NODES 16
struct xend_dev_nodes {
    uint32_t domid;         /* the frontend's domain */
    char *front, *back;     /* the folders */
    struct xend_node { const char *key; char *value; }
        fnode[XEND_DEV_MAX_NODES], bnode[XEND_DEV_MAX_NODES];
    size_t nfront, nback;
};

/* vif_script: the default from xend-config.sxp, used when the vif names
 * none; a bare name is looked up in XEND_SCRIPT_DIR. 0 or -ENOMEM. */
int xend_vbd_nodes(const struct xend_vbd *v, uint32_t domid, const char *name,
                   struct xend_dev_nodes *out);
int xend_vif_nodes(const struct xend_vif *v, uint32_t domid, const char *name,
                   const char *vif_script, struct xend_dev_nodes *out);
void xend_dev_nodes_free(struct xend_dev_nodes *n);

/* The script path for a name from a record or xend-config.sxp, malloc'd. */
char *xend_script_path(const char *name);

#endif

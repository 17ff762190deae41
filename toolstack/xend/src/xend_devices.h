/* A domain's disks and vifs set up in dom0 and torn down again: the
 * xenstore nodes of xend_vdev.c written, Linux's blkback and netback
 * waited for (backend state 2, InitWait), the hotplug script run (block
 * sets up the loop device and writes physical-device; the vif script
 * bridges vif<domid>.<n>) and its hotplug-status checked, as Xen 4.1's
 * xend and its udev rules did. */
#ifndef XEND_DEVICES_H
#define XEND_DEVICES_H

#include <stdint.h>

#include "sxp.h"
#include "xend_xen.h"

/* Each (device ...) of the vm record, in order. 0, or a negative errno
 * with *why malloc'd ("Device 0 (vif) could not be connected. ..."); the
 * caller then destroys the domain, which removes what was made. */
int xend_devices_add(struct xend_xen *x, uint32_t domid, const char *name,
                     const struct sxp *vm, char **why);

/* Every backend of the domain found in xenstore: online 0, its script
 * run with remove (block) or offline (vifs), its nodes removed (the
 * kernel then lets the loop device and the vif go). Errors are logged. */
void xend_devices_remove(struct xs_handle *xs, uint32_t domid);

#endif

/* xend's domain builder: a PVH domain from a (vm ...) record, through
 * libxenctrl, libxenforeignmemory and libxenstore only, with the calls and
 * arguments Xen 4.17's libxl and libxenguest use for type="pvh" (each one
 * is listed in docs/xend-xen-calls.md): the kernel (ELF or bzImage), the
 * ramdisk, the ACPI tables and start info (xend_image.h), no devices. */
#ifndef XEND_BUILD_H
#define XEND_BUILD_H

#include <stdint.h>

#include "xend_vm.h"
#include "xend_xen.h"

/* Builds and unpauses the domain. 0 with *domid, or a negative errno with
 * *why malloc'd; nothing is left behind on failure (the domain, if made,
 * is destroyed and its xenstore nodes removed). */
int xend_build_pvh(struct xend_xen *x, const struct xend_vm_spec *s,
                   uint32_t *domid, char **why);

#endif

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

/* A domain made again from a save stream (migrate/stream_receive.c):
 * the same domain and xenstore nodes as a build, with the saved UUID and
 * maximum reservation; steps->fill then puts memory, vCPU state and HVM
 * params in (the store and console ports are the new domain's), and the
 * build goes on as xend_build_pvh's does: grants seeded, xenstored told,
 * affinity, devices; then steps->ready (if any) is asked, the domain
 * still paused, and it is unpaused. 0 with *domid, or a negative errno
 * with *why; on failure the domain is destroyed and its nodes removed. */
struct xend_restore_steps {
    int (*fill)(void *ctx, uint32_t domid, uint32_t store_port, uint32_t console_port,
                char **why);
    int (*ready)(void *ctx, uint32_t domid, char **why);
    void *ctx;
};
int xend_build_restore(struct xend_xen *x, const struct xend_vm_spec *s,
                       const uint8_t uuid[16], uint64_t maxmem_kb,
                       const struct xend_restore_steps *steps, uint32_t *domid, char **why);

#endif

/* What xend builds from the (vm ...) record xm sends (config/xm_sxp.c):
 * the fields this slice of the builder uses, checked. Pure code. */
#ifndef XEND_VM_H
#define XEND_VM_H

#include <stdbool.h>
#include <stdint.h>

#include "sxp.h"

struct xend_vm_spec {
    const char *name;           /* points into the record */
    uint64_t memory_mib, maxmem_mib;
    unsigned vcpus;
    const char *kernel;         /* points into the record */
    const char *ramdisk;        /* points into the record, NULL when none */
    char *cmdline;              /* malloc'd, "" when none */
    const struct sxp *vm;       /* the record itself (cpus=, its (device ...) items) */
};

/* 0, or a negative errno with *why malloc'd: -EINVAL for a record that
 * lacks a name, a kernel or has a bad number; -EOPNOTSUPP for what this
 * slice does not build yet (HVM guests, a device kind other than a disk
 * or vif). */
int xend_vm_spec_parse(const struct sxp *vm, struct xend_vm_spec *out, char **why);
void xend_vm_spec_free(struct xend_vm_spec *s);

/* The PV kernel command line as Xen 4.1's XendConfig assembled it from
 * the image record: "root=R " and "ip=I " before args, each only when
 * args does not already carry that word. malloc'd, NULL on no memory. */
char *xend_vm_cmdline(const char *root, const char *ip, const char *args);

/* What xend does when a domain it built shuts down: the action the
 * record's on_poweroff / on_reboot / on_crash names for the reason
 * (SHUTDOWN_* of public/sched.h), with xm 4.1's defaults (destroy,
 * restart, restart) when the record has none; a watchdog counts as a
 * crash, a suspend asks for nothing. */
enum xend_action { XEND_ACT_NONE, XEND_ACT_DESTROY, XEND_ACT_RESTART, XEND_ACT_PRESERVE,
                   XEND_ACT_RENAME_RESTART };
enum xend_action xend_vm_action(const struct sxp *vm, unsigned reason);
const char *xend_action_name(enum xend_action a);

#endif

/* Hypercalls, by the three paths a Xen HVM/PVH guest has: a call into the
 * hypercall page (written by the hypervisor when the guest writes the page's
 * address to the MSR named by CPUID leaf base+2, public/arch-x86/cpuid.h),
 * VMMCALL (AMD) and VMCALL (Intel; on AMD it raises #UD, which Xen
 * intercepts and emulates). 64-bit convention: rax = number, arguments in
 * rdi, rsi, rdx, r10, r8; result in rax (public/arch-x86/xen-x86_64.h). */
#ifndef GUEST_HYPERCALL_H
#define GUEST_HYPERCALL_H

#include "types.h"

#include <xen/xen.h>
#include <xen/sched.h>
#include <xen/version.h>

enum hypercall_path { HC_PAGE, HC_VMMCALL, HC_VMCALL, HC_PATHS };

extern uint8_t hypercall_page[4096];
/* CPUID leaf where Xen's signature was found (0 when there is none). */
extern uint32_t xen_cpuid_base;

/* Finds the Xen leaves and installs the hypercall page; false when either
 * is missing (then every hypercall goes by VMMCALL/VMCALL). */
bool hypercall_init(void);
/* The path hypercall() takes: the page once installed, else the vendor's
 * instruction. */
extern enum hypercall_path hypercall_default_path;
const char *hypercall_path_name(enum hypercall_path path);

long hypercall_by(enum hypercall_path path, unsigned int nr, unsigned long a1,
                  unsigned long a2, unsigned long a3, unsigned long a4,
                  unsigned long a5);

static inline long hypercall(unsigned int nr, unsigned long a1,
                             unsigned long a2, unsigned long a3)
{
    return hypercall_by(hypercall_default_path, nr, a1, a2, a3, 0, 0);
}

static inline long hypercall_xen_version(unsigned int cmd, void *arg)
{
    return hypercall(__HYPERVISOR_xen_version, cmd, (unsigned long)arg, 0);
}

static inline long hypercall_console_write(const char *buf, unsigned long len)
{
    return hypercall(__HYPERVISOR_console_io, CONSOLEIO_write, len,
                     (unsigned long)buf);
}

static inline long hypercall_shutdown(unsigned int reason)
{
    struct sched_shutdown s = { .reason = reason };

    return hypercall(__HYPERVISOR_sched_op, SCHEDOP_shutdown, (unsigned long)&s, 0);
}

#endif

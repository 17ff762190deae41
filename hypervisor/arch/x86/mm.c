/* arch_memory_op: the memory_op sub-ops x86 adds (Xen 4.17's
 * arch/x86/mm.c, as an HVM guest reaches them through hvm_memory_op).
 * They see the whole cmd: continuation bits make them unknown. */
#include <xen/lib.h>
#include <xen/sched.h>
#include <xen/hypercall.h>
#include <xen/guest_access.h>
#include <asm/smp.h>
#include <public/memory.h>
#include <public/errno.h>

/* XENMEM_memory_map: the memory map the domain's builder gave it. */
static long memory_map(uint64_t arg)
{
    struct domain *d = current->domain;
    struct xen_memory_map map;

    if (copy_from_guest(&map, arg, 1))
        return -XEN_EFAULT;
    if (!d->arch.nr_e820)
        return -XEN_ENOSYS;             /* Xen: none set, "backwards compatibility" */
    map.nr_entries = MIN(map.nr_entries, d->arch.nr_e820);
    if (copy_to_guest((uint64_t)(uintptr_t)map.buffer.p, d->arch.e820, map.nr_entries) ||
        copy_to_guest(arg, &map, 1))
        return -XEN_EFAULT;
    return 0;
}

/* Everything else is unknown here; Xen also refuses the host's memory map
 * (XENMEM_machine_memory_map) and PV's M2P to an HVM guest with -ENOSYS. */
long arch_memory_op(unsigned long cmd, uint64_t arg)
{
    if (cmd == XENMEM_memory_map)
        return memory_map(arg);
    return -XEN_ENOSYS;
}

/* The vcpu_op sub-ops Xen 4.17 keeps in arch/x86/domain.c (do_vcpu_op,
 * before common_vcpu_op): send_nmi, get_physid and the time memory area
 * (kept up to date by arch/x86/pvclock.c);
 * common/vcpu_op.c hands over what it does not know. */
#include <xen/lib.h>
#include <xen/sched.h>
#include <xen/hypercall.h>
#include <xen/guest_access.h>
#include <xen/time.h>
#include <asm/hvm/irq.h>
#include <public/vcpu.h>
#include <public/errno.h>

long arch_do_vcpu_op(int cmd, struct vcpu *v, uint64_t arg)
{
    switch (cmd) {
    case VCPUOP_send_nmi:
        /* No argument: anything but a NULL handle is -EINVAL. */
        if (arg)
            return -XEN_EINVAL;
        hvm_inject_nmi(v);
        return 0;
    case VCPUOP_get_physid:
        /* Only a hardware domain's vCPU pinned to its pCPU has one. */
        return -XEN_EINVAL;
    case VCPUOP_register_vcpu_time_memory_area: {
        struct vcpu_register_time_memory_area area;

        /* A second copy of the time record at a guest virtual address
         * (Linux's vDSO clock on PV); HVM handles are not range-checked,
         * a null one stops the copies. Filled at once, through the
         * caller's page tables, as Xen's force_update_vcpu_system_time. */
        if (copy_from_guest(&area, arg, 1))
            return -XEN_EFAULT;
        v->time_info_guest = (uint64_t)(uintptr_t)area.addr.v;
        update_vcpu_system_time(v);
        return 0;
    }
    }
    return -XEN_ENOSYS;
}

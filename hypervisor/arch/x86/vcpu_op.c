/* The vcpu_op sub-ops Xen 4.17 keeps in arch/x86/domain.c (do_vcpu_op,
 * before common_vcpu_op): send_nmi, get_physid and the time memory area;
 * common/vcpu_op.c hands over what it does not know. */
#include <xen/lib.h>
#include <xen/sched.h>
#include <xen/hypercall.h>
#include <xen/guest_access.h>
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

        /* Read as Xen reads it; the second time record is not offered. */
        return copy_from_guest(&area, arg, 1) ? -XEN_EFAULT : -XEN_ENOSYS;
    }
    }
    return -XEN_ENOSYS;
}

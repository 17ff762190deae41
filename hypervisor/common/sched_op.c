/* do_sched_op: yield, block, shutdown with a reason (and shutdown_code,
 * the reason kept for a later suspend). poll and remote_shutdown need
 * event channels and the privileged toolstack: -ENOSYS until then. */
#include <xen/lib.h>
#include <xen/sched.h>
#include <xen/hypercall.h>
#include <xen/guest_access.h>
#include <asm/smp.h>
#include <public/sched.h>
#include <public/errno.h>

long do_sched_op(int cmd, uint64_t arg)
{
    struct vcpu *v = current;
    struct sched_shutdown s;

    switch (cmd) {
    case SCHEDOP_yield:
        vcpu_yield();
        return 0;
    case SCHEDOP_block:
        vcpu_block();
        return 0;
    case SCHEDOP_shutdown:
        if (copy_from_guest(&s, arg, 1))
            return -XEN_EFAULT;
        domain_shutdown(v->domain, (uint8_t)s.reason);     /* as Xen: no check */
        return 0;
    case SCHEDOP_shutdown_code:
        if (copy_from_guest(&s, arg, 1))
            return -XEN_EFAULT;
        v->domain->shutdown_code = (uint8_t)s.reason;
        return 0;
    }
    return -XEN_ENOSYS;
}

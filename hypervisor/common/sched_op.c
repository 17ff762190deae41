/* do_sched_op: yield, block, shutdown with a reason (and shutdown_code,
 * the reason kept for a later suspend), remote_shutdown for the privileged
 * (Xen 4.17's common/sched/core.c; XSM_DM_PRIV in the dummy policy: the
 * control domain), pin_override refused as Xen refuses it to all but the
 * hardware domain. poll and watchdog read their argument as Xen does
 * (-EFAULT) but are not offered yet (-ENOSYS). */
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
    case SCHEDOP_remote_shutdown: {
        struct sched_remote_shutdown rs;
        struct domain *d;

        if (copy_from_guest(&rs, arg, 1))
            return -XEN_EFAULT;
        d = get_domain_by_id(rs.domain_id);     /* no DOMID_SELF here */
        if (!d)
            return -XEN_ESRCH;
        if (!v->domain->is_privileged)
            return -XEN_EPERM;
        domain_shutdown(d, (uint8_t)rs.reason);
        return 0;
    }
    case SCHEDOP_poll: {
        struct sched_poll p;

        return copy_from_guest(&p, arg, 1) ? -XEN_EFAULT : -XEN_ENOSYS;
    }
    case SCHEDOP_watchdog: {
        struct sched_watchdog w;

        return copy_from_guest(&w, arg, 1) ? -XEN_EFAULT : -XEN_ENOSYS;
    }
    case SCHEDOP_pin_override:
        /* Checked before the argument is read. */
        return v->domain->is_privileged ? -XEN_ENOSYS : -XEN_EPERM;
    case SCHEDOP_shutdown_code:
        if (copy_from_guest(&s, arg, 1))
            return -XEN_EFAULT;
        v->domain->shutdown_code = (uint8_t)s.reason;
        return 0;
    }
    return -XEN_ENOSYS;
}

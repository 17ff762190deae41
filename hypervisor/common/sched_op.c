/* do_sched_op: yield, block, poll, shutdown with a reason (and
 * shutdown_code, the reason kept for a later suspend), remote_shutdown for
 * the privileged (Xen 4.17's common/sched/core.c; XSM_DM_PRIV in the dummy
 * policy: the control domain), pin_override refused as Xen refuses it to
 * all but the hardware domain; watchdog in common/domain_watchdog.c. */
#include <xen/lib.h>
#include <xen/sched.h>
#include <xen/hypercall.h>
#include <xen/guest_access.h>
#include <xen/event.h>
#include <xen/vcpu_timer.h>
#include <xen/watchdog.h>
#include <xen/trace.h>
#include <xen/softirq.h>
#include <asm/hvm/irq.h>
#include <asm/smp.h>
#include <public/sched.h>
#include <public/errno.h>

/* Xen's do_poll: block until one of the ports is pending (masked or not:
 * Linux's PV spinlocks poll a masked IPI port), an interrupt the vCPU would
 * take now is pending, or the absolute timeout passes. Wakers: the event
 * path (hook_check_pollers), the poll timer, any vcpu_kick. Flags are set
 * before the ports are looked at, so an event in between still wakes. */
static long do_poll(const struct sched_poll *p)
{
    struct vcpu *v = current;
    struct domain *d = v->domain;
    uint64_t bit = 1ULL << v->vcpu_id;
    evtchn_port_t port = 0;
    long rc = 0;

    if (p->nr_ports > 128)                  /* Xen's "fairly arbitrary limit" */
        return -XEN_EINVAL;
    __atomic_fetch_or(&v->pause_flags, VPF_blocked, __ATOMIC_SEQ_CST);
    __atomic_store_n(&v->poll_evtchn, -1, __ATOMIC_SEQ_CST);
    __atomic_fetch_or(&d->poll_mask, bit, __ATOMIC_SEQ_CST);

    if (hvm_local_events_deliverable(v))
        goto out;
    for (unsigned int i = 0; i < p->nr_ports; i++) {
        uint64_t va = (uint64_t)(uintptr_t)p->ports.p + i * sizeof(port);

        rc = -XEN_EFAULT;
        if (copy_from_guest(&port, va, 1))
            goto out;
        rc = evtchn_poll_port(d, port);
        if (rc) {
            rc = rc > 0 ? 0 : rc;
            goto out;
        }
    }
    if (p->nr_ports == 1)
        __atomic_store_n(&v->poll_evtchn, (int)port, __ATOMIC_SEQ_CST);
    if (p->timeout)
        vcpu_set_poll_timer(v, (s_time_t)p->timeout);
    trace(TRC_SCHED, "poll", "d=%u v=%d ports=%u timeout=%llu", d->domain_id, v->vcpu_id,
          p->nr_ports, (unsigned long long)p->timeout);
    raise_softirq(SCHEDULE_SOFTIRQ);
    return 0;

out:
    __atomic_store_n(&v->poll_evtchn, 0, __ATOMIC_SEQ_CST);
    __atomic_fetch_and(&d->poll_mask, ~bit, __ATOMIC_SEQ_CST);
    __atomic_fetch_and(&v->pause_flags, ~VPF_blocked, __ATOMIC_SEQ_CST);
    return rc;
}

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

        return copy_from_guest(&p, arg, 1) ? -XEN_EFAULT : do_poll(&p);
    }
    case SCHEDOP_watchdog: {
        struct sched_watchdog w;

        return copy_from_guest(&w, arg, 1) ? -XEN_EFAULT :
               domain_watchdog(v->domain, w.id, w.timeout);
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

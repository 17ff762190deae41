/* do_vcpu_op: the sub-operations this rung needs. get_runstate_info gives
 * the scheduler's accounting of a vCPU of the caller's domain (time
 * running, runnable, blocked, offline: what Linux reports as steal time);
 * is_up whether it is up; the timers as the reference's (4.17.7)
 * common_vcpu_op has them (the single-shot one only for the calling vCPU
 * itself, -EINVAL for another; the rules in common/vcpu_timer_rules.c);
 * register_vcpu_info (common/vcpu_info.c), register_runstate_memory_area
 * (common/runstate_area.c); initialise and up (arch/x86/hvm/domain.c: a
 * start state is needed, then a vCPU that was down is woken) and down,
 * which powers the domain off when no other vCPU is up, as Xen does. */
#include <xen/lib.h>
#include <xen/sched.h>
#include <xen/hypercall.h>
#include <xen/guest_access.h>
#include <xen/vcpu_timer.h>
#include <xen/time.h>
#include <asm/smp.h>
#include <public/vcpu.h>
#include <public/errno.h>

/* A vCPU taking itself down returns 0 when it is brought up again. */
static long vcpu_down(struct vcpu *v)
{
    struct domain *d = v->domain;
    struct vcpu *o;

    for (o = d->vcpu[0]; o; o = o->next_in_list)
        if (o != v && !(__atomic_load_n(&o->pause_flags, __ATOMIC_ACQUIRE) & VPF_down))
            break;
    if (!o) {
        domain_shutdown(d, SHUTDOWN_poweroff);
        return 0;
    }
    if (!(__atomic_fetch_or(&v->pause_flags, VPF_down, __ATOMIC_ACQ_REL) & VPF_down))
        vcpu_sleep_nosync(v);
    return 0;
}

long do_vcpu_op(int cmd, unsigned int vcpuid, uint64_t arg)
{
    struct domain *d = current->domain;
    struct vcpu *v;
    struct vcpu_runstate_info rs;
    struct vcpu_set_periodic_timer per;
    struct vcpu_set_singleshot_timer one;
    int rc;

    if (vcpuid >= d->max_vcpus || !(v = d->vcpu[vcpuid]))
        return -XEN_ENOENT;
    switch (cmd) {
    case VCPUOP_initialise:
        /* Xen: a vCPU past the shared_info's array needs its vcpu_info
         * registered first. */
        if (!v->vcpu_info)
            return -XEN_EINVAL;
        return arch_initialise_vcpu(v, arg);
    case VCPUOP_up:
        return arch_vcpu_up(v);
    case VCPUOP_down:
        return vcpu_down(v);
    case VCPUOP_get_runstate_info:
        vcpu_runstate_get(v, &rs);
        return copy_to_guest(arg, &rs, 1) ? -XEN_EFAULT : 0;
    case VCPUOP_is_up:
        return !(v->pause_flags & VPF_down);
    case VCPUOP_set_periodic_timer:
        if (copy_from_guest(&per, arg, 1))
            return -XEN_EFAULT;
        if ((rc = periodic_check(per.period_ns)))
            return rc;
        vcpu_set_periodic_timer(v, (s_time_t)per.period_ns);
        return 0;
    case VCPUOP_stop_periodic_timer:
        vcpu_set_periodic_timer(v, 0);
        return 0;
    case VCPUOP_set_singleshot_timer:
        if (v != current)
            return -XEN_EINVAL;
        if (copy_from_guest(&one, arg, 1))
            return -XEN_EFAULT;
        vcpu_singleshot_op(v, one.timeout_abs_ns);    /* one.flags: ignored */
        return 0;
    case VCPUOP_stop_singleshot_timer:
        if (v != current)
            return -XEN_EINVAL;
        vcpu_stop_singleshot_timer(v);
        return 0;
    case VCPUOP_register_runstate_memory_area:
        return register_runstate_area(v, arg);
    case VCPUOP_register_vcpu_info: {
        struct vcpu_register_vcpu_info info;

        if (copy_from_guest(&info, arg, 1))
            return -XEN_EFAULT;
        rc = map_vcpu_info(v, (unsigned long)info.mfn, info.offset);
        update_vcpu_system_time(v);     /* as Xen: the time record in its new place */
        return rc;
    }
    }
    return arch_do_vcpu_op(cmd, v, arg);    /* send_nmi, get_physid, ... */
}

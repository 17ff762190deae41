/* do_vcpu_op: the sub-operations this rung needs. get_runstate_info gives
 * the scheduler's accounting of a vCPU of the caller's domain (time
 * running, runnable, blocked, offline: what Linux reports as steal time);
 * is_up whether it is up. The rest (timers, vcpu_info, up/down) come with
 * the ABI rung and get -ENOSYS until then, as Xen answers what it lacks. */
#include <xen/lib.h>
#include <xen/sched.h>
#include <xen/hypercall.h>
#include <xen/guest_access.h>
#include <asm/smp.h>
#include <public/vcpu.h>
#include <public/errno.h>

long do_vcpu_op(int cmd, unsigned int vcpuid, uint64_t arg)
{
    struct domain *d = current->domain;
    struct vcpu *v;
    struct vcpu_runstate_info rs;

    if (vcpuid >= d->max_vcpus || !(v = d->vcpu[vcpuid]))
        return -XEN_ENOENT;
    switch (cmd) {
    case VCPUOP_get_runstate_info:
        vcpu_runstate_get(v, &rs);
        return copy_to_guest(arg, &rs, 1) ? -XEN_EFAULT : 0;
    case VCPUOP_is_up:
        return !(v->pause_flags & VPF_down);
    }
    return -XEN_ENOSYS;
}

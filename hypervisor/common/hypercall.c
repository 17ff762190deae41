/* The one place where hypercalls are dispatched and traced. Handlers are
 * named do_<hypercall> as in Xen; numbers come from the public ABI
 * (public/xen.h). What is not implemented gets -ENOSYS, as on Xen. */
#include <xen/lib.h>
#include <xen/sched.h>
#include <xen/trace.h>
#include <xen/hypercall.h>
#include <xen/event.h>
#include <xen/softirq.h>
#include <xen/vcpu_timer.h>
#include <xen/grant_table.h>
#include <asm/smp.h>
#include <public/errno.h>

const char *hypercall_name(unsigned long nr)
{
    switch (nr) {
    case __HYPERVISOR_set_timer_op: return "set_timer_op";
    case __HYPERVISOR_memory_op: return "memory_op";
    case __HYPERVISOR_multicall: return "multicall";
    case __HYPERVISOR_xen_version: return "xen_version";
    case __HYPERVISOR_console_io: return "console_io";
    case __HYPERVISOR_vm_assist: return "vm_assist";
    case __HYPERVISOR_grant_table_op: return "grant_table_op";
    case __HYPERVISOR_vcpu_op: return "vcpu_op";
    case __HYPERVISOR_sched_op: return "sched_op";
    case __HYPERVISOR_event_channel_op: return "event_channel_op";
    case __HYPERVISOR_physdev_op: return "physdev_op";
    case __HYPERVISOR_hvm_op: return "hvm_op";
    case __HYPERVISOR_sysctl: return "sysctl";
    case __HYPERVISOR_domctl: return "domctl";
    }
    return "unknown";
}

bool hypercall_preempt_check(void)
{
    return softirq_pending(smp_processor_id());
}

long hypercall_create_continuation(unsigned int op, unsigned int nr_args, ...)
{
    struct vcpu *v = current;
    va_list ap;

    va_start(ap, nr_args);
    v->hcall_nr_args = MIN(nr_args, ARRAY_SIZE(v->hcall_args));
    for (unsigned int i = 0; i < v->hcall_nr_args; i++)
        v->hcall_args[i] = va_arg(ap, uint64_t);
    va_end(ap);
    v->hcall_preempted = true;
    trace(TRC_HCALL, "preempt", "d=%u v=%d nr=%u name=%s a1=%#llx",
          v->domain->domain_id, v->vcpu_id, op, hypercall_name(op),
          (unsigned long long)v->hcall_args[0]);
    return op;
}

long do_hypercall(struct vcpu *v, unsigned long nr, const uint64_t a[5])
{
    long rc;

    v->hcall_preempted = false;

    /* machine-wide, per CPU (key 'p'); numbers beyond 32 bits: "other" */
    trace_count(TRC_HCALL, nr > UINT32_MAX ? UINT32_MAX : (unsigned int)nr);
    trace(TRC_HCALL, "call", "d=%u v=%d nr=%lu name=%s a1=%#llx a2=%#llx",
          v->domain->domain_id, v->vcpu_id, nr, hypercall_name(nr),
          (unsigned long long)a[0], (unsigned long long)a[1]);
    switch (nr) {
    case __HYPERVISOR_xen_version:
        rc = do_xen_version((int)a[0], a[1]);
        break;
    case __HYPERVISOR_console_io:
        rc = do_console_io((int)a[0], (unsigned int)a[1], a[2]);
        break;
    case __HYPERVISOR_sched_op:
        rc = do_sched_op((int)a[0], a[1]);
        break;
    case __HYPERVISOR_vcpu_op:
        rc = do_vcpu_op((int)a[0], (unsigned int)a[1], a[2]);
        break;
    case __HYPERVISOR_event_channel_op:
        rc = do_event_channel_op((int)a[0], a[1]);
        break;
    case __HYPERVISOR_hvm_op:
        rc = do_hvm_op(a[0], a[1]);
        break;
    case __HYPERVISOR_memory_op:
        rc = do_memory_op(a[0], a[1]);
        break;
    case __HYPERVISOR_set_timer_op:
        rc = do_set_timer_op((s_time_t)a[0]);  /* 64-bit guests: one argument */
        break;
    case __HYPERVISOR_vm_assist:
        rc = do_vm_assist((unsigned int)a[0], (unsigned int)a[1]);
        break;
    case __HYPERVISOR_grant_table_op:
        rc = do_grant_table_op((unsigned int)a[0], a[1], (unsigned int)a[2]);
        break;
    default:
        rc = -XEN_ENOSYS;
    }
    trace(TRC_HCALL, "ret", "d=%u v=%d nr=%lu rc=%ld", v->domain->domain_id,
          v->vcpu_id, nr, rc);
    return rc;
}

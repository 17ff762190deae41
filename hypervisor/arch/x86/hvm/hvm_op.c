/* do_hvm_op: what a PVH guest asks of its HVM container (public/hvm/
 * hvm_op.h), with Xen 4.17's checks in their order: the parameter index,
 * the domain (-ESRCH), HVM or not, XSM's dummy policy (-EPERM on another
 * domain's parameters unless privileged), then which parameters a guest
 * may set or read itself (arch/x86/hvm/hvm.c: hvm_allow_set_param,
 * hvm_allow_get_param). Event channel upcalls are set up here: the
 * domain-wide callback vector (HVM_PARAM_CALLBACK_IRQ, type vector) and
 * the per-vCPU upcall vector. Also the system time (HVMOP_get_time) and
 * the shadow-paging hint Linux tries at boot. */
#include <xen/lib.h>
#include <xen/sched.h>
#include <xen/hypercall.h>
#include <xen/guest_access.h>
#include <xen/time.h>
#include <asm/smp.h>
#include <asm/hvm/irq.h>
#include <public/hvm/hvm_op.h>
#include <public/hvm/params.h>
#include <public/errno.h>

_Static_assert(ARCH_HVM_NR_PARAMS == HVM_NR_PARAMS, "HVM_NR_PARAMS");

/* Parameters Xen calls deprecated: -EINVAL for everyone. */
static bool param_deprecated(uint32_t i)
{
    switch (i) {
    case HVM_PARAM_PAE_ENABLED: case HVM_PARAM_DM_DOMAIN:
    case HVM_PARAM_MEMORY_EVENT_CR0: case HVM_PARAM_MEMORY_EVENT_CR3:
    case HVM_PARAM_MEMORY_EVENT_CR4: case HVM_PARAM_MEMORY_EVENT_INT3:
    case HVM_PARAM_NESTEDHVM: case HVM_PARAM_MEMORY_EVENT_SINGLE_STEP:
    case HVM_PARAM_BUFIOREQ_EVTCHN: case HVM_PARAM_MEMORY_EVENT_MSR:
        return true;
    }
    return false;
}

static bool guest_may_set(uint32_t i)
{
    switch (i) {
    case HVM_PARAM_CALLBACK_IRQ: case HVM_PARAM_VM86_TSS: case HVM_PARAM_VM86_TSS_SIZED:
    case HVM_PARAM_ACPI_IOPORTS_LOCATION: case HVM_PARAM_VM_GENERATION_ID_ADDR:
    case HVM_PARAM_STORE_EVTCHN: case HVM_PARAM_CONSOLE_EVTCHN: case HVM_PARAM_X87_FIP_WIDTH:
        return true;
    }
    return false;
}

static bool guest_may_get(uint32_t i)
{
    switch (i) {
    case HVM_PARAM_STORE_PFN: case HVM_PARAM_CONSOLE_PFN: case HVM_PARAM_ALTP2M:
        return true;
    }
    return guest_may_set(i);
}

/* HVM_PARAM_CALLBACK_IRQ: bits 63:56 are the type. A PVH domain has no
 * emulated IOAPIC or PIC, so Xen's hvm_set_callback_via ignores every type
 * but vector there, "none" (0) included: once set, the callback vector
 * stays (the parameter itself reads back what was written). */
static void set_callback_via(struct domain *d, uint64_t via)
{
    struct vcpu *v;

    if ((via >> 56) != HVM_PARAM_CALLBACK_TYPE_VECTOR)
        return;
    d->arch.callback_via_vector = (uint8_t)via;
    printk(XENLOG_INFO "d%u: callback via changed to direct vector %#x\n", d->domain_id,
           d->arch.callback_via_vector);
    for_each_vcpu(d, v)
        hvm_assert_evtchn_irq(v);
}

static long param_op(unsigned long op, uint64_t arg)
{
    struct xen_hvm_param a;
    struct domain *d, *cd = current->domain;
    bool self;

    if (copy_from_guest(&a, arg, 1))
        return -XEN_EFAULT;
    if (a.index >= HVM_NR_PARAMS)
        return -XEN_EINVAL;
    d = a.domid == DOMID_SELF ? cd : get_domain_by_id(a.domid);
    if (!d)
        return -XEN_ESRCH;
    if (!d->is_hvm)
        return -XEN_EINVAL;
    self = d == cd;
    if (!self && !cd->is_privileged)
        return -XEN_EPERM;
    if (param_deprecated(a.index))
        return -XEN_EINVAL;
    if (op == HVMOP_set_param) {
        if (self && !guest_may_set(a.index))
            return -XEN_EPERM;
        d->arch.hvm_params[a.index] = a.value;
        if (a.index == HVM_PARAM_CALLBACK_IRQ)
            set_callback_via(d, a.value);
        return 0;
    }
    if (self && !guest_may_get(a.index))
        return -XEN_EPERM;
    a.value = d->arch.hvm_params[a.index];
    return copy_to_guest(arg, &a, 1) ? -XEN_EFAULT : 0;
}

static long set_evtchn_upcall_vector(uint64_t arg)
{
    struct xen_hvm_evtchn_upcall_vector op;
    struct domain *d = current->domain;
    struct vcpu *v;

    if (!d->is_hvm)
        return -XEN_EINVAL;
    if (copy_from_guest(&op, arg, 1))
        return -XEN_EFAULT;
    if (op.vector < 0x10)
        return -XEN_EINVAL;
    if (op.vcpu >= d->max_vcpus || !(v = d->vcpu[op.vcpu]))
        return -XEN_ENOENT;
    printk(XENLOG_INFO "d%uv%u: upcall vector %02x\n", d->domain_id, op.vcpu, op.vector);
    v->arch.hvm.evtchn_upcall_vector = op.vector;
    hvm_assert_evtchn_irq(v);           /* as Xen: one upcall now, if its APIC is enabled */
    return 0;
}

/* HVMOP_pagetable_dying is a hint for shadow paging; with nested paging
 * Xen 4.17 refuses it for the caller itself with -EINVAL (Linux then says
 * "HVMOP_pagetable_dying not supported") and another domain with
 * -EOPNOTSUPP. */
static long pagetable_dying(uint64_t arg)
{
    struct xen_hvm_pagetable_dying a;
    struct domain *d;

    if (copy_from_guest(&a, arg, 1))
        return -XEN_EFAULT;
    d = a.domid == DOMID_SELF ? current->domain : get_domain_by_id(a.domid);
    if (!d)
        return -XEN_ESRCH;
    return d != current->domain ? -XEN_EOPNOTSUPP : -XEN_EINVAL;
}

long do_hvm_op(unsigned long op, uint64_t arg)
{
    xen_hvm_get_time_t now;

    switch (op) {
    case HVMOP_set_param:
    case HVMOP_get_param:
        return param_op(op, arg);
    case HVMOP_set_evtchn_upcall_vector:
        return set_evtchn_upcall_vector(arg);
    case HVMOP_pagetable_dying:
        return pagetable_dying(arg);
    case HVMOP_get_time:
        now.now = (uint64_t)NOW();
        return copy_to_guest(arg, &now, 1) ? -XEN_EFAULT : 0;
    }
    return -XEN_ENOSYS;
}

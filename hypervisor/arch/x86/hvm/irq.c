/* Events for HVM vCPUs, whatever the vendor (asm/hvm/irq.h): waking or
 * kicking the vCPU, and the pending NMI that svm_intr_assist injects. */
#include <xen/lib.h>
#include <xen/sched.h>
#include <xen/softirq.h>
#include <asm/smp.h>
#include <asm/hvm/hvm.h>
#include <asm/hvm/irq.h>
#include <asm/hvm/vlapic.h>

/* Xen's vcpu_kick: unblock, or interrupt the pCPU it runs on so that it
 * passes through its pending-work check before the next VMRUN. */
void vcpu_kick(struct vcpu *v)
{
    if (vcpu_unblock(v))
        return;
    if (v->is_running && v->processor != smp_processor_id())
        cpu_raise_softirq(v->processor, VCPU_KICK_SOFTIRQ);
}

void hvm_inject_nmi(struct vcpu *v)
{
    if (!__atomic_exchange_n(&v->arch.hvm.nmi_pending, true, __ATOMIC_SEQ_CST))
        vcpu_kick(v);
}

/* Xen 4.17.7's hvm_assert_evtchn_irq (Xen commit f5d0279839b5, in 4.17
 * since 4.17.1): a software-disabled local APIC accepts no interrupt, so
 * the upcall vector is not marked in IRR then; vlapic_write marks it when
 * the guest enables the APIC with an upcall pending. Linux registers the
 * vector before it enables its APIC, and would find a stale IRR bit. */
void hvm_assert_evtchn_irq(struct vcpu *v)
{
    uint8_t vector = v->arch.hvm.evtchn_upcall_vector;

    if (!vector)
        vcpu_kick(v);
    else if (vlapic_enabled(v))
        vlapic_set_irq(v, vector);
}

bool hvm_evtchn_upcall_pending(const struct vcpu *v)
{
    return v->vcpu_info &&
           __atomic_load_n(&v->vcpu_info->evtchn_upcall_pending, __ATOMIC_SEQ_CST);
}

int hvm_callback_vector_pending(struct vcpu *v)
{
    uint8_t vector = v->domain->arch.callback_via_vector;

    if (!vector || !hvm_evtchn_upcall_pending(v))
        return -1;
    return vector;
}

bool hvm_local_events_need_delivery(struct vcpu *v)
{
    return __atomic_load_n(&v->arch.hvm.nmi_pending, __ATOMIC_SEQ_CST) ||
           hvm_callback_vector_pending(v) >= 0 || vlapic_has_pending(v);
}

bool hvm_local_events_deliverable(struct vcpu *v)
{
    uint64_t rflags = v->arch.user_regs.rflags;
    unsigned int shadow = hvm_funcs.get_interrupt_shadow(v);

    if (__atomic_load_n(&v->arch.hvm.nmi_pending, __ATOMIC_SEQ_CST) &&
        hvm_intblk(hvm_intsrc_nmi, rflags, shadow) == hvm_intblk_none)
        return true;
    return (hvm_callback_vector_pending(v) >= 0 || vlapic_has_pending(v)) &&
           hvm_intblk(hvm_intsrc_lapic, rflags, shadow) == hvm_intblk_none;
}

/* Getting events into an SVM guest before VMRUN (Xen's svm/intr.c). AMD
 * APM vol. 2, 15.20 (EVENTINJ), 15.21 (virtual interrupts, V_INTR_MASKING,
 * the interrupt shadow).
 * - NMIs go in through EVENTINJ type NMI. SVM does not track the guest's
 *   NMI blocking, so as Xen does we intercept IRET after injecting one and
 *   hold further NMIs back until that IRET exits (exits.c then sets an
 *   interrupt shadow, which keeps the next NMI out until the IRET has
 *   retired).
 * - Local APIC interrupts are offered through V_IRQ with their vector; the
 *   CPU delivers one when the guest's IF and shadow allow it (with
 *   V_INTR_MASKING the guest's IF masks it), which is the interrupt window
 *   done by hardware. Not through EVENTINJ type INTR: QEMU 7.2 can deliver
 *   that twice (docs/qemu-tcg-svm.md).
 * - The event channel callback vector is offered only when the guest can
 *   take it at once. Otherwise it, like an NMI held back by a shadow or by
 *   an event already in EVENTINJ, asks for a window: the VINTR intercept
 *   with V_IRQ set exits as soon as the guest could take an interrupt
 *   (instead of delivering it, on hardware and on QEMU alike). As in Xen
 *   this waits for IF=1 too; a pending NMI is also retried at every other
 *   exit. */
#include <xen/lib.h>
#include <xen/sched.h>
#include <xen/trace.h>
#include <asm/hvm/hvm.h>
#include <asm/hvm/irq.h>
#include <asm/hvm/svm/svm.h>
#include <asm/hvm/svm/vmcb.h>
#include <asm/hvm/vlapic.h>

#define APIC_TASKPRI 0x080                  /* SDM table 11-1 */
#define VINTR_V_FIELDS (VINTR_V_IRQ | VINTR_V_IGN_TPR | VINTR_V_INTR_PRIO(0xf) | \
                        VINTR_V_INTR_VECTOR(0xff))

unsigned int svm_get_interrupt_shadow(struct vcpu *v)
{
    const struct vmcb_struct *vmcb = v->arch.hvm.svm.vmcb;
    unsigned int shadow = 0;

    if (vmcb->int_stat & INT_STAT_INTR_SHADOW)
        shadow |= HVM_INTR_SHADOW_MOV_SS | HVM_INTR_SHADOW_STI;
    if (vmcb->general1_intercepts & GENERAL1_INTERCEPT_IRET)
        shadow |= HVM_INTR_SHADOW_NMI;
    return shadow;
}

/* Xen's svm_set_interrupt_shadow: the STI/MOV SS shadow is INT_STAT's one
 * bit; NMI blocking is the IRET intercept (see above). */
void svm_set_interrupt_shadow(struct vcpu *v, unsigned int intr_shadow)
{
    struct vmcb_struct *vmcb = v->arch.hvm.svm.vmcb;

    if (intr_shadow & (HVM_INTR_SHADOW_MOV_SS | HVM_INTR_SHADOW_STI))
        vmcb->int_stat |= INT_STAT_INTR_SHADOW;
    else
        vmcb->int_stat &= ~INT_STAT_INTR_SHADOW;
    if (intr_shadow & HVM_INTR_SHADOW_NMI)
        vmcb->general1_intercepts |= GENERAL1_INTERCEPT_IRET;
    else
        vmcb->general1_intercepts &= ~GENERAL1_INTERCEPT_IRET;
}

static const char *const intblk_names[] = {
    [hvm_intblk_none] = "none", [hvm_intblk_shadow] = "shadow",
    [hvm_intblk_rflags_ie] = "rflags_ie", [hvm_intblk_nmi_iret] = "nmi_iret",
};

static void svm_inject_nmi(struct vcpu *v)
{
    struct vmcb_struct *vmcb = v->arch.hvm.svm.vmcb;

    vmcb->eventinj = EVTINJ_V | ((uint64_t)EVENTTYPE_NMI << 8) | 2;
    vmcb->general1_intercepts |= GENERAL1_INTERCEPT_IRET;
    if (trace_enabled(TRC_VMEXIT))
        trace(TRC_VMEXIT, "inject", "d=%u v=%d vector=2 type=nmi", v->domain->domain_id,
              v->vcpu_id);
}

/* A VINTR exit as soon as the guest can take an interrupt. The V_IRQ that
 * arms it is the local APIC's when one is offered, else a dummy (vector 0,
 * never delivered: the intercept comes first), cleared at the exit. */
static void svm_enable_intr_window(struct vcpu *v, enum hvm_intblk blk, const char *source)
{
    struct vmcb_struct *vmcb = v->arch.hvm.svm.vmcb;

    /* The IRET exit ends NMI blocking; VINTR knows nothing of it and would
     * exit again and again meanwhile. */
    if (blk == hvm_intblk_nmi_iret)
        return;
    if (vmcb->general1_intercepts & GENERAL1_INTERCEPT_VINTR)
        return;
    if (!(vmcb->vintr & VINTR_V_IRQ)) {
        vmcb->vintr = (vmcb->vintr & ~VINTR_V_FIELDS) | VINTR_V_IRQ | VINTR_V_IGN_TPR;
        v->arch.hvm.svm.vintr_dummy = true;
    }
    vmcb->general1_intercepts |= GENERAL1_INTERCEPT_VINTR;
    if (trace_enabled(TRC_VMEXIT))
        trace(TRC_VMEXIT, "intr_window", "d=%u v=%d source=%s blocked=%s",
              v->domain->domain_id, v->vcpu_id, source,
              vmcb->eventinj & EVTINJ_V ? "event" : intblk_names[blk]);
}

/* The VINTR exit (the window is open), or the NMI went in at another exit
 * first: disarm. Drop the dummy V_IRQ, keep a real one. */
void svm_intr_window_close(struct vcpu *v)
{
    struct vmcb_struct *vmcb = v->arch.hvm.svm.vmcb;

    vmcb->general1_intercepts &= ~GENERAL1_INTERCEPT_VINTR;
    if (v->arch.hvm.svm.vintr_dummy)
        vmcb->vintr &= ~VINTR_V_FIELDS;
    v->arch.hvm.svm.vintr_dummy = false;
}

/* At every exit: V_IRQ cleared by the CPU means the guest took the vector
 * we offered. */
void svm_intr_ack(struct vcpu *v)
{
    struct vlapic *vl = &v->arch.hvm.vlapic;

    if (vl->injecting >= 0 && !(v->arch.hvm.svm.vmcb->vintr & VINTR_V_IRQ)) {
        vlapic_ack(v, vl->injecting);
        vl->injecting = -1;
    }
    if (v->arch.hvm.injecting_callback && !(v->arch.hvm.svm.vmcb->vintr & VINTR_V_IRQ))
        v->arch.hvm.injecting_callback = false;
}

/* An event whose delivery the exit interrupted is delivered again, unless
 * re-running the instruction raises it anyway (INTn, INT3, INTO). An
 * interrupt goes back through V_IRQ, not EVENTINJ: QEMU 7.2 mislabels an
 * interrupted V_IRQ delivery as an exception with a vector of 32 or more
 * (docs/qemu-tcg-svm.md), which VMRUN would refuse. An NMI goes back
 * through EVENTINJ; its IRET intercept is still set. */
void svm_reinject(struct vcpu *v, uint64_t info)
{
    struct vmcb_struct *vmcb = v->arch.hvm.svm.vmcb;
    unsigned int type = EVTINJ_TYPE(info), vector = EVTINJ_VECTOR(info);

    if (type == EVENTTYPE_SWINT ||
        (type == EVENTTYPE_EXCEPTION && (vector == 3 || vector == 4)))
        return;
    if (type == EVENTTYPE_INTR || (type == EVENTTYPE_EXCEPTION && vector >= 32)) {
        v->arch.hvm.svm.vintr_dummy = false;
        vmcb->vintr = (vmcb->vintr & ~VINTR_V_FIELDS) | VINTR_V_IRQ | VINTR_V_IGN_TPR |
                      VINTR_V_INTR_PRIO(0xf) | VINTR_V_INTR_VECTOR(vector);
        return;
    }
    vmcb->eventinj = info;
}

/* Before VMRUN (Xen's svm_intr_assist): a pending NMI first, injected if
 * nothing blocks it and EVENTINJ is free, else a window asked for; then
 * the highest deliverable local APIC vector offered through V_IRQ. */
void svm_intr_assist(struct vcpu *v)
{
    struct vmcb_struct *vmcb = v->arch.hvm.svm.vmcb;
    struct vlapic *vl = &v->arch.hvm.vlapic;
    int vec;

    /* The intercepted IRET has retired once the guest is elsewhere. */
    if (v->arch.hvm.svm.nmi_iret_pending && v->arch.user_regs.rip != v->arch.hvm.svm.nmi_iret_rip)
        v->arch.hvm.svm.nmi_iret_pending = false;
    if (__atomic_load_n(&v->arch.hvm.nmi_pending, __ATOMIC_SEQ_CST)) {
        enum hvm_intblk blk = hvm_intblk(hvm_intsrc_nmi, v->arch.user_regs.rflags,
                                         svm_get_interrupt_shadow(v));
        /* Still at the NMI handler's IRET with the shadow set at its exit
         * gone: QEMU 7.2 loses it when another exit comes first (the NMI
         * would nest in its handler; on hardware the shadow holds and this
         * never happens). Blocked all the same; a window is asked for only
         * with IF clear, as with IF set it would open at once, before the
         * IRET, again and again: then the next exit retries. */
        bool at_iret = blk == hvm_intblk_none && v->arch.hvm.svm.nmi_iret_pending;

        if (at_iret) {
            if (!(v->arch.user_regs.rflags & X86_EFLAGS_IF))
                svm_enable_intr_window(v, hvm_intblk_shadow, "nmi");
        } else if (blk != hvm_intblk_none || (vmcb->eventinj & EVTINJ_V))
            svm_enable_intr_window(v, blk, "nmi");
        else if (__atomic_exchange_n(&v->arch.hvm.nmi_pending, false, __ATOMIC_SEQ_CST)) {
            svm_inject_nmi(v);
            if (vmcb->general1_intercepts & GENERAL1_INTERCEPT_VINTR)
                svm_intr_window_close(v);
        }
    }

    /* A callback vector offered while the guest had IF clear, whose event
     * the guest has since handled (polling): withdrawn, as Xen decides
     * afresh at each entry. */
    if (v->arch.hvm.injecting_callback && (vmcb->vintr & VINTR_V_IRQ) &&
        hvm_callback_vector_pending(v) < 0) {
        vmcb->vintr &= ~VINTR_V_FIELDS;
        v->arch.hvm.injecting_callback = false;
    }
    /* A local APIC vector offered but not yet taken, which the TPR now
     * holds back (the guest raised CR8 or the TPR meanwhile): withdrawn,
     * still pending in IRR; the offer uses V_IGN_TPR, so V_TPR would not. */
    if (vl->injecting >= 0 && (vmcb->vintr & VINTR_V_IRQ) &&
        ((unsigned int)vl->injecting & 0xf0) <= (vlapic_read(v, APIC_TASKPRI) & 0xf0)) {
        vmcb->vintr &= ~VINTR_V_FIELDS;
        vl->injecting = -1;
    }
    if (vmcb->vintr & VINTR_V_IRQ)
        return;                             /* one is offered, or a window is armed */
    /* The event channel callback vector comes before the local APIC's, as
     * in Xen (hvm_vcpu_has_pending_irq); it bypasses the APIC: no IRR, no
     * EOI, offered again while evtchn_upcall_pending stays set. Only when
     * the guest can take it at once: with IF clear or in a shadow (say, at
     * the first instruction of the handler of the upcall just delivered,
     * before it clears evtchn_upcall_pending) the window is asked for and
     * the choice made again when it opens, as Xen does; offered early, the
     * vector would come a second time once the handler's IRET sets IF. */
    if ((vec = hvm_callback_vector_pending(v)) >= 0) {
        enum hvm_intblk blk = hvm_intblk(hvm_intsrc_lapic, v->arch.user_regs.rflags,
                                         svm_get_interrupt_shadow(v));

        if (blk != hvm_intblk_none) {
            svm_enable_intr_window(v, blk, "callback");
            return;
        }
        vmcb->vintr = (vmcb->vintr & ~VINTR_V_FIELDS) | VINTR_V_IRQ | VINTR_V_IGN_TPR |
                      VINTR_V_INTR_PRIO((unsigned int)vec >> 4) |
                      VINTR_V_INTR_VECTOR((unsigned int)vec);
        v->arch.hvm.injecting_callback = true;
        return;
    }
    if ((vec = vlapic_pending(v)) < 0)
        return;
    vmcb->vintr = (vmcb->vintr & ~VINTR_V_FIELDS) | VINTR_V_IRQ | VINTR_V_IGN_TPR |
                  VINTR_V_INTR_PRIO((unsigned int)vec >> 4) |
                  VINTR_V_INTR_VECTOR((unsigned int)vec);
    vl->injecting = vec;
}

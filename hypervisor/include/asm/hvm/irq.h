/* Which event an HVM vCPU should get next and whether it can take it now:
 * Xen's hvm_intack / hvm_intblk vocabulary (xen/include/asm-x86/hvm/irq.h,
 * hvm.h). NMIs come before the local APIC's interrupts (AMD APM vol. 2,
 * 8.5: NMI outranks INTR). */
#ifndef ASM_HVM_IRQ_H
#define ASM_HVM_IRQ_H
#include <xen/types.h>

struct vcpu;

enum hvm_intsrc { hvm_intsrc_none, hvm_intsrc_lapic, hvm_intsrc_nmi };

enum hvm_intblk {
    hvm_intblk_none,                    /* not blocked: deliver it */
    hvm_intblk_shadow,                  /* STI or MOV SS shadow */
    hvm_intblk_rflags_ie,               /* RFLAGS.IF clear (not for NMIs) */
    hvm_intblk_nmi_iret,                /* NMI handler running: wait for its IRET */
};

/* hvm_funcs.get_interrupt_shadow's bits, as Xen's. */
#define HVM_INTR_SHADOW_STI    0x1
#define HVM_INTR_SHADOW_MOV_SS 0x2
#define HVM_INTR_SHADOW_NMI    0x8     /* NMIs blocked until the next IRET */

/* Pure (arch/x86/hvm/intblk.c, unit-tested): Xen's hvm_interrupt_blocked
 * for an event from src, given the guest's RFLAGS and shadow bits. */
enum hvm_intblk hvm_intblk(enum hvm_intsrc src, uint64_t rflags, unsigned int shadow);

/* arch/x86/hvm/irq.c */
/* Make v see new work: wake it if it blocked (HLT, SCHEDOP_block), or
 * make it leave the guest if it runs on another pCPU. */
void vcpu_kick(struct vcpu *v);
/* An NMI for v (the local APIC's delivery mode NMI). One is held pending
 * at most, as a CPU latches one while NMIs are blocked (Intel SDM vol. 3,
 * 6.7.1). */
void hvm_inject_nmi(struct vcpu *v);
/* hvm/init_sipi.c: INIT and STARTUP IPIs from sender to v, and what v
 * does about them at the top of its run loop. */
void hvm_vcpu_init_ipi(struct vcpu *sender, struct vcpu *v);
void hvm_vcpu_sipi(struct vcpu *sender, struct vcpu *v, uint8_t vector);
void hvm_init_sipi_work(struct vcpu *v);
/* Events became pending for v (Xen's hvm_assert_evtchn_irq): the per-vCPU
 * upcall vector through the local APIC (only while it is enabled), else a
 * kick so that the domain's callback vector goes in
 * (hvm_callback_vector_pending). */
void hvm_assert_evtchn_irq(struct vcpu *v);
/* v's vcpu_info has evtchn_upcall_pending set. */
bool hvm_evtchn_upcall_pending(const struct vcpu *v);
/* The callback vector to deliver now, or -1. */
int hvm_callback_vector_pending(struct vcpu *v);

/* Something is pending that would end a HLT: an NMI, or a deliverable
 * local APIC interrupt. */
bool hvm_local_events_need_delivery(struct vcpu *v);
/* Xen's hvm_local_events_need_delivery: something pending that v would
 * take now, given its RFLAGS.IF and interrupt shadow (SCHEDOP_poll). */
bool hvm_local_events_deliverable(struct vcpu *v);

#endif

/* The local APIC a PVH guest gets from Xen, emulated: xAPIC registers at
 * 0xfee00000 (reached through MMIO emulation), the timer (one-shot and
 * periodic), EOI, TPR/PPR, and delivery through SVM's virtual interrupt.
 * x2APIC mode through MSRs 0x800-0x8ff, fixed, NMI, INIT and STARTUP IPIs
 * (hvm/init_sipi.c). Intel SDM vol. 3, ch. 11; AMD APM vol. 2, ch. 16. */
#ifndef ASM_HVM_VLAPIC_H
#define ASM_HVM_VLAPIC_H
#include <xen/types.h>
#include <xen/timer.h>

#define VLAPIC_BASE 0xfee00000ULL

struct vcpu;

struct vlapic {
    uint32_t regs[0x400 / 4];           /* the 4 KiB page's 16-byte slots, packed */
    struct timer timer;
    s_time_t timer_start;               /* when the current count started */
    uint64_t timer_period_ns;           /* one count, in ns */
    int injecting;                      /* vector in V_IRQ, or -1 */
    uint64_t apic_base_msr;             /* IA32_APIC_BASE: EXTD is x2APIC mode */
    uint32_t icr_dest;                  /* x2APIC: ICR bits 63:32 */
    uint64_t tdt_msr;                   /* IA32_TSC_DEADLINE armed, 0: none */
};

void vlapic_init(struct vcpu *v);
void vlapic_destroy(struct vcpu *v);
void vlapic_do_init(struct vcpu *v);    /* INIT: registers reset, timer stopped */
bool vlapic_mmio_access(struct vcpu *v, uint64_t gpa);   /* its page, xAPIC mode */
bool vlapic_x2apic_mode(const struct vcpu *v);
uint64_t vlapic_base_msr(struct vcpu *v);
int vlapic_set_base_msr(struct vcpu *v, uint64_t val);   /* 0, or -1: #GP */
/* MSRs 0x800-0x8ff in x2APIC mode; 0, or -1 for #GP. */
int vlapic_x2apic_rdmsr(struct vcpu *v, uint32_t msr, uint64_t *val);
int vlapic_x2apic_wrmsr(struct vcpu *v, uint32_t msr, uint64_t val);
/* IA32_TSC_DEADLINE, as Xen's vlapic_tdt_msr_get/set: meaningful in the
 * timer's TSC-deadline mode only (reads 0, writes ignored otherwise). */
uint64_t vlapic_tdt_msr_get(struct vcpu *v);
void vlapic_tdt_msr_set(struct vcpu *v, uint64_t val);
/* 32-bit accesses at any offset of the page (SDM 11.4.1: other sizes are
 * undefined; we read/write the aligned dword). */
uint32_t vlapic_read(struct vcpu *v, unsigned int offset);
void vlapic_write(struct vcpu *v, unsigned int offset, uint32_t val);
/* Sets the vector in IRR and kicks the vCPU (edge-triggered). */
void vlapic_set_irq(struct vcpu *v, int vector);
/* The highest pending vector that may be delivered now, or -1. */
int vlapic_pending(struct vcpu *v);
/* The vector was taken by the guest: IRR -> ISR. */
void vlapic_ack(struct vcpu *v, int vector);
bool vlapic_has_pending(struct vcpu *v);   /* anything in IRR at all */
/* Software-enabled (SVR bit 8; the hardware enable in IA32_APIC_BASE
 * cannot be cleared here): Xen's vlapic_enabled. */
bool vlapic_enabled(const struct vcpu *v);

#endif

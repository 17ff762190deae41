/* The local APIC a PVH guest gets from Xen, emulated: xAPIC registers at
 * 0xfee00000 (reached through MMIO emulation), the timer (one-shot and
 * periodic), EOI, TPR/PPR, and delivery through SVM's virtual interrupt.
 * Intel SDM vol. 3, ch. 11; AMD APM vol. 2, ch. 16. IPIs, x2APIC and
 * TSC-deadline come with the Linux rung. */
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
};

void vlapic_init(struct vcpu *v);
void vlapic_destroy(struct vcpu *v);
bool vlapic_mmio_access(uint64_t gpa);
/* 32-bit accesses at any offset of the page (SDM 11.4.1: other sizes are
 * undefined; we read/write the aligned dword). */
uint32_t vlapic_read(struct vcpu *v, unsigned int offset);
void vlapic_write(struct vcpu *v, unsigned int offset, uint32_t val);
/* The highest pending vector that may be delivered now, or -1. */
int vlapic_pending(struct vcpu *v);
/* The vector was taken by the guest: IRR -> ISR. */
void vlapic_ack(struct vcpu *v, int vector);
bool vlapic_has_pending(struct vcpu *v);   /* anything in IRR at all */

#endif

/* Whether an event can be delivered now (asm/hvm/irq.h). Pure: unit-tested
 * on the host (tests/test_intblk.c). The order is Xen's
 * hvm_interrupt_blocked: IF only masks maskable interrupts; the STI/MOV SS
 * shadow holds back NMIs too (Intel SDM vol. 3, 6.8.3; AMD APM vol. 2,
 * 15.21.5); an NMI waits for the IRET of the NMI handler running (SDM
 * 6.7.1; SVM does not track that itself: the hypervisor intercepts IRET). */
#include <asm/hvm/irq.h>

#define X86_EFLAGS_IF (1u << 9)

enum hvm_intblk hvm_intblk(enum hvm_intsrc src, uint64_t rflags, unsigned int shadow)
{
    if (src != hvm_intsrc_nmi && !(rflags & X86_EFLAGS_IF))
        return hvm_intblk_rflags_ie;
    if (shadow & (HVM_INTR_SHADOW_STI | HVM_INTR_SHADOW_MOV_SS))
        return hvm_intblk_shadow;
    if (src == hvm_intsrc_nmi && (shadow & HVM_INTR_SHADOW_NMI))
        return hvm_intblk_nmi_iret;
    return hvm_intblk_none;
}

/* Virtual GIF (APM vol. 2, 15.33): with V_GIF_ENABLE in the VMCB, the
 * guest's CLGI and STGI (not intercepted) clear and set V_GIF instead of
 * the GIF, #VMEXIT writes V_GIF back, and a virtual interrupt (V_IRQ) is
 * held while V_GIF is clear: taken right after the guest's STGI. */
#include "svm.h"

const char test_title[] = "VGIF: the guest's CLGI/STGI drive V_GIF, which holds V_IRQ";

#define VEC 0x50

void guest_clgi(void);
void guest_stgi(void);
extern const uint8_t guest_after_stgi[];
asm ( ".pushsection .text\n"
      ".globl guest_clgi, guest_stgi, guest_after_stgi\n"
      "guest_clgi:\n"
      "  clgi\n"
      "  ret\n"
      "guest_stgi:\n"
      "  nop\n"
      "  stgi\n"
      "guest_after_stgi:\n"
      "  nop\n"
      "  ret\n"
      ".popsection" );

void test_main(void)
{
    if ( !(svm_features & SVM_FEAT_VGIF) )
        return test_skip("no VGIF (CPUID 8000_000A EDX bit 16)");

    vmcb_init(guest_clgi);
    vmcb.vintr = V_GIF_ENABLE | V_GIF;
    if ( run_to_end("guest CLGI") )
    {
        printk("after the guest's CLGI: V_INTR %#lx\n", vmcb.vintr);
        if ( vmcb.vintr & V_GIF )
            test_fail("V_GIF still set after the guest's CLGI (V_INTR %#lx)", vmcb.vintr);
    }

    vmcb_init(guest_stgi);
    guest_event_exit = 0;
    vmcb.rflags = 0x2 | X86_EFLAGS_IF;
    vmcb.vintr = V_GIF_ENABLE | V_IRQ | V_INTR_PRIO(0xf) | V_IGN_TPR | V_INTR_MASKING |
                 V_INTR_VECTOR(VEC);
    if ( !run_to_end("V_IRQ with V_GIF clear, then STGI") )
        return;
    printk("V_IRQ taken %u times at %#lx (STGI's next %#lx), V_INTR %#lx\n",
           guest_event_count[VEC], guest_event.frame[0],
           (uint64_t)(uintptr_t)guest_after_stgi, vmcb.vintr);
    if ( guest_event_count[VEC] != 1 || guest_event.frame[0] != (uintptr_t)guest_after_stgi )
        test_fail("V_IRQ taken %u times, at %#lx, not once right after the guest's STGI (%#lx)",
                  guest_event_count[VEC], guest_event.frame[0],
                  (uint64_t)(uintptr_t)guest_after_stgi);
    if ( !(vmcb.vintr & V_GIF) )
        test_fail("V_GIF clear after the guest's STGI (V_INTR %#lx)", vmcb.vintr);
}

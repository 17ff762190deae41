/* The interrupt shadow saved at #VMEXIT (APM vol. 2, 15.21.5): a guest's
 * `sti; hlt` with HLT intercepted exits at the HLT inside the STI shadow,
 * and the VMCB says so (INTERRUPT_SHADOW set), so that the hypervisor can
 * resume it in the shadow and the wake-up interrupt comes after the HLT. */
#include "svm.h"

const char test_title[] = "sti; hlt: the HLT exit records the STI shadow";

void guest_sti_hlt(void);
extern const uint8_t guest_sti_hlt_hlt[];
asm ( ".pushsection .text\n"
      ".globl guest_sti_hlt, guest_sti_hlt_hlt\n"
      "guest_sti_hlt:\n"
      "  sti\n"
      "guest_sti_hlt_hlt:\n"
      "  hlt\n"
      "  cli\n"
      "  ret\n"
      ".popsection" );

void test_main(void)
{
    vmcb_init(guest_sti_hlt);
    vmcb.intercepts3 |= INTERCEPT_HLT;
    svm_run();
    printk("exit %s at %#lx, int_state %#lx\n", exit_name(vmcb.exitcode), vmcb.rip,
           vmcb.int_state);
    if ( !check_exit(VMEXIT_HLT, "sti; hlt") )
        return;
    if ( vmcb.rip != (uintptr_t)guest_sti_hlt_hlt )
        test_fail("HLT exit at %#lx, not %#lx", vmcb.rip, (uint64_t)(uintptr_t)guest_sti_hlt_hlt);
    if ( !(vmcb.int_state & INT_SHADOW) )
        test_fail("int_state %#lx: the STI shadow is not recorded at the HLT exit",
                  vmcb.int_state);
    /* Outside a shadow: the same HLT after a NOP records none. */
    vmcb_init(guest_sti_hlt);
    vmcb.intercepts3 |= INTERCEPT_HLT;
    vmcb.rflags |= X86_EFLAGS_IF;
    vmcb.rip = (uintptr_t)guest_sti_hlt_hlt;
    svm_run();
    if ( check_exit(VMEXIT_HLT, "hlt with IF set") && (vmcb.int_state & INT_SHADOW) )
        test_fail("int_state %#lx at a HLT outside any shadow", vmcb.int_state);
}

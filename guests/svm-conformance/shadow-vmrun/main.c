/* The interrupt shadow loaded at VMRUN (APM vol. 2, 15.21.5: VMRUN loads
 * INTERRUPT_SHADOW from the VMCB, #VMEXIT saves it): with the shadow set,
 * the guest's first instruction runs before a pending virtual interrupt is
 * recognised, so the VINTR exit comes after it (marker 1). This is how a
 * hypervisor resumes a guest that exited in an STI or MOV SS shadow
 * (`sti; hlt`). QEMU 7.2 ignores the VMCB's shadow at VMRUN (fixed in 9.1). */
#include "svm.h"

const char test_title[] = "The interrupt shadow in the VMCB holds at VMRUN";

volatile uint32_t marker;
void guest_two(void);
extern const uint8_t guest_two_second[];
asm ( ".pushsection .text\n"
      ".globl guest_two, guest_two_second\n"
      "guest_two:\n"
      "  movl $1, marker(%rip)\n"
      "guest_two_second:\n"
      "  movl $2, marker(%rip)\n"
      "  ret\n"
      ".popsection" );

void test_main(void)
{
    vmcb_init(guest_two);
    marker = 0;
    vmcb.intercepts3 |= INTERCEPT_VINTR;
    vmcb.rflags = 0x2 | X86_EFLAGS_IF;
    vmcb.int_state = INT_SHADOW;
    vmcb.vintr = V_IRQ | V_INTR_PRIO(0xf) | V_IGN_TPR | V_INTR_MASKING | V_INTR_VECTOR(0x50);
    svm_run();
    printk("exit %s at %#lx, marker %u, int_state %#lx\n", exit_name(vmcb.exitcode),
           vmcb.rip, marker, vmcb.int_state);
    if ( !check_exit(VMEXIT_VINTR, "shadow at VMRUN, V_IRQ pending") )
        return;
    if ( marker != 1 || vmcb.rip != (uintptr_t)guest_two_second )
        test_fail("VINTR exit at %#lx with marker %u: the shadow did not hold for the "
                  "first instruction (expected %#lx, marker 1)", vmcb.rip, marker,
                  (uint64_t)(uintptr_t)guest_two_second);
    if ( vmcb.int_state & INT_SHADOW )
        test_fail("int_state %#lx at the exit after the shadowed instruction", vmcb.int_state);
}

/* The host's STI shadow stays with the host (APM vol. 2, 15.21.5: the
 * guest's shadow comes from the VMCB at VMRUN). A host that enters with
 * `sti; vmrun` and a VMCB without a shadow gives a guest with IF set and a
 * pending V_IRQ (VINTR intercepted) an exit before its first instruction.
 * QEMU 7.2 carries the STI's one-instruction shadow into the guest
 * (docs/qemu-tcg-svm.md, "The host's STI shadow reaches the guest"). */
#include "svm.h"

const char test_title[] = "The host's STI shadow does not reach the guest";

volatile uint32_t marker;
void guest_two(void);
asm ( ".pushsection .text\n"
      ".globl guest_two\n"
      "guest_two:\n"
      "  movl $1, marker(%rip)\n"
      "  movl $2, marker(%rip)\n"
      "  ret\n"
      ".popsection" );

void test_main(void)
{
    vmcb_init(guest_two);
    marker = 0;
    vmcb.intercepts3 |= INTERCEPT_VINTR;
    vmcb.rflags = 0x2 | X86_EFLAGS_IF;
    vmcb.vintr = V_IRQ | V_INTR_PRIO(0xf) | V_IGN_TPR | V_INTR_MASKING | V_INTR_VECTOR(0x50);
    svm_vmrun_sti((uintptr_t)&vmcb);
    printk("exit %s at %#lx, marker %u\n", exit_name(vmcb.exitcode), vmcb.rip, marker);
    if ( !check_exit(VMEXIT_VINTR, "sti; vmrun, V_IRQ pending") )
        return;
    if ( marker != 0 || vmcb.rip != (uintptr_t)guest_two )
        test_fail("VINTR exit at %#lx with marker %u: the guest ran an instruction in the "
                  "host's STI shadow", vmcb.rip, marker);
}

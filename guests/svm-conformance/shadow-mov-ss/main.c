/* The MOV SS shadow saved at #VMEXIT (APM vol. 2, 15.21.5; vol. 3, MOV: "MOV
 * SS inhibits interrupts until the next instruction completes"): a CPUID
 * intercepted right after `mov %eax, %ss` exits inside the shadow, and the
 * VMCB's INTERRUPT_SHADOW says so. */
#include "svm.h"

const char test_title[] = "mov ss; cpuid: the CPUID exit records the MOV SS shadow";

void guest_mov_ss(void);
extern const uint8_t guest_mov_ss_cpuid[];
asm ( ".pushsection .text\n"
      ".globl guest_mov_ss, guest_mov_ss_cpuid\n"
      "guest_mov_ss:\n"
      "  mov %ss, %eax\n"
      "  mov %eax, %ss\n"
      "guest_mov_ss_cpuid:\n"
      "  cpuid\n"
      "  ret\n"
      ".popsection" );

void test_main(void)
{
    vmcb_init(guest_mov_ss);
    vmcb.intercepts3 |= INTERCEPT_CPUID;
    svm_run();
    printk("exit %s at %#lx, int_state %#lx\n", exit_name(vmcb.exitcode), vmcb.rip,
           vmcb.int_state);
    if ( !check_exit(VMEXIT_CPUID, "mov ss; cpuid") )
        return;
    if ( vmcb.rip != (uintptr_t)guest_mov_ss_cpuid )
        test_fail("CPUID exit at %#lx, not %#lx", vmcb.rip,
                  (uint64_t)(uintptr_t)guest_mov_ss_cpuid);
    if ( !(vmcb.int_state & INT_SHADOW) )
        test_fail("int_state %#lx: the MOV SS shadow is not recorded at the CPUID exit",
                  vmcb.int_state);
}

/* VMRUN loads DR7 from the VMCB (APM vol. 2, 15.5.1, the guest state it
 * loads), so an instruction breakpoint the VMCB's DR7 enables (DR0, L0)
 * on the guest's first instruction raises #DB there, though the host's own
 * DR7 enables nothing. QEMU 7.2 stores the VMCB's DR7 without arming its
 * breakpoints (they follow a MOV to DR7 only). */
#include "svm.h"

const char test_title[] = "VMRUN arms the breakpoints of the VMCB's DR7";

void guest_bp(void);
asm ( ".pushsection .text\n"
      ".globl guest_bp\n"
      "guest_bp:\n"
      "  nop\n"
      "  ret\n"
      ".popsection" );

void test_main(void)
{
    asm volatile ( "mov %0, %%dr0; mov %1, %%dr7"
                   :: "r" ((uint64_t)(uintptr_t)guest_bp), "r" (0x400ull) );
    vmcb_init(guest_bp);
    vmcb.exception_intercepts = 1u << X86_EXC_DB;
    vmcb.dr7 = 0x401;                      /* L0: execute, 1 byte */
    svm_run();
    printk("DR7 %#lx in the VMCB: exit %s at %#lx\n", vmcb.dr7, exit_name(vmcb.exitcode),
           vmcb.rip);
    if ( check_exit(VMEXIT_EXCEPTION(X86_EXC_DB), "breakpoint armed by the VMCB's DR7") &&
         vmcb.rip != (uintptr_t)guest_bp )
        test_fail("#DB at %#lx, not at the breakpoint %#lx", vmcb.rip,
                  (uint64_t)(uintptr_t)guest_bp);
    asm volatile ( "mov %0, %%dr0" :: "r" (0ull) );
}

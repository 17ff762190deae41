/* RFLAGS.RF from the VMCB (APM vol. 2, 15.5.2: "the value of EFLAGS.RF
 * from the guest VMCB affects the first guest instruction"): an
 * instruction breakpoint (DR0, DR7.L0) on the guest's first instruction
 * raises #DB there with the guest's RF clear, and not with it set. The
 * host loads the same DR7 itself first: whether VMRUN applies the VMCB's
 * DR7 is test vmrun-dr7's. */
#include "svm.h"

const char test_title[] = "RFLAGS.RF in the VMCB suppresses a breakpoint on the first instruction";

#define X86_EFLAGS_RF (1u << 16)

void guest_bp(void);
asm ( ".pushsection .text\n"
      ".globl guest_bp\n"
      "guest_bp:\n"
      "  nop\n"
      "  nop\n"
      "  ret\n"
      ".popsection" );

static void run(bool rf)
{
    const char *what = rf ? "RF set" : "RF clear";

    vmcb_init(guest_bp);
    vmcb.exception_intercepts = 1u << X86_EXC_DB;
    vmcb.dr7 = 0x401;                      /* L0: execute, 1 byte */
    vmcb.rflags |= rf ? X86_EFLAGS_RF : 0;
    svm_run();
    printk("%s: exit %s at %#lx\n", what, exit_name(vmcb.exitcode), vmcb.rip);
    if ( rf )
    {
        if ( check_exit(VMEXIT_VMMCALL, what) && vmcb.rip != (uintptr_t)guest_exit_vmmcall )
            test_fail("%s: the guest stopped at %#lx", what, vmcb.rip);
    }
    else if ( check_exit(VMEXIT_EXCEPTION(X86_EXC_DB), what) &&
              vmcb.rip != (uintptr_t)guest_bp )
        test_fail("%s: #DB at %#lx, not at the breakpoint %#lx", what, vmcb.rip,
                  (uint64_t)(uintptr_t)guest_bp);
}

void test_main(void)
{
    asm volatile ( "mov %0, %%dr0; mov %1, %%dr7"
                   :: "r" ((uint64_t)(uintptr_t)guest_bp), "r" (0x401ull) );
    run(false);
    run(true);
    asm volatile ( "mov %0, %%dr7; mov %0, %%dr0" :: "r" (0x400ull) );
}

/* RFLAGS.TF across VMRUN (APM vol. 2, 15.5.2, "VMRUN and TF/RF Bits in
 * EFLAGS"): to the host VMRUN is one instruction, so a host TF makes a #DB
 * trap after the #VMEXIT, at the host's instruction after VMRUN, and none
 * in the guest (whose TF comes from the VMCB). A guest TF from the VMCB
 * single-steps the guest: #DB after its first instruction. */
#include "svm.h"

const char test_title[] = "RFLAGS.TF: the host's traps after VMRUN, the guest's in the guest";

static volatile unsigned int host_db;
static volatile uint64_t host_db_rip;

static bool on_db(struct cpu_regs *regs)
{
    if ( !host_db++ )
        host_db_rip = regs->rip;
    regs->rflags &= ~(uint64_t)X86_EFLAGS_TF;
    return true;
}

void guest_nops(void);
extern const uint8_t guest_nops_2[];
asm ( ".pushsection .text\n"
      ".globl guest_nops, guest_nops_2\n"
      "guest_nops:\n"
      "  nop\n"
      "guest_nops_2:\n"
      "  nop\n"
      "  nop\n"
      "  ret\n"
      ".popsection" );

void test_main(void)
{
    trap_set_hook(X86_EXC_DB, on_db);

    vmcb_init(guest_nops);
    vmcb.exception_intercepts = 1u << X86_EXC_DB;
    svm_vmrun_tf((uintptr_t)&vmcb);
    printk("host TF: exit %s at %#lx; host #DB %u times, first at %#lx (VMRUN's next %#lx)\n",
           exit_name(vmcb.exitcode), vmcb.rip, host_db, host_db_rip,
           (uint64_t)(uintptr_t)svm_vmrun_tf_after);
    if ( check_exit(VMEXIT_VMMCALL, "host TF set at VMRUN") &&
         vmcb.rip != (uintptr_t)guest_exit_vmmcall )
        test_fail("host TF: the guest stopped at %#lx", vmcb.rip);
    if ( host_db != 1 || host_db_rip != (uintptr_t)svm_vmrun_tf_after )
        test_fail("host TF: %u #DB in the host, first at %#lx, not one at %#lx", host_db,
                  host_db_rip, (uint64_t)(uintptr_t)svm_vmrun_tf_after);

    host_db = 0;
    vmcb_init(guest_nops);
    vmcb.exception_intercepts = 1u << X86_EXC_DB;
    vmcb.rflags |= X86_EFLAGS_TF;
    svm_run();
    printk("guest TF: exit %s at %#lx\n", exit_name(vmcb.exitcode), vmcb.rip);
    if ( check_exit(VMEXIT_EXCEPTION(X86_EXC_DB), "guest TF set in the VMCB") &&
         vmcb.rip != (uintptr_t)guest_nops_2 )
        test_fail("guest TF: #DB at %#lx, not after the first instruction (%#lx)", vmcb.rip,
                  (uint64_t)(uintptr_t)guest_nops_2);
    if ( host_db )
        test_fail("guest TF: %u #DB in the host", host_db);
}

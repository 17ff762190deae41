/* A refused VMRUN leaves the VMCB's save area as it was (APM vol. 2,
 * 15.5.1: the consistency checks come before any guest state is loaded,
 * and the #VMEXIT that reports VMEXIT_INVALID writes the exit code, not a
 * guest state that never existed). QEMU 7.2's refusal runs its ordinary
 * #VMEXIT path and saves the host's own state there
 * (docs/qemu-tcg-svm.md, "A refused VMRUN writes the host's state"). */
#include "svm.h"

const char test_title[] = "A refused VMRUN leaves the guest's save area alone";

static void guest(void)
{
}

static struct vmcb before __aligned(4096);

void test_main(void)
{
    const uint8_t *a = (const uint8_t *)&before, *b = (const uint8_t *)&vmcb;
    unsigned int changed = 0, first = 0;

    vmcb_init(guest);
    vmcb.asid = 0;                        /* illegal: VMEXIT_INVALID */
    vmcb.rip = 0x1111;                    /* values the host cannot have */
    vmcb.rsp = 0x2222;
    vmcb.rax = 0x3333;
    memcpy(&before, &vmcb, sizeof(vmcb));
    svm_run();
    if ( !exit_refused() )
        return test_fail("ASID 0: exit %#lx, not VMEXIT_INVALID", vmcb.exitcode);
    for ( unsigned int off = 0x400; off < sizeof(vmcb); off++ )
        if ( a[off] != b[off] && !changed++ )
            first = off;
    printk("save area after VMEXIT_INVALID: %u bytes changed; RIP %#lx RSP %#lx RAX %#lx "
           "CR3 %#lx\n", changed, vmcb.rip, vmcb.rsp, vmcb.rax, vmcb.cr3);
    if ( changed )
        test_fail("VMEXIT_INVALID changed %u bytes of the save area, first at offset %#x "
                  "(RIP %#lx, RSP %#lx, RAX %#lx)", changed, first, vmcb.rip, vmcb.rsp,
                  vmcb.rax);
}

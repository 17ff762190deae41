/* VMEXIT_INVALID is -1 in the 64-bit EXITCODE (APM vol. 2, appendix C,
 * table C-1: EXITCODE is a quadword, VMEXIT_INVALID = -1, VMEXIT_BUSY = -2),
 * so a hypervisor comparing the whole field sees it. QEMU 7.2 passes exit
 * codes as 32-bit values and stores 0x00000000ffffffff. */
#include "svm.h"

const char test_title[] = "VMEXIT_INVALID is all ones in the 64-bit EXITCODE";

static void guest(void)
{
}

void test_main(void)
{
    vmcb_init(guest);
    vmcb.asid = 0;
    vmcb.exitcode = 0x5a5a5a5a5a5a5a5aull;
    svm_run();
    printk("ASID 0: EXITCODE %#lx\n", vmcb.exitcode);
    if ( vmcb.exitcode != VMEXIT_INVALID )
        test_fail("EXITCODE %#lx after a refused VMRUN, not %#lx", vmcb.exitcode,
                  VMEXIT_INVALID);
}

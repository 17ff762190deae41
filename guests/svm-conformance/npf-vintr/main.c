/* EXITINTINFO after a nested page fault during V_IRQ delivery (APM vol. 2,
 * 15.7.2: an intercept during event delivery records the event in
 * EXITINTINFO with its type; a virtual interrupt is TYPE 0, external
 * interrupt). The guest's stack page is not present in the nested page
 * table, so pushing the interrupt frame takes #NPF. QEMU 7.2 records an
 * exception (TYPE 3) with vector 0x50, which a hypervisor re-injecting it
 * as such gets refused (docs/qemu-tcg-svm.md). */
#include "svm.h"

const char test_title[] = "EXITINTINFO: a V_IRQ interrupted by #NPF is an external interrupt";

#define VEC 0x50

static void guest(void)
{
}

void test_main(void)
{
    uint64_t stack_page = (GUEST_STACK_TOP - 1) & ~0xfffull;

    if ( !(svm_features & SVM_FEAT_NPT) )
        return test_skip("no nested paging");
    vmcb_init(guest);
    npt_init();
    npt_split(stack_page);
    *npt_pte(stack_page) = 0;
    vmcb.np_enable = 1;
    vmcb.n_cr3 = (uintptr_t)npt_l4;
    vmcb.rflags = 0x2 | X86_EFLAGS_IF;
    vmcb.vintr = V_IRQ | V_INTR_PRIO(0xf) | V_IGN_TPR | V_INTR_MASKING | V_INTR_VECTOR(VEC);
    svm_run();
    printk("exit %s, EXITINFO1 %#lx, EXITINFO2 %#lx, EXITINTINFO %#lx, V_INTR %#lx\n",
           exit_name(vmcb.exitcode), vmcb.exitinfo1, vmcb.exitinfo2, vmcb.exitintinfo,
           vmcb.vintr);
    if ( !check_exit(VMEXIT_NPF, "V_IRQ onto a stack missing from the NPT") )
        return;
    if ( (vmcb.exitinfo2 & ~0xfffull) != stack_page )
        test_fail("#NPF at %#lx, not in the stack page %#lx", vmcb.exitinfo2, stack_page);
    if ( !(vmcb.exitintinfo & EVT_V) )
        return test_fail("EXITINTINFO %#lx not valid: the interrupted delivery is lost",
                         vmcb.exitintinfo);
    if ( EVT_TYPE(vmcb.exitintinfo) != EVT_TYPE_INTR || EVT_VEC(vmcb.exitintinfo) != VEC ||
         (vmcb.exitintinfo & EVT_EV) )
        test_fail("EXITINTINFO %#lx: type %u vector %#x, not an external interrupt "
                  "(type 0) vector %#x without error code", vmcb.exitintinfo,
                  EVT_TYPE(vmcb.exitintinfo), EVT_VEC(vmcb.exitintinfo), VEC);
}

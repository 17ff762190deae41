/* #NPF on an instruction fetch (APM vol. 2, 15.25.6): with EFER.NXE set, a
 * nested page with NX (bit 63) makes the guest's fetch from it a #NPF whose
 * EXITINFO1 has P, US, ID (bit 4, instruction fetch) and bit 32, and
 * EXITINFO2 is the fetched address; a read of the same page runs. */
#include "svm.h"

const char test_title[] = "#NPF on an instruction fetch from a no-execute nested page";

#define EFER_NXE  (1ull << 11)
#define NPT_NX    (1ull << 63)

/* The guest's code on a page of its own, so that only it is no-execute. */
void guest_nx_page(void);
asm ( ".pushsection .text\n"
      ".balign 4096\n"
      ".globl guest_nx_page\n"
      "guest_nx_page:\n"
      "  nop\n"
      "  ret\n"
      ".balign 4096\n"
      ".popsection" );

static volatile uint8_t seen;

static void guest_read(void)
{
    seen = *(volatile uint8_t *)(uintptr_t)guest_nx_page;
}

static void setup(void (*fn)(void))
{
    uint64_t pa = (uintptr_t)guest_nx_page;

    vmcb_init(fn);
    npt_init();
    npt_split(pa);
    *npt_pte(pa) |= NPT_NX;
    vmcb.np_enable = 1;
    vmcb.n_cr3 = (uintptr_t)npt_l4;
}

void test_main(void)
{
    const uint64_t bits = NPF_P | NPF_RW | NPF_US | NPF_ID | NPF_GPA | NPF_GPT;
    uint64_t efer = rdmsr(MSR_EFER);

    if ( !(svm_features & SVM_FEAT_NPT) || !(cpuid(0x80000001).d & (1u << 20)) )
        return test_skip("no nested paging or no NX");
    wrmsr(MSR_EFER, efer | EFER_NXE);

    setup(guest_nx_page);
    svm_run();
    printk("fetch: exit %s, EXITINFO1 %#lx, EXITINFO2 %#lx\n", exit_name(vmcb.exitcode),
           vmcb.exitinfo1, vmcb.exitinfo2);
    if ( check_exit(VMEXIT_NPF, "fetch from an NX nested page") )
    {
        if ( vmcb.exitinfo2 != (uintptr_t)guest_nx_page )
            test_fail("fetch: EXITINFO2 %#lx, not %#lx", vmcb.exitinfo2,
                      (uint64_t)(uintptr_t)guest_nx_page);
        if ( (vmcb.exitinfo1 & bits) != (NPF_P | NPF_US | NPF_ID | NPF_GPA) )
            test_fail("fetch: EXITINFO1 %#lx, not P, US, ID and bit 32 in the bits %#lx",
                      vmcb.exitinfo1, bits);
    }

    setup(guest_read);
    if ( run_to_end("read of the NX nested page") && seen != 0x90 )
        test_fail("read of the NX page gave %#x, not the NOP (0x90)", seen);

    wrmsr(MSR_EFER, efer);
}

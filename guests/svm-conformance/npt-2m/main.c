/* Nested paging with 2 MiB nested pages (APM vol. 2, 15.25.4-6): a 2 MiB
 * page translates guest-physical to other host-physical memory; a read of a
 * 2 MiB page not present and a write to a read-only one give #NPF with the
 * exact faulting guest-physical address in EXITINFO2 and the error code
 * (P, RW, US, bit 32) in EXITINFO1. */
#include "svm.h"

const char test_title[] = "#NPF on 2 MiB nested pages: translation, EXITINFO1 and EXITINFO2";

#define GPA_2M   0x4000000ull        /* 64 MiB: RAM the image does not use */
#define HPA_2M   0x4200000ull
#define OFF      0x12345ull

static volatile uint64_t probe_val;

static void guest_read(void)
{
    probe_val = *(volatile uint64_t *)(uintptr_t)(GPA_2M + OFF);
}

static void guest_write(void)
{
    *(volatile uint64_t *)(uintptr_t)(GPA_2M + OFF) = 1;
}

static void setup(void (*fn)(void))
{
    vmcb_init(fn);
    npt_init();
    vmcb.np_enable = 1;
    vmcb.n_cr3 = (uintptr_t)npt_l4;
}

static void expect_npf(const char *what, uint64_t want1)
{
    const uint64_t bits = NPF_P | NPF_RW | NPF_US | NPF_GPA | NPF_GPT;

    svm_run();
    printk("%s: exit %s, EXITINFO1 %#lx, EXITINFO2 %#lx\n", what, exit_name(vmcb.exitcode),
           vmcb.exitinfo1, vmcb.exitinfo2);
    if ( !check_exit(VMEXIT_NPF, what) )
        return;
    if ( vmcb.exitinfo2 != GPA_2M + OFF )
        test_fail("%s: EXITINFO2 %#lx, not %#llx", what, vmcb.exitinfo2, GPA_2M + OFF);
    if ( (vmcb.exitinfo1 & bits) != want1 )
        test_fail("%s: EXITINFO1 %#lx, not %#lx in the bits %#lx", what, vmcb.exitinfo1,
                  want1, bits);
}

void test_main(void)
{
    if ( !(svm_features & SVM_FEAT_NPT) )
        return test_skip("no nested paging");

    *(volatile uint64_t *)(uintptr_t)(GPA_2M + OFF) = 0x1111;
    *(volatile uint64_t *)(uintptr_t)(HPA_2M + OFF) = 0x2222;
    setup(guest_read);
    *npt_pte(GPA_2M) = HPA_2M | NPT_P | NPT_RW | NPT_US | NPT_PS;
    if ( run_to_end("read through a remapped 2 MiB page") )
    {
        printk("remapped read: %#lx\n", probe_val);
        if ( probe_val != 0x2222 )
            test_fail("read through a 2 MiB nested page to %#llx gave %#lx, not 0x2222",
                      HPA_2M, probe_val);
    }

    setup(guest_read);
    *npt_pte(GPA_2M) = 0;
    expect_npf("read, not present", NPF_US | NPF_GPA);

    setup(guest_write);
    *npt_pte(GPA_2M) = GPA_2M | NPT_P | NPT_US | NPT_PS;
    expect_npf("write, read-only", NPF_P | NPF_RW | NPF_US | NPF_GPA);
}

/* Nested page faults on 4 KiB nested pages (APM vol. 2, 15.25.6): EXITINFO2
 * is the faulting guest-physical address, EXITINFO1 a #PF error code (P,
 * RW, US: the nested walk is a user access, 15.25.5) plus bit 32 for the
 * final guest-physical access or bit 33 for an access to a guest page
 * table. Cases: a read of a page not present, a write to a read-only page,
 * and a guest page-table walk through a page not present. */
#include "svm.h"

const char test_title[] = "#NPF on 4 KiB nested pages: EXITINFO1 bits and EXITINFO2";

static uint8_t probe[4096] __aligned(4096);
static volatile uint8_t *probe_at;
static volatile uint8_t probe_val;

static void guest_read(void)
{
    probe_val = *probe_at;
}

static void guest_write(void)
{
    *probe_at = 0x5a;
}

static void setup(void (*fn)(void))
{
    vmcb_init(fn);
    npt_init();
    vmcb.np_enable = 1;
    vmcb.n_cr3 = (uintptr_t)npt_l4;
}

static void expect_npf(const char *what, uint64_t gpa, uint64_t want1, uint64_t mask1)
{
    svm_run();
    printk("%s: exit %s, EXITINFO1 %#lx, EXITINFO2 %#lx\n", what, exit_name(vmcb.exitcode),
           vmcb.exitinfo1, vmcb.exitinfo2);
    if ( !check_exit(VMEXIT_NPF, what) )
        return;
    if ( vmcb.exitinfo2 != gpa )
        test_fail("%s: EXITINFO2 %#lx, not %#lx", what, vmcb.exitinfo2, gpa);
    if ( (vmcb.exitinfo1 & mask1) != want1 )
        test_fail("%s: EXITINFO1 %#lx, not %#lx in the bits %#lx", what, vmcb.exitinfo1,
                  want1, mask1);
}

/* The guest's PDE for va: the guest shares the host's identity map. */
static uint64_t guest_pde_pa(uint64_t va)
{
    uint64_t *l4 = (uint64_t *)(uintptr_t)(read_cr3() & ~0xfffull);
    uint64_t *l3 = (uint64_t *)(uintptr_t)(l4[(va >> 39) & 511] & 0x000ffffffffff000ull);
    uint64_t l2 = l3[(va >> 30) & 511] & 0x000ffffffffff000ull;

    return l2 + ((va >> 21) & 511) * 8;
}

void test_main(void)
{
    uint64_t pa = (uintptr_t)probe, pde;
    const uint64_t bits = NPF_P | NPF_RW | NPF_US | NPF_GPA | NPF_GPT;

    if ( !(svm_features & SVM_FEAT_NPT) )
        return test_skip("no nested paging");
    probe_at = probe + 0x123;

    setup(guest_read);
    npt_split(pa);
    *npt_pte(pa) = 0;
    expect_npf("read, not present", pa + 0x123, NPF_US | NPF_GPA, bits);

    setup(guest_write);
    npt_split(pa);
    *npt_pte(pa) = pa | NPT_P | NPT_US;
    expect_npf("write, read-only", pa + 0x123, NPF_P | NPF_RW | NPF_US | NPF_GPA, bits);

    /* Allowed again: the guest reads what the host wrote there. */
    setup(guest_read);
    npt_split(pa);
    probe[0x123] = 0xa5;
    if ( run_to_end("read, present") && probe_val != 0xa5 )
        test_fail("read through a 4 KiB nested page: %#x, not 0xa5", probe_val);

    /* The guest's page directory (the PDE for the probe) not present: the
     * walk faults before the access, with bit 33 and the PDE's address.
     * The walk may count as a write (A/D updates), so RW is not checked. */
    pde = guest_pde_pa(pa);
    setup(guest_read);
    npt_split(pde);
    *npt_pte(pde) = 0;
    svm_run();
    printk("walk: exit %s, EXITINFO1 %#lx, EXITINFO2 %#lx (PDE at %#lx)\n",
           exit_name(vmcb.exitcode), vmcb.exitinfo1, vmcb.exitinfo2, pde);
    if ( check_exit(VMEXIT_NPF, "guest page-table walk") )
    {
        if ( (vmcb.exitinfo2 & ~0xfffull) != (pde & ~0xfffull) )
            test_fail("walk: EXITINFO2 %#lx, not in the guest's page directory %#lx",
                      vmcb.exitinfo2, pde & ~0xfffUL);
        if ( (vmcb.exitinfo1 & (NPF_P | NPF_US | NPF_GPA | NPF_GPT)) != (NPF_US | NPF_GPT) )
            test_fail("walk: EXITINFO1 %#lx, not US and bit 33 (guest page table) only",
                      vmcb.exitinfo1);
    }
}

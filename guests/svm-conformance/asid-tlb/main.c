/* ASIDs and TLB control (APM vol. 2, 15.16): after the host changes a guest
 * page-table entry, the guest sees the new translation when VMRUN flushes
 * (TLB_CONTROL 1), when it runs under an ASID that never ran, and after
 * INVLPGA of that address in its ASID. (What a hypervisor must never rely
 * on is the converse; hardware may keep stale entries otherwise.) */
#include "svm.h"

const char test_title[] = "TLB_CONTROL, a fresh ASID and INVLPGA make a changed PTE visible";

#define VA     0x40000000ull            /* 1 GiB: nothing of ours there */
#define PA_A   0x4000000ull
#define PA_B   0x4200000ull

static volatile uint64_t seen;

static void guest(void)
{
    seen = *(volatile uint64_t *)(uintptr_t)VA;
}

static uint64_t *guest_pde(uint64_t va)
{
    uint64_t *l4 = (uint64_t *)(uintptr_t)(read_cr3() & ~0xfffull);
    uint64_t *l3 = (uint64_t *)(uintptr_t)(l4[(va >> 39) & 511] & 0x000ffffffffff000ull);
    uint64_t *l2 = (uint64_t *)(uintptr_t)(l3[(va >> 30) & 511] & 0x000ffffffffff000ull);

    return &l2[(va >> 21) & 511];
}

static void run(uint32_t asid, uint8_t tlb_control, uint64_t want, const char *what)
{
    vmcb_init(guest);
    vmcb.asid = asid;
    vmcb.tlb_control = tlb_control;
    seen = 0;
    if ( !run_to_end(what) )
        return;
    printk("%s: ASID %u, TLB_CONTROL %u: read %#lx\n", what, asid, tlb_control, seen);
    if ( seen != want )
        test_fail("%s: the guest read %#lx, not %#lx", what, seen, want);
}

void test_main(void)
{
    uint64_t *pde = guest_pde(VA), old = *pde;

    if ( svm_nasid < 3 )
        return test_skip("%u ASIDs", svm_nasid);
    *(volatile uint64_t *)(uintptr_t)PA_A = 0xaaaa;
    *(volatile uint64_t *)(uintptr_t)PA_B = 0xbbbb;

    *pde = PA_A | PTE_PRESENT | PTE_RW | PTE_PSE;
    run(1, 1, 0xaaaa, "first run");
    *pde = PA_B | PTE_PRESENT | PTE_RW | PTE_PSE;
    run(1, 1, 0xbbbb, "PTE changed, TLB_CONTROL 1");
    *pde = PA_A | PTE_PRESENT | PTE_RW | PTE_PSE;
    run(2, 0, 0xaaaa, "PTE changed, a fresh ASID");
    *pde = PA_B | PTE_PRESENT | PTE_RW | PTE_PSE;
    asm volatile ( "invlpga" :: "a" (VA), "c" (2u) : "memory" );
    run(2, 0, 0xbbbb, "PTE changed, INVLPGA in the guest's ASID");

    *pde = old;
    invlpg((void *)(uintptr_t)VA);
}

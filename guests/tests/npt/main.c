/* Guest-physical memory beyond the domain's RAM. With nested paging such an
 * access misses the p2m. Xen 4.17 treats an unpopulated frame of an HVM
 * domain as emulated MMIO (p2m_mmio_dm) and, with no ioreq server (a PVH
 * domU has no device model), completes it itself: reads give all-ones,
 * writes are dropped; the domain lives on. The reference defines the ABI:
 * ours must answer the same. */
#include "test.h"

const char test_title[] = "NPT: memory beyond the domain reads all-ones, writes dropped";

static uint64_t pick_address(void)
{
    /* 64 MiB above the end of RAM, 2 MiB aligned, in no memory-map entry
     * and below the LAPIC/ACPI/special pages near 4 GiB. */
    uint64_t a = ROUNDUP(ram_end(), MB(2)) + MB(64);

    while ( a < 0xf0000000UL && in_memmap(a) )
        a += MB(2);
    return a < 0xf0000000UL ? a : 0;
}

void test_main(void)
{
    volatile uint32_t *p;
    volatile uint64_t *q;
    uint64_t a, v64;
    uint32_t v;

    if ( !ram_end() )
        return test_skip("no memory map in hvm_start_info");
    a = pick_address();
    if ( !a )
        return test_skip("no address outside the memory map below 0xf0000000");
    printk("RAM ends at %#lx; touching %#lx\n", ram_end(), a);

    p = (volatile uint32_t *)(uintptr_t)a;
    v = *p;
    printk("read32 -> %#x\n", v);
    if ( v != 0xffffffff )
        test_fail("read beyond RAM gave %#x, not all-ones", v);

    *p = 0x12345678;
    v = *p;
    printk("after write32 0x12345678, read32 -> %#x\n", v);
    if ( v != 0xffffffff )
        test_fail("write beyond RAM was kept: reads %#x", v);

    q = (volatile uint64_t *)(uintptr_t)(a + MB(1) + 8);
    v64 = *q;
    printk("read64 at %#lx -> %#lx\n", a + MB(1) + 8, v64);
    if ( v64 != ~0UL )
        test_fail("64-bit read beyond RAM gave %#lx", v64);

    /* RAM itself is still RAM. */
    static volatile uint32_t ram_word = 0x5a5a5a5a;
    if ( ram_word != 0x5a5a5a5a )
        test_fail("RAM word changed");
}

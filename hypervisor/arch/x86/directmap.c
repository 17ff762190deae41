/* Grows head.S's identity map (0-4 GiB) over all RAM, up to 512 GiB (the one
 * L3 table it uses), with 2 MiB pages. Whole GiBs are mapped, holes
 * included; nothing touches the holes, so their cache type does not matter
 * yet (it will for MMIO handed to dom0). */
#include <xen/lib.h>
#include <asm/io.h>
#include <asm/config.h>

#define GB (1ULL << 30)
#define PTE_PRESENT_RW 0x3
#define PTE_LARGE      0x80

extern uint64_t l3_identmap[512];
paddr_t directmap_end = DIRECTMAP_LIMIT;

int directmap_extend(paddr_t end, paddr_t (*alloc_page_table)(void))
{
    end = MIN(ROUNDUP(end, GB), DIRECTMAP_MAX);
    for (paddr_t g = directmap_end / GB; g < end / GB; g++) {
        paddr_t pt = alloc_page_table();
        uint64_t *l2;

        if (!pt)
            return -1;
        l2 = maddr_to_virt(pt);
        for (unsigned int i = 0; i < 512; i++)
            l2[i] = (g * GB + ((paddr_t)i << 21)) | PTE_LARGE | PTE_PRESENT_RW;
        /* Not-present entries are never cached: no TLB flush needed. */
        l3_identmap[g] = pt | PTE_PRESENT_RW;
        directmap_end = (g + 1) * GB;
    }
    return 0;
}

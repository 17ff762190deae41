/* Grows head.S's identity map (0-4 GiB) over all RAM, up to 512 GiB (the one
 * L3 table it uses), with 2 MiB pages. Whole GiBs are mapped, holes
 * included; nothing touches the holes, so their cache type does not matter
 * yet (it will for MMIO handed to dom0). */
#include <xen/lib.h>
#include <asm/io.h>
#include <asm/config.h>
#include <asm/processor.h>
#include <xen/mm.h>

#define GB (1ULL << 30)
#define PTE_PRESENT_RW 0x3
#define PTE_LARGE      0x80
#define PTE_ADDR_MASK  0x000ffffffffff000ULL   /* bits 51:12 (AMD APM vol. 2 §5.3.3) */
#define MB2            (1ULL << 21)

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

/* Xen's memguard: the 4 KiB page below a stack is made not present, so an
 * overflow faults (#PF while pushing, then #DF on its IST stack) instead
 * of silently overwriting what lies below. The 2 MiB mapping around it is
 * split into 4 KiB pages first. Only the calling CPU's TLB is flushed:
 * called before the CPUs that could have cached the 2 MiB entry start. */
int memguard_guard_stack(void *stack_bottom)
{
    paddr_t guard = virt_to_maddr(stack_bottom) - PAGE_SIZE;
    uint64_t *l2, *l1;
    unsigned int i2 = (guard >> 21) & 511;

    if ((guard & ~PAGE_MASK) || guard + PAGE_SIZE > directmap_end)
        return -1;
    l2 = maddr_to_virt(l3_identmap[guard / GB] & PTE_ADDR_MASK);
    if (l2[i2] & PTE_LARGE) {
        uint64_t *pt = alloc_xenheap_pages(0);
        paddr_t base = guard & ~(MB2 - 1);

        if (!pt)
            return -1;
        for (unsigned int i = 0; i < 512; i++)
            pt[i] = (base + ((paddr_t)i << PAGE_SHIFT)) | PTE_PRESENT_RW;
        l2[i2] = virt_to_maddr(pt) | PTE_PRESENT_RW;
    }
    l1 = maddr_to_virt(l2[i2] & PTE_ADDR_MASK);
    l1[(guard >> PAGE_SHIFT) & 511] = 0;
    /* A page-size change needs a full flush (Intel SDM vol. 3 §4.10.2.3). */
    write_cr3(read_cr3());
    return 0;
}

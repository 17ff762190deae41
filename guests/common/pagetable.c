/* The identity map head.S builds: PML4[0] -> one PDPT whose first four
 * entries point at four page directories of 2 MiB pages (AMD APM vol. 2,
 * 5.3: long-mode 2-Mbyte page translation), covering 0-4 GiB. */
#include "test.h"

extern uint64_t l2_identmap[4 * 512];

void pt_map_2m(uint64_t va, uint64_t pa, uint64_t flags)
{
    if ( va >= GB(4) || (va | pa) & (MB(2) - 1) )
        test_abort("pt_map_2m(%#lx, %#lx): outside the identity map or unaligned",
                   va, pa);
    l2_identmap[va >> 21] = pa | flags | PTE_PSE;
    invlpg((void *)(uintptr_t)va);
}

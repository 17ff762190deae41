/* Nested page tables (APM 15.25): the guest-physical space 0-4 GiB mapped
 * 1:1 in 2 MiB pages, every level user and writable (the nested walk is
 * a user access, 15.25.5), and 4 KiB tables for the pages a test splits. */
#include "svm.h"

uint64_t npt_l4[512] __aligned(4096);
static uint64_t npt_l3[512] __aligned(4096);
static uint64_t npt_l2[4][512] __aligned(4096);
static uint64_t npt_l1[4][512] __aligned(4096);
static unsigned int npt_l1_used;

#define NPT_ALL (NPT_P | NPT_RW | NPT_US)
#define ADDR_MASK 0x000ffffffffff000ull

void npt_init(void)
{
    memset(npt_l4, 0, sizeof(npt_l4));
    memset(npt_l3, 0, sizeof(npt_l3));
    npt_l1_used = 0;
    npt_l4[0] = (uintptr_t)npt_l3 | NPT_ALL;
    for ( unsigned int i = 0; i < 4; i++ )
    {
        npt_l3[i] = (uintptr_t)npt_l2[i] | NPT_ALL;
        for ( unsigned int j = 0; j < 512; j++ )
            npt_l2[i][j] = ((uint64_t)i << 30) + ((uint64_t)j << 21) + (NPT_ALL | NPT_PS);
    }
}

static uint64_t *npt_pde(uint64_t gpa)
{
    return &npt_l2[(gpa >> 30) & 3][(gpa >> 21) & 511];
}

uint64_t *npt_pte(uint64_t gpa)
{
    uint64_t *pde = npt_pde(gpa);

    if ( *pde & NPT_PS )
        return pde;
    return &((uint64_t *)(uintptr_t)(*pde & ADDR_MASK))[(gpa >> 12) & 511];
}

void npt_split(uint64_t gpa)
{
    uint64_t *pde = npt_pde(gpa), base;
    uint64_t *l1;

    if ( !(*pde & NPT_PS) )
        return;
    if ( npt_l1_used == ARRAY_SIZE(npt_l1) )
        test_abort("npt_split: out of tables");
    l1 = npt_l1[npt_l1_used++];
    base = *pde & 0x000fffffffe00000ull;
    for ( unsigned int i = 0; i < 512; i++ )
        l1[i] = (base + ((uint64_t)i << 12)) | NPT_ALL;
    *pde = (uintptr_t)l1 | NPT_ALL;
}

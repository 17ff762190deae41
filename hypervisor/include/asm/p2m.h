/* The p2m: a domain's guest-physical → machine map, kept as AMD NPT tables
 * (AMD APM vol. 2, 15.25: long-mode 4-level entries). Pure: tables come from
 * and are reached through the ops, so host tests drive it with fake memory.
 * No locks here: the hypervisor's wrapper takes the p2m lock and shoots down
 * TLBs after a change. */
#ifndef ASM_X86_P2M_H
#define ASM_X86_P2M_H
#include <xen/types.h>

typedef enum {
    p2m_invalid = 0,        /* nothing: the entry is empty */
    p2m_ram_rw,
    p2m_ram_ro,
    p2m_ram_logdirty,       /* RAM, read-only until the dirty bit is logged */
    p2m_mmio_direct,        /* a machine MMIO range passed through */
    p2m_mmio_dm,            /* emulated: kept not present, so accesses exit */
    p2m_grant_map_rw,
    p2m_grant_map_ro,
    p2m_max_type
} p2m_type_t;

#ifndef INVALID_MFN
#define INVALID_MFN (~0UL)
#endif
#define INVALID_GFN (~0UL)

#define P2M_MAX_GFN ((1UL << 36) - 1)   /* 48-bit guest-physical space */
#define P2M_MAX_MFN ((1UL << 40) - 1)   /* entry address bits 51:12 */

struct p2m_pt_ops {
    uint64_t (*alloc_table)(void *ctx);        /* machine address of a zeroed 4K page, 0 on failure */
    void (*free_table)(void *ctx, uint64_t maddr);
    void *(*map)(void *ctx, uint64_t maddr);   /* pointer to that page's contents */
};

struct p2m_domain {
    uint64_t root;                  /* machine address of the top table (the VMCB's nCR3) */
    const struct p2m_pt_ops *ops;
    void *ctx;
    unsigned long nr_tables, nr_4k, nr_2m;     /* statistics: tables incl. root, leaves */
    unsigned long max_mapped_gfn;   /* highest gfn ever mapped (never lowered, as Xen's) */
};

/* Allocates the root table. 0, or -XEN_ENOMEM. */
int p2m_pt_init(struct p2m_domain *p2m, const struct p2m_pt_ops *ops, void *ctx);
/* Maps gfn (aligned to the order) to mfn with type t; order 0 (4K) or 9 (2M);
 * INVALID_MFN or p2m_invalid unmaps. A 4K change inside a 2M mapping splits
 * it first; a 2M mapping over a table frees the table. Returns 0,
 * -XEN_ENOMEM (nothing changed), or -XEN_EINVAL (bad order, alignment, type,
 * gfn above P2M_MAX_GFN, mfn above P2M_MAX_MFN). */
int p2m_set_entry(struct p2m_domain *p2m, unsigned long gfn, unsigned long mfn,
                  unsigned int order, p2m_type_t t);
/* The mfn and type of gfn, and the order (0 or 9) of the entry that maps it;
 * INVALID_MFN and p2m_invalid if none (order then says how large the hole
 * is known to be). t and order may be NULL. */
unsigned long p2m_get_entry(struct p2m_domain *p2m, unsigned long gfn,
                            p2m_type_t *t, unsigned int *order);
/* Frees every table including the root. */
void p2m_pt_teardown(struct p2m_domain *p2m);

/* Whether guest accesses of this type may write / reach memory at all. */
bool p2m_is_writable(p2m_type_t t);
bool p2m_is_present(p2m_type_t t);

#endif

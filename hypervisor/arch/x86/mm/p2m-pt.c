/* The p2m as AMD nested page tables (see asm/p2m.h).
 *
 * Entries are AMD64 long-mode 4-level entries (AMD APM vol. 2, 5.3.3 and
 * 5.4.1): P bit 0, R/W 1, U/S 2, PWT 3, PCD 4, A 5, D 6, PS 7 (in a PDE: a
 * 2 MiB page), address bits 51:12, software-available bits 11:9 and 62:52.
 * Nested walks are user accesses (APM 15.25.5), so every entry has U=1.
 * A and D are set in advance, so the walker never writes them back.
 * The p2m type lives in bits 58:52 of every leaf, present or not, so a lookup
 * returns it: an emulated range (p2m_mmio_dm) is a not-present leaf that still
 * carries its type and mfn. PCD/PWT stay clear for every type, MMIO included:
 * the nested PAT index is then 0 (write-back in the default nested guest PAT) and
 * the combined type is the guest's own choice (APM 15.25.8), which is what a
 * guest mapping a device as UC expects. NX is never set: execution is the
 * guest's business. */
#include <asm/p2m.h>
#include <xen/string.h>
#include <public/errno.h>

#define _PAGE_PRESENT  (1UL << 0)
#define _PAGE_RW       (1UL << 1)
#define _PAGE_USER     (1UL << 2)
#define _PAGE_ACCESSED (1UL << 5)
#define _PAGE_DIRTY    (1UL << 6)
#define _PAGE_PSE      (1UL << 7)
#define PTE_ADDR_MASK  0x000ffffffffff000UL
#define P2M_TYPE_SHIFT 52
#define P2M_TYPE_MASK  0x7fUL
#define L1_ENTRIES     512
#define TABLE_FLAGS    (_PAGE_PRESENT | _PAGE_RW | _PAGE_USER | _PAGE_ACCESSED)

bool p2m_is_present(p2m_type_t t)
{
    return t != p2m_invalid && t != p2m_mmio_dm && t < p2m_max_type;
}

bool p2m_is_writable(p2m_type_t t)
{
    return t == p2m_ram_rw || t == p2m_mmio_direct || t == p2m_grant_map_rw;
}

static uint64_t *table(struct p2m_domain *p2m, uint64_t maddr)
{
    return p2m->ops->map(p2m->ctx, maddr);
}

static unsigned int pt_index(unsigned long gfn, unsigned int level)
{
    return (gfn >> (9 * (level - 1))) & (L1_ENTRIES - 1);
}

static uint64_t leaf_entry(unsigned long mfn, p2m_type_t t, unsigned int order)
{
    uint64_t e = ((uint64_t)mfn << PAGE_SHIFT) | ((uint64_t)t << P2M_TYPE_SHIFT);

    if (p2m_is_present(t))
        e |= _PAGE_PRESENT | _PAGE_USER | _PAGE_ACCESSED | _PAGE_DIRTY;
    if (p2m_is_writable(t))
        e |= _PAGE_RW;
    if (order)
        e |= _PAGE_PSE;
    return e;
}

static p2m_type_t entry_type(uint64_t e)
{
    unsigned int t = (e >> P2M_TYPE_SHIFT) & P2M_TYPE_MASK;

    return t < p2m_max_type ? (p2m_type_t)t : p2m_invalid;
}

/* A PDE that points to an L1 table (leaves always have PS, present or not). */
static bool l2e_is_table(uint64_t e)
{
    return (e & _PAGE_PRESENT) && !(e & _PAGE_PSE);
}

static uint64_t new_table(struct p2m_domain *p2m)
{
    uint64_t maddr = p2m->ops->alloc_table(p2m->ctx);

    if (maddr)
        p2m->nr_tables++;
    return maddr;
}

static void free_table(struct p2m_domain *p2m, uint64_t maddr)
{
    p2m->ops->free_table(p2m->ctx, maddr);
    p2m->nr_tables--;
}

/* Frees an L1 table and forgets the 4K leaves it held. */
static void free_l1(struct p2m_domain *p2m, uint64_t maddr)
{
    uint64_t *l1 = table(p2m, maddr);

    for (unsigned int i = 0; i < L1_ENTRIES; i++)
        if (l1[i])
            p2m->nr_4k--;
    free_table(p2m, maddr);
}

/* The PDE slot for gfn; with alloc, missing L3/L2 tables are created.
 * NULL when a table is missing (and could not be allocated). An intermediate
 * table allocated before a failure stays, empty: it maps nothing and
 * teardown frees it. */
static uint64_t *l2e_slot(struct p2m_domain *p2m, unsigned long gfn, bool alloc)
{
    uint64_t *t = table(p2m, p2m->root);

    for (unsigned int level = 4; level > 2; level--) {
        uint64_t *e = &t[pt_index(gfn, level)];

        if (!(*e & _PAGE_PRESENT)) {
            uint64_t maddr;

            if (!alloc || !(maddr = new_table(p2m)))
                return NULL;
            *e = maddr | TABLE_FLAGS;
        }
        t = table(p2m, *e & PTE_ADDR_MASK);
    }
    return &t[pt_index(gfn, 2)];
}

static int set_2m(struct p2m_domain *p2m, unsigned long gfn, uint64_t new)
{
    uint64_t *l2e = l2e_slot(p2m, gfn, new != 0);

    if (!l2e)
        return new ? -XEN_ENOMEM : 0;
    if (l2e_is_table(*l2e))
        free_l1(p2m, *l2e & PTE_ADDR_MASK);
    else if (*l2e)
        p2m->nr_2m--;
    *l2e = new;
    if (new)
        p2m->nr_2m++;
    return 0;
}

/* Replaces a 2M leaf by an L1 table whose 512 entries map the same frames
 * with the same type. On failure the 2M leaf is untouched. */
static int split_2m(struct p2m_domain *p2m, uint64_t *l2e)
{
    uint64_t maddr = new_table(p2m), *l1, base = *l2e & ~_PAGE_PSE;

    if (!maddr)
        return -XEN_ENOMEM;
    l1 = table(p2m, maddr);
    for (unsigned int i = 0; i < L1_ENTRIES; i++)
        l1[i] = base + ((uint64_t)i << PAGE_SHIFT);
    *l2e = maddr | TABLE_FLAGS;
    p2m->nr_2m--;
    p2m->nr_4k += L1_ENTRIES;
    return 0;
}

static int set_4k(struct p2m_domain *p2m, unsigned long gfn, uint64_t new)
{
    uint64_t *l2e = l2e_slot(p2m, gfn, new != 0), *l1e;
    unsigned int i = pt_index(gfn, 1);

    if (!l2e)
        return new ? -XEN_ENOMEM : 0;
    if (!*l2e) {
        uint64_t maddr;

        if (!new)
            return 0;
        if (!(maddr = new_table(p2m)))
            return -XEN_ENOMEM;
        *l2e = maddr | TABLE_FLAGS;
    } else if (!l2e_is_table(*l2e)) {
        /* Already what the split would give this slot: nothing to do. */
        if (new == (*l2e & ~_PAGE_PSE) + ((uint64_t)i << PAGE_SHIFT))
            return 0;
        if (split_2m(p2m, l2e))
            return -XEN_ENOMEM;
    }
    l1e = &table(p2m, *l2e & PTE_ADDR_MASK)[i];
    if (*l1e)
        p2m->nr_4k--;
    *l1e = new;
    if (new)
        p2m->nr_4k++;
    return 0;
}

int p2m_pt_init(struct p2m_domain *p2m, const struct p2m_pt_ops *ops, void *ctx)
{
    memset(p2m, 0, sizeof(*p2m));
    p2m->ops = ops;
    p2m->ctx = ctx;
    p2m->root = new_table(p2m);
    return p2m->root ? 0 : -XEN_ENOMEM;
}

int p2m_set_entry(struct p2m_domain *p2m, unsigned long gfn, unsigned long mfn,
                  unsigned int order, p2m_type_t t)
{
    unsigned long nr = 1UL << (order & 31);
    bool unmap = mfn == INVALID_MFN || t == p2m_invalid;
    int rc;

    if ((order != 0 && order != 9) || (unsigned int)t >= p2m_max_type ||
        gfn > P2M_MAX_GFN || (gfn & (nr - 1)) || !p2m->root)
        return -XEN_EINVAL;
    if (!unmap && (mfn > P2M_MAX_MFN || (mfn & (nr - 1))))
        return -XEN_EINVAL;

    if (order)
        rc = set_2m(p2m, gfn, unmap ? 0 : leaf_entry(mfn, t, 9));
    else
        rc = set_4k(p2m, gfn, unmap ? 0 : leaf_entry(mfn, t, 0));
    if (!rc && !unmap && gfn + nr - 1 > p2m->max_mapped_gfn)
        p2m->max_mapped_gfn = gfn + nr - 1;
    return rc;
}

unsigned long p2m_get_entry(struct p2m_domain *p2m, unsigned long gfn,
                            p2m_type_t *t, unsigned int *order)
{
    uint64_t *l2e, e;
    unsigned long mfn = INVALID_MFN;
    p2m_type_t type = p2m_invalid;
    unsigned int ord = 9;

    if (gfn <= P2M_MAX_GFN && p2m->root &&
        (l2e = l2e_slot(p2m, gfn, false)) && *l2e) {
        if (l2e_is_table(*l2e)) {
            e = table(p2m, *l2e & PTE_ADDR_MASK)[pt_index(gfn, 1)];
            ord = 0;
        } else {
            e = *l2e + ((uint64_t)pt_index(gfn, 1) << PAGE_SHIFT);
        }
        type = entry_type(e);
        if (type != p2m_invalid)
            mfn = (e & PTE_ADDR_MASK) >> PAGE_SHIFT;
    }
    if (t)
        *t = type;
    if (order)
        *order = ord;
    return mfn;
}

void p2m_pt_teardown(struct p2m_domain *p2m)
{
    uint64_t *l4, *l3, *l2;

    if (!p2m->root)
        return;
    l4 = table(p2m, p2m->root);
    for (unsigned int i4 = 0; i4 < L1_ENTRIES; i4++) {
        if (!(l4[i4] & _PAGE_PRESENT))
            continue;
        l3 = table(p2m, l4[i4] & PTE_ADDR_MASK);
        for (unsigned int i3 = 0; i3 < L1_ENTRIES; i3++) {
            if (!(l3[i3] & _PAGE_PRESENT))
                continue;
            l2 = table(p2m, l3[i3] & PTE_ADDR_MASK);
            for (unsigned int i2 = 0; i2 < L1_ENTRIES; i2++) {
                if (l2e_is_table(l2[i2]))
                    free_l1(p2m, l2[i2] & PTE_ADDR_MASK);
                else if (l2[i2])
                    p2m->nr_2m--;
            }
            free_table(p2m, l3[i3] & PTE_ADDR_MASK);
        }
        free_table(p2m, l4[i4] & PTE_ADDR_MASK);
    }
    free_table(p2m, p2m->root);
    p2m->root = 0;
    p2m->max_mapped_gfn = 0;
}

/* Guest page-table walk (see asm/guest_walk.h), after AMD APM vol. 2
 * chapter 5 and Intel SDM vol. 3A chapter 4.
 *
 * Modes: 2-level 32-bit (4K; 4M with CR4.PSE, PSE-36 address bits 39:32 in
 * PDE bits 20:13), PAE (3 levels, 4K/2M), long mode 4-level and, with
 * CR4.LA57, 5-level (4K/2M/1G). 1G pages are accepted without asking CPUID.
 *
 * PAE PDPTEs: a real CPU loads the four PDPTEs when CR3 is written (Intel,
 * and AMD without nested paging); we read them from guest memory on every
 * walk. The two differ only for a guest that edits a live PDPTE without
 * reloading CR3, which the manuals leave undefined. A bad PDPTE is reported
 * as the #PF the walk would take, not as the #GP of a MOV to CR3.
 *
 * Accessed/Dirty: set, when ops->write_gpa is given, only once the whole
 * walk and its permission checks succeed; as a plain read-modify-write of
 * the entry, not a locked cmpxchg. A guest CPU changing the same entry at
 * that instant can lose its update; Xen uses cmpxchg, we accept the race
 * for the rare emulated accesses. 32-bit entries are read and written as
 * the aligned 8-byte word holding them, so no access crosses a page. */
#include <asm/guest_walk.h>
#include <asm/processor.h>

#define X86_EFLAGS_AC  (1UL << 18)

#define _PAGE_PRESENT  (1UL << 0)
#define _PAGE_RW       (1UL << 1)
#define _PAGE_USER     (1UL << 2)
#define _PAGE_ACCESSED (1UL << 5)
#define _PAGE_DIRTY    (1UL << 6)
#define _PAGE_PSE      (1UL << 7)
#define _PAGE_NX       (1UL << 63)
#define ADDR_MASK      0x000ffffffffff000UL

#define GENMASK(h, l)  ((~0UL >> (63 - (h))) & ~((1UL << (l)) - 1))

struct walk {
    const struct guest_paging_state *st;
    const struct guest_walk_ops *ops;
    void *ctx;
    unsigned int nr;                     /* entries read so far */
    uint64_t addr[5], val[5];
    bool narrow;                         /* 32-bit entries */
    bool has_ad[5];                      /* PAE PDPTEs have no A bit */
};

static int read_entry(struct walk *w, uint64_t addr, uint64_t *bad_gpa)
{
    uint64_t v;

    if (w->ops->read_gpa(w->ctx, addr & ~7UL, &v)) {
        *bad_gpa = addr;
        return GW_BAD_GPA;
    }
    if (w->narrow)
        v = (uint32_t)(v >> ((addr & 4) * 8));
    w->addr[w->nr] = addr;
    w->val[w->nr] = v;
    w->has_ad[w->nr] = true;
    w->nr++;
    return GW_OK;
}

/* ORs bits into entry i, re-reading the word around it first. */
static int set_bits(struct walk *w, unsigned int i, uint64_t bits, uint64_t *bad_gpa)
{
    uint64_t word, a = w->addr[i] & ~7UL;

    if (w->ops->read_gpa(w->ctx, a, &word))
        goto bad;
    if (w->narrow)
        bits <<= (w->addr[i] & 4) * 8;
    if ((word & bits) == bits)
        return GW_OK;
    if (w->ops->write_gpa(w->ctx, a, word | bits))
        goto bad;
    return GW_OK;
 bad:
    *bad_gpa = w->addr[i];
    return GW_BAD_GPA;
}

static bool is_canonical(uint64_t va, unsigned int bits)
{
    int64_t s = (int64_t)(va << (64 - bits)) >> (64 - bits);

    return (uint64_t)s == va;
}

int guest_walk_tables(const struct guest_paging_state *st, uint64_t va, uint32_t pfec,
                      const struct guest_walk_ops *ops, void *ctx, uint64_t *gpa,
                      uint32_t *pfec_out, uint64_t *bad_gpa)
{
    struct walk w = { .st = st, .ops = ops, .ctx = ctx };
    bool lma = st->efer & EFER_LMA, pae = st->cr4 & X86_CR4_PAE;
    bool la57 = lma && (st->cr4 & X86_CR4_LA57);
    bool nxe = (lma || pae) && (st->efer & EFER_NXE);
    unsigned int maxphy = st->maxphyaddr && st->maxphyaddr < 52 ? st->maxphyaddr : 52;
    /* Address bits above MAXPHYADDR are reserved (APM 5.3.3, SDM 4.5.4). */
    uint64_t rsvd_addr = maxphy < 52 ? GENMASK(51, maxphy) : 0;
    uint64_t rsvd_common, table, e = 0, page_mask = 0xfff;
    bool user_ok = true, write_ok = true, nx = false, fault;
    unsigned int level, top;
    uint32_t fault_bits = 0;
    int rc;

    *pfec_out = 0;
    if (!(st->cr0 & X86_CR0_PG)) {
        *gpa = lma ? va : (uint32_t)va;
        return GW_OK;
    }
    if (lma) {
        if (!is_canonical(va, la57 ? 57 : 48))
            return GW_NONCANONICAL;
        top = la57 ? 5 : 4;
        table = st->cr3 & ADDR_MASK & ~rsvd_addr;
        rsvd_common = rsvd_addr | (nxe ? 0 : _PAGE_NX);
    } else if (pae) {
        va = (uint32_t)va;
        top = 3;
        table = st->cr3 & 0xffffffe0UL;
        /* Legacy PAE has no available high bits: 62:52 are reserved too. */
        rsvd_common = rsvd_addr | GENMASK(62, 52) | (nxe ? 0 : _PAGE_NX);
    } else {
        va = (uint32_t)va;
        top = 2;
        table = st->cr3 & 0xfffff000UL;
        rsvd_common = 0;
        w.narrow = true;
    }

    for (level = top; level >= 1; level--) {
        unsigned int shift = w.narrow ? 12 + 10 * (level - 1) : 12 + 9 * (level - 1);
        unsigned int idx = (va >> shift) & (w.narrow ? 1023 : (!lma && level == 3) ? 3 : 511);
        uint64_t rsvd = rsvd_common;
        bool leaf = level == 1;

        if ((rc = read_entry(&w, table + idx * (w.narrow ? 4 : 8), bad_gpa)))
            return rc;
        e = w.val[w.nr - 1];
        if (!(e & _PAGE_PRESENT))
            goto page_fault;

        if (!lma && pae && level == 3) {
            /* PDPTE: only P and the address (APM 5.3.3, SDM table 4-8). */
            rsvd = rsvd_addr | GENMASK(63, 52) | GENMASK(8, 5) | GENMASK(2, 1);
            w.has_ad[w.nr - 1] = false;
        } else if (w.narrow) {
            if (level == 2 && (e & _PAGE_PSE) && (st->cr4 & X86_CR4_PSE)) {
                /* 4M page: PSE-36 puts address bits 39:32 in 20:13, 21 is reserved. */
                unsigned int hi = maxphy < 40 ? (maxphy > 32 ? maxphy : 32) : 40;

                rsvd = GENMASK(21, 13 + hi - 32);
                leaf = true;
            }
        } else if (level >= 4) {
            rsvd |= _PAGE_PSE;           /* PML4E/PML5E: PS must be 0 */
        } else if ((level == 2 || (level == 3 && lma)) && (e & _PAGE_PSE)) {
            /* 2M/1G page: address bits below the page size, above PAT, MBZ. */
            rsvd |= GENMASK(shift - 1, 13);
            leaf = true;
        }
        if (e & rsvd) {
            fault_bits = PFEC_reserved_bit | PFEC_present;
            goto page_fault;
        }
        if (w.has_ad[w.nr - 1]) {
            user_ok &= !!(e & _PAGE_USER);
            write_ok &= !!(e & _PAGE_RW);
            nx |= nxe && (e & _PAGE_NX);
        }
        if (leaf) {
            page_mask = (1UL << shift) - 1;
            break;
        }
        table = e & ADDR_MASK;
        if (w.narrow)
            table &= 0xfffff000UL;
    }

    /* Permissions (APM 5.6, SDM 4.6). */
    if (pfec & PFEC_user_mode)
        fault = !user_ok || ((pfec & PFEC_write_access) && !write_ok);
    else {
        fault = (pfec & PFEC_write_access) && !write_ok && (st->cr0 & X86_CR0_WP);
        if (user_ok && (pfec & PFEC_insn_fetch))
            fault |= !!(st->cr4 & X86_CR4_SMEP);
        else if (user_ok && (st->cr4 & X86_CR4_SMAP))
            fault |= (pfec & PFEC_implicit) || !(st->rflags & X86_EFLAGS_AC);
    }
    if ((pfec & PFEC_insn_fetch) && nx)
        fault = true;
    if (fault) {
        fault_bits = PFEC_present;
        goto page_fault;
    }

    if (w.narrow && page_mask == 0x3fffff)
        *gpa = (e & 0xffc00000UL) | (((e >> 13) & 0xff) << 32) | (va & page_mask);
    else
        *gpa = (e & ADDR_MASK & ~page_mask) | (va & page_mask);

    if (ops->write_gpa) {
        for (unsigned int i = 0; i < w.nr; i++) {
            uint64_t bits = _PAGE_ACCESSED;

            if (i == w.nr - 1 && (pfec & PFEC_write_access))
                bits |= _PAGE_DIRTY;
            if (w.has_ad[i] && (rc = set_bits(&w, i, bits, bad_gpa)))
                return rc;
        }
    }
    return GW_OK;

 page_fault:
    *pfec_out = fault_bits | (pfec & (PFEC_write_access | PFEC_user_mode | PFEC_insn_fetch));
    /* The I/D bit is only reported when NX or SMEP is in use (SDM 4.7). */
    if (!nxe && !(st->cr4 & X86_CR4_SMEP))
        *pfec_out &= ~PFEC_insn_fetch;
    return GW_PAGE_FAULT;
}

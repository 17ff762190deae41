/* libFuzzer target: random grant op batches (grant entries written as a
 * guest would, map, unmap, copy, setup, frames mapped) from three fake
 * domains against each other. After every op: each active entry's pins
 * equal the mappings that name it, GTF_reading/GTF_writing are set
 * whenever pinned, and every page's references are its allocation plus
 * the mappings of it. At the end the domains are destroyed in the input's
 * order and the heap and hypervisor pages are as they were. */
#include "../gnttab_fake.h"
#include <stdio.h>

#define ND 3

static const uint8_t *in;
static size_t in_len;

static unsigned int next(unsigned int bound)
{
    unsigned int v = 0;

    if (in_len) {
        v = *in++;
        in_len--;
    }
    return bound ? v % bound : v;
}

static domid_t pick_dom(void)
{
    static const domid_t ids[] = { 1, 2, 3, 9, DOMID_SELF };

    return ids[next(5)];
}

static void check_invariants(void)
{
    for (int s = 0; s < ND; s++) {
        struct grant_table *rgt = &fk_dom[s].gt;

        if (!fk_dom[s].alive)
            continue;
        for (grant_ref_t r = 0; r < 16; r++) {
            struct active_grant_entry *act = active_entry(rgt, r);
            uint32_t pins = 0;

            for (int l = 0; l < ND; l++) {
                struct grant_table *lgt = &fk_dom[l].gt;

                if (!fk_dom[l].alive)
                    continue;
                for (unsigned int h = 0; h < lgt->maptrack_limit; h++) {
                    struct grant_mapping *m = maptrack_entry(lgt, h);

                    if (m->flags && m->domid == rgt->domid && m->ref == r)
                        pins += m->flags & GNTMAP_readonly ? GNTPIN_hstr_inc : GNTPIN_hstw_inc;
                }
            }
            if (act->pin != pins)
                abort();
            if (act->pin && !(shared_entry_v1(rgt, r)->flags & GTF_reading))
                abort();
            if ((act->pin & GNTPIN_hstw_mask) && !(shared_entry_v1(rgt, r)->flags & GTF_writing))
                abort();
        }
    }
}

static void one_op(void)
{
    int s = (int)next(ND);
    struct grant_table *gt = &fk_dom[s].gt;

    if (!fk_dom[s].alive)
        return;
    switch (next(6)) {
    case 0: {                           /* the guest writes a grant entry */
        grant_ref_t r = next(16);
        grant_entry_v1_t *e = shared_entry_v1(gt, r);

        e->domid = (domid_t)next(5);
        e->frame = next(24);
        e->flags = (uint16_t)(next(0) & 0x1f);
        break;
    }
    case 1: {
        struct gnttab_map_grant_ref op = {
            .host_addr = (uint64_t)(20 + next(24)) << 12,
            .flags = (uint16_t)(next(0) & (GNTMAP_host_map | GNTMAP_readonly | GNTMAP_device_map)),
            .ref = next(20), .dom = pick_dom(),
        };

        gnttab_map_grant_ref(gt, &op);
        break;
    }
    case 2: {
        struct gnttab_unmap_grant_ref op = {
            .host_addr = (uint64_t)(20 + next(24)) << 12, .handle = next(8),
        };

        gnttab_unmap_grant_ref(gt, &op);
        break;
    }
    case 3: {
        struct gnttab_copy op = { .flags = (uint16_t)next(4), .len = (uint16_t)(next(0) << 4) };

        op.source.domid = pick_dom();
        op.dest.domid = pick_dom();
        op.source.u.gmfn = next(24);
        op.dest.u.gmfn = next(24);
        op.source.offset = (uint16_t)(next(0) << 4);
        op.dest.offset = (uint16_t)(next(0) << 4);
        gnttab_copy_one(gt, &op);
        break;
    }
    case 4:
        gnttab_setup(gt, next(70));
        break;
    default: {
        unsigned long mfn, old, gfn = 30 + next(8);

        if (!gnttab_map_frame(gt, next(70), &mfn, &old)) {
            p2m_type_t t;

            /* What physmap_add_special does, without freeing RAM. */
            p2m_get_entry(&fk_dom[s].p2m, gfn, &t, NULL);
            if (t != p2m_grant_map_rw && t != p2m_grant_map_ro && t != p2m_ram_rw) {
                if (old != INVALID_GFN)
                    p2m_set_entry(&fk_dom[s].p2m, old, INVALID_MFN, 0, p2m_invalid);
                p2m_set_entry(&fk_dom[s].p2m, gfn, mfn, 0, p2m_ram_rw);
            }
        }
    }
    }
    check_invariants();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    unsigned long free0;
    int order[ND] = { 0, 1, 2 };

    fk_reset();
    free0 = fk_heap.free_pages;
    in = data;
    in_len = size;
    for (int s = 0; s < ND; s++)
        if (fk_create(s, (domid_t)(s + 1), 16))
            abort();
    for (int i = 0; i < 200 && in_len; i++)
        one_op();
    /* Destruction in an order the input picks; whoever is still mapped
     * waits until its mapper is gone. */
    if (next(2)) {
        order[0] = 2;
        order[2] = 0;
    }
    for (int i = 0; i < ND; i++)
        fk_kill(order[i]);
    for (int i = 0; i < ND; i++) {
        if (fk_dom[order[i]].mem.tot_pages + fk_dom[order[i]].mem.xenheap_pages)
            abort();
        fk_reap(order[i]);
    }
    if (fk_heap.free_pages != free0 || fk_xen_pages)
        abort();
    return 0;
}

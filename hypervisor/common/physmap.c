/* A domain's physmap as memory_op changes it (see xen/physmap.h). */
#include <xen/physmap.h>
#include <public/errno.h>

#define SUPERPAGE_ORDER 9

static bool p2m_is_special(p2m_type_t t)
{
    /* Xen's p2m_is_special: what populate may not replace. */
    return t == p2m_grant_map_rw || t == p2m_grant_map_ro || t == p2m_mmio_direct;
}

static int unmap(struct physmap *pm, unsigned long gfn)
{
    return pm->ops->set_entry(pm->ctx, gfn, INVALID_MFN, 0, p2m_invalid);
}

int guest_remove_page(struct physmap *pm, unsigned long gfn)
{
    const struct physmap_ops *ops = pm->ops;
    p2m_type_t t;
    unsigned long mfn = ops->lookup(pm->ctx, gfn, &t);
    int rc;

    if (t == p2m_invalid || t == p2m_mmio_dm)
        return -XEN_ENOENT;
    if (t == p2m_mmio_direct)
        return -XEN_EPERM;
    if (mfn == INVALID_MFN)
        return -XEN_EINVAL;
    /* A special page is only unhooked: it stays the domain's until it dies. */
    if (mfn == pm->shared_info_mfn) {
        rc = unmap(pm, gfn);
        if (!rc && pm->shared_info_gfn == gfn)
            pm->shared_info_gfn = INVALID_GFN;
        return rc;
    }
    /* Only the domain's own pages: a grant or foreign map is another's. */
    if (!ops->get_page(pm->ctx, mfn))
        return -XEN_ENXIO;
    rc = unmap(pm, gfn);
    if (!rc)
        ops->free_page(pm->ctx, mfn);
    ops->put_page(pm->ctx, mfn);        /* the last reference frees it */
    return rc;
}

int guest_physmap_populate(struct physmap *pm, unsigned long gfn, unsigned int order)
{
    const struct physmap_ops *ops = pm->ops;
    unsigned long n = 1UL << order, mfn, i;
    int rc = 0;

    mfn = ops->alloc(pm->ctx, order);
    if (mfn == INVALID_MFN)
        return -XEN_ENOMEM;
    if (gfn > P2M_MAX_GFN || n - 1 > P2M_MAX_GFN - gfn) {
        rc = -XEN_EINVAL;
        goto free;
    }
    for (i = 0; i < n; i++) {
        p2m_type_t t;

        ops->lookup(pm->ctx, gfn + i, &t);
        /* Xen's p2m_add_page crashes a domain that tries this. */
        if (p2m_is_special(t)) {
            ops->crash(pm->ctx, "populate_physmap over a grant or MMIO mapping");
            rc = -XEN_EPERM;
            goto free;
        }
    }
    for (i = 0; i < n; ) {
        unsigned int o = !((gfn + i) & ((1UL << SUPERPAGE_ORDER) - 1)) &&
                         n - i >= (1UL << SUPERPAGE_ORDER) ? SUPERPAGE_ORDER : 0;

        rc = ops->set_entry(pm->ctx, gfn + i, mfn + i, o, p2m_ram_rw);
        if (rc)
            break;
        i += 1UL << o;
    }
    if (!rc) {
        if (pm->shared_info_gfn - gfn < n)
            pm->shared_info_gfn = INVALID_GFN;  /* RAM mapped over it */
        return 0;
    }
    while (i--)
        unmap(pm, gfn + i);
free:
    for (i = 0; i < n; i++)
        ops->free_page(pm->ctx, mfn + i);
    return rc;
}

/* The extent loop both reservation ops share: from nr_done on, each extent's
 * gfn read from the guest and handed to one(), stopping at the first that
 * fails or when preemption is due (never before the first extent, so a
 * continuation always makes progress). nr_done counts the extents done. */
static void for_each_extent(struct physmap *pm, struct memop_args *a,
                            int (*one)(struct physmap *pm, unsigned long gfn, unsigned int order))
{
    unsigned int i;
    uint64_t gfn;

    if (a->extent_order > a->max_order)
        return;
    for (i = a->nr_done; i < a->nr_extents; i++) {
        if (i != a->nr_done && a->preempt_check(a->ctx)) {
            a->preempted = true;
            break;
        }
        if (a->read_gfn(a->ctx, i, &gfn) || one(pm, (unsigned long)gfn, a->extent_order))
            break;
    }
    a->nr_done = i;
}

void populate_physmap(struct physmap *pm, struct memop_args *a)
{
    for_each_extent(pm, a, guest_physmap_populate);
}

/* An extent stops at its first page that cannot go: the pages before it
 * are gone, but the extent does not count as done. */
static int remove_extent(struct physmap *pm, unsigned long gfn, unsigned int order)
{
    for (unsigned long j = 0; j < (1UL << order); j++)
        if (guest_remove_page(pm, gfn + j))
            return -1;
    return 0;
}

void decrease_reservation(struct physmap *pm, struct memop_args *a)
{
    for_each_extent(pm, a, remove_extent);
}

static bool p2m_is_ram(p2m_type_t t)
{
    return t == p2m_ram_rw || t == p2m_ram_ro || t == p2m_ram_logdirty;
}

/* Maps mfn, now at old_gfn (INVALID_GFN: nowhere), at gpfn instead: the
 * tail of Xen's xenmem_add_to_physmap_one. Whatever RAM was at gpfn is
 * freed, not leaked; a frame is at one gfn only. */
static int move_page(struct physmap *pm, unsigned long mfn, unsigned long old_gfn,
                     unsigned long gpfn)
{
    p2m_type_t t;
    unsigned long prev = pm->ops->lookup(pm->ctx, gpfn, &t);
    int rc = 0;

    if (t == p2m_mmio_direct)
        rc = -XEN_EPERM;
    else if (prev != INVALID_MFN && prev != mfn)
        rc = guest_remove_page(pm, gpfn);
    if (!rc && old_gfn != INVALID_GFN && old_gfn != gpfn) {
        rc = unmap(pm, old_gfn);
        if (!rc && mfn == pm->shared_info_mfn)
            pm->shared_info_gfn = INVALID_GFN;
    }
    if (!rc)
        rc = pm->ops->set_entry(pm->ctx, gpfn, mfn, 0, p2m_ram_rw);
    if (!rc && mfn == pm->shared_info_mfn)
        pm->shared_info_gfn = gpfn;
    return rc;
}

int physmap_add_shared_info(struct physmap *pm, unsigned long idx, unsigned long gpfn)
{
    unsigned long mfn = idx == 0 ? pm->shared_info_mfn : INVALID_MFN;

    if (gpfn == INVALID_GFN || mfn == INVALID_MFN)
        return -XEN_EINVAL;
    return move_page(pm, mfn, pm->shared_info_gfn, gpfn);
}

int physmap_add_special(struct physmap *pm, unsigned long mfn, unsigned long old_gfn,
                        unsigned long gpfn)
{
    p2m_type_t t;

    if (gpfn == INVALID_GFN)
        return -XEN_EINVAL;
    /* Where the caller last put it, if the frame is still there. */
    if (old_gfn != INVALID_GFN && pm->ops->lookup(pm->ctx, old_gfn, &t) != mfn)
        old_gfn = INVALID_GFN;
    return move_page(pm, mfn, old_gfn, gpfn);
}

int physmap_add_gmfn(struct physmap *pm, unsigned long idx, unsigned long gpfn)
{
    p2m_type_t t;
    unsigned long mfn = pm->ops->lookup(pm->ctx, idx, &t);
    int rc;

    if (gpfn == INVALID_GFN)
        return -XEN_EINVAL;
    /* Only a frame of its own: a grant or a hole has none to move. */
    if (mfn == INVALID_MFN || !p2m_is_ram(t) || !pm->ops->get_page(pm->ctx, mfn))
        return -XEN_EINVAL;
    rc = move_page(pm, mfn, idx, gpfn);
    pm->ops->put_page(pm->ctx, mfn);
    return rc;
}

long physmap_add_gmfn_range(struct physmap *pm, unsigned long idx, unsigned long gpfn,
                            unsigned int size, unsigned int start,
                            bool (*preempt_check)(void *ctx), void *ctx)
{
    unsigned int done = 0;
    long rc = 0;

    if (gpfn == INVALID_GFN)
        return -XEN_EINVAL;
    if (size < start)
        return -XEN_EILSEQ;
    if (gpfn + size < gpfn || idx + size < idx)
        return -XEN_EOVERFLOW;
    idx += start;
    gpfn += start;
    size -= start;
    while (size > done) {
        rc = physmap_add_gmfn(pm, idx++, gpfn++);
        if (rc < 0)
            break;
        if (size > ++done && preempt_check(ctx)) {
            rc = start + done;
            break;
        }
    }
    return rc;
}

int physmap_remove(struct physmap *pm, unsigned long gfn)
{
    p2m_type_t t;
    unsigned long mfn = pm->ops->lookup(pm->ctx, gfn, &t);
    int rc;

    if (mfn == INVALID_MFN || !p2m_is_ram(t) || !pm->ops->get_page(pm->ctx, mfn))
        return -XEN_ENOENT;
    rc = unmap(pm, gfn);
    if (!rc && pm->shared_info_gfn == gfn)
        pm->shared_info_gfn = INVALID_GFN;
    pm->ops->put_page(pm->ctx, mfn);
    return rc;
}

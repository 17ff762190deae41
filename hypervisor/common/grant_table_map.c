/* Grant mappings for a translated (HVM/PVH) mapper, as Xen 4.17 makes
 * them (common/grant_table.c: map_grant_ref, unmap_common(_complete),
 * gnttab_release_mappings; arch/x86/hvm/grant_table.c: the p2m side;
 * arch/x86/mm/p2m.c: p2m_add_page). Pure (see xen/grant_table.h). */
#include <xen/grant_table.h>
#include <public/errno.h>

static bool p2m_is_ram(p2m_type_t t)
{
    return t == p2m_ram_rw || t == p2m_ram_ro || t == p2m_ram_logdirty;
}

/* Xen's p2m_is_special: what p2m_add_page refuses to replace. */
static bool p2m_is_special(p2m_type_t t)
{
    return t == p2m_grant_map_rw || t == p2m_grant_map_ro || t == p2m_mmio_direct;
}

/* Xen's get_paged_frame for a translated granter: a page of rgt's domain
 * at gfn, with a reference. GNTST_okay or GNTST_bad_page. */
int gnttab_get_paged_frame(struct grant_table *rgt, unsigned long gfn, unsigned long *mfn)
{
    p2m_type_t t;
    unsigned long m = rgt->ops->p2m_lookup(rgt->ctx, rgt, gfn, &t);

    if (m == INVALID_MFN || !p2m_is_ram(t) || !rgt->ops->get_page(rgt->ctx, rgt, m))
        return GNTST_bad_page;
    *mfn = m;
    return GNTST_okay;
}

/* create_grant_p2m_mapping: the frame at gfn of the mapper's p2m, in
 * place of what was there (RAM stays the domain's, unmapped). */
static int create_mapping(struct grant_table *lgt, unsigned long gfn, unsigned long mfn,
                          uint16_t flags)
{
    const struct gnttab_ops *ops = lgt->ops;
    p2m_type_t t;

    if ((flags & ~GNTMAP_readonly) != GNTMAP_host_map || gfn > P2M_MAX_GFN)
        return GNTST_general_error;
    ops->p2m_lookup(lgt->ctx, lgt, gfn, &t);
    if (p2m_is_special(t)) {
        /* "Don't permit unmapping grant/foreign/direct-MMIO this way." */
        ops->crash(lgt->ctx, lgt, "grant map over a grant or MMIO mapping");
        return GNTST_general_error;
    }
    if (ops->p2m_set(lgt->ctx, lgt, gfn, mfn,
                     flags & GNTMAP_readonly ? p2m_grant_map_ro : p2m_grant_map_rw))
        return GNTST_general_error;
    return GNTST_okay;
}

void gnttab_map_grant_ref(struct grant_table *lgt, struct gnttab_map_grant_ref *op)
{
    const struct gnttab_ops *ops = lgt->ops;
    struct grant_table *rgt;
    struct active_grant_entry *act;
    bool ro = op->flags & GNTMAP_readonly, pinned = false, have_ref = false;
    unsigned int pin_incr = 0, handle;
    unsigned long mfn;
    int rc;

    if (op->flags & GNTMAP_host_map)
        pin_incr = ro ? GNTPIN_hstr_inc : GNTPIN_hstw_inc;
    if (op->flags & GNTMAP_device_map)
        pin_incr |= 1u << 16;           /* only to tell "no mapping" apart */
    if (!pin_incr) {
        op->status = GNTST_bad_gntref;
        return;
    }
    /* "No device mapping in HVM domain" */
    if (op->flags & (GNTMAP_device_map | GNTMAP_application_map | GNTMAP_contains_pte)) {
        op->status = GNTST_general_error;
        return;
    }
    /* By id only: DOMID_SELF names no domain here. */
    if (!(rgt = ops->find(lgt->ctx, op->dom))) {
        op->status = GNTST_bad_domain;
        return;
    }
    handle = get_maptrack_handle(lgt);
    if (handle == INVALID_MAPTRACK_HANDLE) {
        op->status = GNTST_no_space;
        return;
    }
    if (op->ref >= nr_grant_entries(rgt)) {
        rc = GNTST_bad_gntref;
        goto out;
    }
    act = active_entry(rgt, op->ref);
    if (act->pin && (act->domid != lgt->domid || (act->pin & (pin_incr << 7)))) {
        rc = GNTST_general_error;
        goto out;
    }
    if (!act->pin || (!ro && !(act->pin & GNTPIN_hstw_mask))) {
        rc = gnttab_pin_status(rgt, op->ref, lgt->domid, ro, true);
        if (rc != GNTST_okay)
            goto out;
        if (!act->pin) {
            unsigned long gfn = shared_entry_v1(rgt, op->ref)->frame;

            rc = gnttab_get_paged_frame(rgt, gfn, &mfn);
            if (rc != GNTST_okay)
                goto out_clear;
            have_ref = true;
            act->domid = lgt->domid;
            act->gfn = gfn;
            act->mfn = mfn;
        }
    }
    act->pin += pin_incr;
    pinned = true;
    mfn = act->mfn;
    /* One page reference per mapping; a dying owner's page: none. */
    if (!have_ref && !(have_ref = ops->get_page(lgt->ctx, rgt, mfn))) {
        rc = GNTST_general_error;
        goto out_clear;
    }
    /* A domain mapping its own grant: p2m_add_page unmaps the frame from
     * the gfn the M2P knows for it (the granted one). */
    if (rgt == lgt && act->gfn != op->host_addr >> 12) {
        p2m_type_t t;

        if (ops->p2m_lookup(lgt->ctx, lgt, act->gfn, &t) == mfn && p2m_is_ram(t))
            ops->p2m_set(lgt->ctx, lgt, act->gfn, INVALID_MFN, p2m_invalid);
    }
    rc = create_mapping(lgt, op->host_addr >> 12, mfn, op->flags);
    if (rc != GNTST_okay)
        goto out_clear;
    struct grant_mapping *mt = maptrack_entry(lgt, handle);

    mt->domid = op->dom;
    mt->ref = op->ref;
    mt->gfn = op->host_addr >> 12;
    mt->flags = op->flags;
    op->dev_bus_addr = (uint64_t)mfn << 12;
    op->handle = handle;
    op->status = GNTST_okay;
    return;

out_clear:
    if (have_ref)
        ops->put_page(lgt->ctx, mfn);
    if (pinned)
        act->pin -= pin_incr;
    reduce_status_for_pin(rgt, op->ref, ro);
out:
    op->status = (int16_t)rc;
    put_maptrack_handle(lgt, handle);
}

/* unmap_common_complete: the pin and page reference a mapping held. */
static void unmap_complete(struct grant_table *rgt, grant_ref_t ref, bool ro)
{
    struct active_grant_entry *act = active_entry(rgt, ref);

    rgt->ops->put_page(rgt->ctx, act->mfn);
    act->pin -= ro ? GNTPIN_hstr_inc : GNTPIN_hstw_inc;
    reduce_status_for_pin(rgt, ref, ro);
}

void gnttab_unmap_grant_ref(struct grant_table *lgt, struct gnttab_unmap_grant_ref *op)
{
    const struct gnttab_ops *ops = lgt->ops;
    struct grant_mapping *map;
    struct grant_table *rgt;
    uint16_t flags;
    unsigned long gfn = op->host_addr >> 12, mfn;
    p2m_type_t t;

    if (op->handle >= lgt->maptrack_limit || !(map = maptrack_entry(lgt, op->handle))->flags) {
        op->status = GNTST_bad_handle;
        return;
    }
    if (!(rgt = ops->find(lgt->ctx, map->domid))) {
        /* Xen: "naughty..." -- the granter is gone, the map was dropped. */
        ops->crash(lgt->ctx, lgt, "grant unmap of a domain that is gone");
        op->status = GNTST_general_error;
        return;
    }
    if (map->ref >= nr_grant_entries(rgt)) {
        op->status = GNTST_bad_handle;
        return;
    }
    flags = map->flags;
    op->status = GNTST_okay;
    /* No address: nothing to undo, and the handle stays (as on Xen). */
    if (!op->host_addr || !(flags & GNTMAP_host_map))
        return;
    /* replace_grant_p2m_mapping: the gfn must still hold this grant. */
    mfn = ops->p2m_lookup(lgt->ctx, lgt, gfn, &t);
    if ((t != p2m_grant_map_rw && t != p2m_grant_map_ro) ||
        mfn != active_entry(rgt, map->ref)->mfn ||
        ops->p2m_set(lgt->ctx, lgt, gfn, INVALID_MFN, p2m_invalid)) {
        op->status = GNTST_general_error;
        return;
    }
    unmap_complete(rgt, map->ref, flags & GNTMAP_readonly);
    put_maptrack_handle(lgt, op->handle);
}

void gnttab_release_mappings(struct grant_table *lgt)
{
    for (unsigned int h = 0; h < lgt->maptrack_limit; h++) {
        struct grant_mapping *map = maptrack_entry(lgt, h);
        struct grant_table *rgt;

        if (!(map->flags & GNTMAP_host_map))
            continue;
        /* The p2m goes with the domain; only pins and references stay. */
        rgt = lgt->ops->find(lgt->ctx, map->domid);
        if (rgt && map->ref < nr_grant_entries(rgt))
            unmap_complete(rgt, map->ref, map->flags & GNTMAP_readonly);
        put_maptrack_handle(lgt, h);
    }
}

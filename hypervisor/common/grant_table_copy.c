/* GNTTABOP_copy of one op, as Xen 4.17 does it (common/grant_table.c:
 * gnttab_copy_lock_domain, gnttab_copy_claim_buf, acquire_grant_for_copy,
 * gnttab_copy_buf). Each side is a grant (pinned for the copy: GTF_reading,
 * and GTF_writing for the destination) or, for DOMID_SELF only, a gmfn.
 * Xen keeps a batch's claims from one op to the next when they name the
 * same frame; this releases them after each op, with the same results.
 * Pure (see xen/grant_table.h). */
#include <xen/grant_table.h>
#include <xen/string.h>
#include <public/errno.h>

struct copy_buf {
    struct grant_table *gt;             /* the domain the side names */
    bool have_grant;
    grant_ref_t ref;
    unsigned long mfn;                  /* referenced frame, or INVALID_MFN */
    bool ro;
};

static int lock_domain(struct grant_table *lgt, domid_t domid, bool is_gref,
                       struct copy_buf *b)
{
    /* The domain first: the reference (Xen 4.17.7, Debian's build) answers
     * a frame of a domain that does not exist with GNTST_bad_domain, though
     * gnttab_copy_lock_domain's source reads the frame rule first. */
    b->gt = domid == DOMID_SELF ? lgt : lgt->ops->find(lgt->ctx, domid);
    if (!b->gt)
        return GNTST_bad_domain;
    /* "Only DOMID_SELF may reference via frame." */
    if (domid != DOMID_SELF && !is_gref) {
        b->gt = NULL;
        return GNTST_permission_denied;
    }
    return GNTST_okay;
}

/* acquire_grant_for_copy, version 1. */
static int acquire_grant(struct copy_buf *b, grant_ref_t ref, domid_t ldom)
{
    struct grant_table *rgt = b->gt;
    struct active_grant_entry *act;
    unsigned int pin_incr = b->ro ? GNTPIN_hstr_inc : GNTPIN_hstw_inc;
    unsigned long mfn;
    int rc;

    if (ref >= nr_grant_entries(rgt))
        return GNTST_bad_gntref;
    act = active_entry(rgt, ref);
    if (act->pin && (act->domid != ldom || (act->pin & (pin_incr << 7))))
        return GNTST_general_error;
    if (!act->pin || (!b->ro && !(act->pin & GNTPIN_hstw_mask))) {
        unsigned long gfn = shared_entry_v1(rgt, ref)->frame;

        rc = gnttab_pin_status(rgt, ref, ldom, b->ro, false);
        if (rc != GNTST_okay)
            return rc;
        rc = gnttab_get_paged_frame(rgt, gfn, &mfn);
        if (rc != GNTST_okay)
            goto clear;
        if (!act->pin) {
            act->domid = ldom;
            act->gfn = gfn;
            act->mfn = mfn;
        } else if (mfn != act->mfn) {
            /* Keep the reference on the frame the pins stand for. */
            rgt->ops->put_page(rgt->ctx, mfn);
            if (!rgt->ops->get_page(rgt->ctx, rgt, act->mfn)) {
                rc = GNTST_bad_domain;
                goto clear;
            }
        }
    } else if (rgt->dying || !rgt->ops->get_page(rgt->ctx, rgt, act->mfn)) {
        rc = GNTST_bad_domain;
        goto clear;
    }
    act->pin += pin_incr;
    b->mfn = act->mfn;
    b->ref = ref;
    b->have_grant = true;
    return GNTST_okay;
clear:
    reduce_status_for_pin(rgt, ref, b->ro);
    return rc;
}

static void release_buf(struct copy_buf *b)
{
    if (b->have_grant) {
        struct active_grant_entry *act = active_entry(b->gt, b->ref);

        act->pin -= b->ro ? GNTPIN_hstr_inc : GNTPIN_hstw_inc;
        reduce_status_for_pin(b->gt, b->ref, b->ro);
        b->have_grant = false;
    }
    if (b->mfn != INVALID_MFN)
        b->gt->ops->put_page(b->gt->ctx, b->mfn);
    b->mfn = INVALID_MFN;
}

static int claim_buf(struct grant_table *lgt, const struct gnttab_copy_ptr *p, bool is_gref,
                     struct copy_buf *b)
{
    if (is_gref)
        return acquire_grant(b, p->u.ref, lgt->domid);
    return gnttab_get_paged_frame(b->gt, (unsigned long)p->u.gmfn, &b->mfn);
}

void gnttab_copy_one(struct grant_table *lgt, struct gnttab_copy *op)
{
    struct copy_buf src = { .mfn = INVALID_MFN, .ro = true };
    struct copy_buf dst = { .mfn = INVALID_MFN, .ro = false };
    int rc;

    rc = lock_domain(lgt, op->source.domid, op->flags & GNTCOPY_source_gref, &src);
    if (rc == GNTST_okay)
        rc = lock_domain(lgt, op->dest.domid, op->flags & GNTCOPY_dest_gref, &dst);
    if (rc == GNTST_okay)
        rc = claim_buf(lgt, &op->source, op->flags & GNTCOPY_source_gref, &src);
    if (rc == GNTST_okay)
        rc = claim_buf(lgt, &op->dest, op->flags & GNTCOPY_dest_gref, &dst);
    if (rc == GNTST_okay) {
        /* Version 1 grants are whole pages: only the page bounds apply. */
        if (op->source.offset + op->len > GNTTAB_PAGE_SIZE ||
            op->dest.offset + op->len > GNTTAB_PAGE_SIZE) {
            rc = GNTST_bad_copy_arg;
        } else {
            uint8_t *s = lgt->ops->map_frame(lgt->ctx, src.mfn);
            uint8_t *d = lgt->ops->map_frame(lgt->ctx, dst.mfn);

            memmove(d + op->dest.offset, s + op->source.offset, op->len);
        }
    }
    if (src.gt)
        release_buf(&src);
    if (dst.gt)
        release_buf(&dst);
    op->status = (int16_t)rc;
}

/* A grant table's frames, versions, pins and maptrack (see
 * xen/grant_table.h): Xen 4.17's gnttab_grow_table, gnttab_setup_table,
 * gnttab_map_frame, gnttab_set_version, _set_status_v1 and the maptrack
 * free list. Pure. */
#include <xen/grant_table.h>
#include <xen/string.h>
#include <public/errno.h>

static unsigned int active_pages(unsigned int frames)
{
    return (unsigned int)((frames * SHGNT_PER_PAGE_V1 + ACGNT_PER_PAGE - 1) / ACGNT_PER_PAGE);
}

unsigned int nr_grant_entries(const struct grant_table *gt)
{
    return gt->nr_grant_frames * SHGNT_PER_PAGE_V1;
}

grant_entry_v1_t *shared_entry_v1(struct grant_table *gt, grant_ref_t ref)
{
    return &gt->shared[ref / SHGNT_PER_PAGE_V1][ref % SHGNT_PER_PAGE_V1];
}

struct active_grant_entry *active_entry(struct grant_table *gt, grant_ref_t ref)
{
    return &gt->active[ref / ACGNT_PER_PAGE][ref % ACGNT_PER_PAGE];
}

/* Xen's gnttab_grow_table: active pages, then shared frames; what fails
 * leaves the table as it was. 0 or -XEN_ENOMEM. */
static int grow_table(struct grant_table *gt, unsigned int req)
{
    const struct gnttab_ops *ops = gt->ops;
    unsigned int i, act0 = active_pages(gt->nr_grant_frames);

    if (req < INITIAL_NR_GRANT_FRAMES)
        req = INITIAL_NR_GRANT_FRAMES;
    for (i = act0; i < active_pages(req); i++)
        if (!gt->active[i] && !(gt->active[i] = ops->alloc_page(gt->ctx)))
            goto nomem;
    for (i = gt->nr_grant_frames; i < req; i++) {
        gt->shared[i] = ops->alloc_shared(gt->ctx, gt, &gt->shared_mfn[i]);
        if (!gt->shared[i]) {
            /* Frames already shared stay the domain's, unused, until it
             * dies: they are not handed to the guest. */
            goto nomem;
        }
        gt->shared_gfn[i] = INVALID_GFN;
        gt->nr_grant_frames = i + 1;
    }
    return 0;
nomem:
    return -XEN_ENOMEM;
}

int grant_table_init(struct grant_table *gt, const struct gnttab_ops *ops, void *ctx,
                     void *owner, domid_t domid, unsigned int max_grant_frames,
                     unsigned int max_maptrack_frames)
{
    memset(gt, 0, sizeof(*gt));
    if (max_grant_frames < INITIAL_NR_GRANT_FRAMES ||
        max_grant_frames > GNTTAB_MAX_GRANT_FRAMES ||
        max_maptrack_frames > GNTTAB_MAX_MAPTRACK_FRAMES)
        return -XEN_EINVAL;
    gt->ops = ops;
    gt->ctx = ctx;
    gt->owner = owner;
    gt->domid = domid;
    gt->gt_version = 1;
    gt->max_version = 1;
    gt->max_grant_frames = max_grant_frames;
    gt->max_maptrack_frames = max_maptrack_frames;
    gt->maptrack_head = gt->maptrack_tail = MAPTRACK_TAIL;
    return grow_table(gt, 0);
}

void grant_table_destroy(struct grant_table *gt)
{
    for (unsigned int i = 0; i < GNTTAB_MAX_ACTIVE_PAGES; i++)
        if (gt->active[i]) {
            gt->ops->free_page(gt->ctx, gt->active[i]);
            gt->active[i] = NULL;
        }
    for (unsigned int i = 0; i < GNTTAB_MAX_MAPTRACK_FRAMES && gt->maptrack[i]; i++) {
        gt->ops->free_page(gt->ctx, gt->maptrack[i]);
        gt->maptrack[i] = NULL;
    }
    gt->maptrack_limit = 0;
    gt->nr_grant_frames = 0;
}

int gnttab_setup(struct grant_table *gt, unsigned int nr_frames)
{
    if (nr_frames > gt->max_grant_frames)
        return GNTST_general_error;
    if (nr_frames > gt->nr_grant_frames && grow_table(gt, nr_frames))
        return GNTST_general_error;
    return GNTST_okay;
}

unsigned long gnttab_frame_gfn(struct grant_table *gt, unsigned int i)
{
    unsigned long gfn = gt->shared_gfn[i];
    p2m_type_t t;

    if (gfn == INVALID_GFN || gt->ops->p2m_lookup(gt->ctx, gt, gfn, &t) != gt->shared_mfn[i])
        return INVALID_GFN;
    return gfn;
}

int gnttab_map_frame(struct grant_table *gt, unsigned long idx, unsigned long *mfn,
                     unsigned long *old_gfn)
{
    unsigned int i = (unsigned int)idx;  /* Xen's gnttab_get_shared_frame_mfn */

    if (i >= gt->nr_grant_frames) {
        if (i + 1 == 0)
            return -XEN_EINVAL;
        if (i + 1 <= gt->max_grant_frames)
            grow_table(gt, i + 1);
        if (i >= gt->nr_grant_frames)
            return -XEN_EINVAL;
    }
    *mfn = gt->shared_mfn[i];
    *old_gfn = gnttab_frame_gfn(gt, i);
    return 0;
}

void gnttab_set_frame_gfn(struct grant_table *gt, unsigned long idx, unsigned long gfn)
{
    gt->shared_gfn[(unsigned int)idx] = gfn;
}

int gnttab_set_version(struct grant_table *gt, unsigned int version)
{
    if (version != 1 && version != 2)
        return -XEN_EINVAL;
    if (version == 2 && gt->max_version == 1)
        return -XEN_ENOSYS;             /* "as before set_version was introduced" */
    return 0;                           /* already version 1 */
}

int gnttab_pin_status(struct grant_table *rgt, grant_ref_t ref, domid_t ldomid,
                      bool readonly, bool mapflag)
{
    volatile uint16_t *flags = &shared_entry_v1(rgt, ref)->flags;
    volatile domid_t *domid = &shared_entry_v1(rgt, ref)->domid;
    const struct active_grant_entry *act = active_entry(rgt, ref);
    uint16_t mask = GTF_type_mask, f = *flags;

    /* A mapping may not take a sub-page grant (a v2 flag). */
    if (mapflag)
        mask |= GTF_sub_page;
    if (!act->pin && ((f & mask) != GTF_permit_access || *domid != ldomid))
        return GNTST_general_error;
    if (!readonly && (f & GTF_readonly))
        return GNTST_general_error;     /* write-pin of a read-only grant */
    *flags = (uint16_t)(f | GTF_reading | (readonly ? 0 : GTF_writing));
    return GNTST_okay;
}

void reduce_status_for_pin(struct grant_table *rgt, grant_ref_t ref, bool readonly)
{
    const struct active_grant_entry *act = active_entry(rgt, ref);
    uint16_t clear = act->pin ? 0 : GTF_reading;

    if (!readonly && !(act->pin & (GNTPIN_hstw_mask | GNTPIN_devw_mask)))
        clear |= GTF_writing;
    shared_entry_v1(rgt, ref)->flags &= (uint16_t)~clear;
}

struct grant_mapping *maptrack_entry(struct grant_table *lgt, unsigned int handle)
{
    return &lgt->maptrack[handle / MAPTRACK_PER_PAGE][handle % MAPTRACK_PER_PAGE];
}

/* Xen's get_maptrack_handle for one vCPU: the head, unless it is the
 * last free entry; then a new page, whose first entry is the handle and
 * whose others go to the head of the list. */
unsigned int get_maptrack_handle(struct grant_table *lgt)
{
    unsigned int head = lgt->maptrack_head, handle, i;
    struct grant_mapping *mt;

    if (head != MAPTRACK_TAIL && maptrack_entry(lgt, head)->ref != MAPTRACK_TAIL) {
        lgt->maptrack_head = maptrack_entry(lgt, head)->ref;
        lgt->nr_mappings++;
        return head;
    }
    if (lgt->maptrack_limit / MAPTRACK_PER_PAGE >= lgt->max_maptrack_frames ||
        !(mt = lgt->ops->alloc_page(lgt->ctx)))
        return INVALID_MAPTRACK_HANDLE;
    handle = lgt->maptrack_limit;
    for (i = 0; i < MAPTRACK_PER_PAGE; i++)
        mt[i].ref = handle + i + 1;
    if (lgt->maptrack_tail == MAPTRACK_TAIL)
        lgt->maptrack_tail = handle + (unsigned int)MAPTRACK_PER_PAGE - 1;
    mt[MAPTRACK_PER_PAGE - 1].ref = lgt->maptrack_head;
    lgt->maptrack[handle / MAPTRACK_PER_PAGE] = mt;
    lgt->maptrack_limit += (unsigned int)MAPTRACK_PER_PAGE;
    lgt->maptrack_head = handle + 1;
    lgt->nr_mappings++;
    return handle;
}

void put_maptrack_handle(struct grant_table *lgt, unsigned int handle)
{
    struct grant_mapping *mt = maptrack_entry(lgt, handle);

    mt->flags = 0;
    mt->ref = MAPTRACK_TAIL;
    maptrack_entry(lgt, lgt->maptrack_tail)->ref = handle;
    lgt->maptrack_tail = handle;
    lgt->nr_mappings--;
}

/* do_grant_table_op: grant tables v1 for HVM/PVH domains, with Xen 4.17's
 * argument decoding, status codes and continuations (xen/common/
 * grant_table.c: do_grant_table_op and the gnttab_* handlers). The
 * bookkeeping is in grant_table_core.c, _map.c and _copy.c; this file
 * binds it to domains, their p2m and pages, and copies the ops in and out
 * of the guest. One lock serialises every table (taken after a domain's
 * physmap lock, before its p2m lock). */
#include <xen/lib.h>
#include <xen/sched.h>
#include <xen/mm.h>
#include <xen/xmalloc.h>
#include <xen/physmap.h>
#include <xen/grant_table.h>
#include <xen/hypercall.h>
#include <xen/guest_access.h>
#include <xen/string.h>
#include <asm/io.h>
#include <asm/smp.h>
#include <asm/spinlock.h>
#include <asm/hvm/hvm.h>
#include <public/errno.h>

/* Not public, but a preempted guest sees them in cmd (Xen's values). */
#define GNTTABOP_CONTINUATION_ARG_SHIFT 12
#define GNTTABOP_CMD_MASK ((1u << GNTTABOP_CONTINUATION_ARG_SHIFT) - 1)

static DEFINE_SPINLOCK(grant_lock);

static struct domain *gt_domain(struct grant_table *gt)
{
    return gt->owner;
}

static struct grant_table *g_find(void *ctx, domid_t id)
{
    struct domain *d = id < DOMID_FIRST_RESERVED ? get_domain_by_id(id) : NULL;

    (void)ctx;
    return d ? d->grant_table : NULL;
}

static unsigned long g_p2m_lookup(void *ctx, struct grant_table *gt, unsigned long gfn,
                                  p2m_type_t *t)
{
    (void)ctx;
    *t = p2m_invalid;
    /* A dying domain's p2m is gone (or going). */
    if (gt->dying)
        return INVALID_MFN;
    return p2m_lookup(gt_domain(gt), gfn, t);
}

static int g_p2m_set(void *ctx, struct grant_table *gt, unsigned long gfn,
                     unsigned long mfn, p2m_type_t t)
{
    (void)ctx;
    return p2m_set_entry_flush(gt_domain(gt), gfn, mfn, 0, t);
}

static bool g_get_page(void *ctx, struct grant_table *gt, unsigned long mfn)
{
    (void)ctx;
    return get_page(mfn, gt_domain(gt));
}

static void g_put_page(void *ctx, unsigned long mfn)
{
    (void)ctx;
    put_page(mfn);
}

static void *g_map_frame(void *ctx, unsigned long mfn)
{
    (void)ctx;
    return maddr_to_virt((paddr_t)mfn << PAGE_SHIFT);
}

static void *g_alloc_page(void *ctx)
{
    void *p = alloc_xenheap_pages(0);

    (void)ctx;
    if (p)
        memset(p, 0, PAGE_SIZE);
    return p;
}

static void g_free_page(void *ctx, void *p)
{
    (void)ctx;
    free_xenheap_pages(p, 0);
}

static void *g_alloc_shared(void *ctx, struct grant_table *gt, unsigned long *mfn)
{
    void *p = g_alloc_page(ctx);

    if (p && share_xen_page_with_guest(p, gt_domain(gt))) {
        free_xenheap_pages(p, 0);
        p = NULL;
    }
    if (p)
        *mfn = virt_to_maddr(p) >> PAGE_SHIFT;
    return p;
}

static void g_crash(void *ctx, struct grant_table *gt, const char *why)
{
    (void)ctx;
    printk(XENLOG_ERR "d%u: %s\n", gt->domid, why);
    domain_crash(gt_domain(gt));
}

static const struct gnttab_ops gnttab_ops = {
    .find = g_find, .p2m_lookup = g_p2m_lookup, .p2m_set = g_p2m_set,
    .get_page = g_get_page, .put_page = g_put_page, .map_frame = g_map_frame,
    .alloc_page = g_alloc_page, .free_page = g_free_page,
    .alloc_shared = g_alloc_shared, .crash = g_crash,
};

int domain_grant_table_init(struct domain *d)
{
    struct grant_table *gt = xzalloc(struct grant_table);
    int rc;

    if (!gt)
        return -XEN_ENOMEM;
    rc = grant_table_init(gt, &gnttab_ops, NULL, d, d->domain_id, GNTTAB_MAX_GRANT_FRAMES,
                          GNTTAB_MAX_MAPTRACK_FRAMES);
    if (rc) {
        grant_table_destroy(gt);
        xfree(gt);
        return rc;
    }
    d->grant_table = gt;
    return 0;
}

void domain_grant_table_release(struct domain *d)
{
    if (!d->grant_table)
        return;
    spin_lock(&grant_lock);
    gnttab_release_mappings(d->grant_table);
    d->grant_table->dying = true;
    spin_unlock(&grant_lock);
}

void domain_grant_table_destroy(struct domain *d)
{
    if (!d->grant_table)
        return;
    spin_lock(&grant_lock);
    grant_table_destroy(d->grant_table);
    spin_unlock(&grant_lock);
    xfree(d->grant_table);
    d->grant_table = NULL;
}

int physmap_add_grant_frame(struct domain *d, struct physmap *pm, unsigned long idx,
                            unsigned long gpfn)
{
    unsigned long mfn, old;
    int rc;

    spin_lock(&grant_lock);
    rc = gnttab_map_frame(d->grant_table, idx, &mfn, &old);
    if (!rc)
        rc = physmap_add_special(pm, mfn, old, gpfn);
    if (!rc)
        gnttab_set_frame_gfn(d->grant_table, idx, gpfn);
    spin_unlock(&grant_lock);
    return rc;
}

/* Xen's rcu_lock_domain_by_any_id and XSM_TARGET (default policy). */
static struct domain *any_id(domid_t id)
{
    return id == DOMID_SELF ? current->domain : get_domain_by_id(id);
}

static bool may_target(const struct domain *d)
{
    return d == current->domain || current->domain->is_privileged;
}

/* The domain a setup_table/query_size names, with Xen's status when there
 * is none with a grant table (bad_domain) or it is not the caller's to
 * ask about (permission_denied). */
static int16_t target_table(domid_t dom, struct domain **d)
{
    *d = any_id(dom);
    if (!*d || !(*d)->grant_table)
        return GNTST_bad_domain;
    return may_target(*d) ? GNTST_okay : GNTST_permission_denied;
}

static long setup_table(uint64_t uop, unsigned int count)
{
    struct gnttab_setup_table op;
    struct domain *d;

    if (count != 1)
        return -XEN_EINVAL;
    if (copy_from_guest(&op, uop, 1))
        return -XEN_EFAULT;
    op.status = target_table(op.dom, &d);
    if (op.status == GNTST_okay) {
        spin_lock(&grant_lock);
        op.status = (int16_t)gnttab_setup(d->grant_table, op.nr_frames);
        for (unsigned int i = 0; op.status == GNTST_okay && i < op.nr_frames; i++) {
            /* The frame's gfn; an unmapped one has none (Xen: ~0). */
            xen_pfn_t gfn = gnttab_frame_gfn(d->grant_table, i);

            if (copy_to_guest((uint64_t)(uintptr_t)op.frame_list.p + i * sizeof(gfn), &gfn, 1))
                op.status = GNTST_bad_virt_addr;
        }
        spin_unlock(&grant_lock);
    }
    if (copy_to_guest(uop + offsetof(struct gnttab_setup_table, status), &op.status, 1))
        return -XEN_EFAULT;
    return 0;
}

static long query_size(uint64_t uop, unsigned int count)
{
    struct gnttab_query_size op;
    struct domain *d;

    if (count != 1)
        return -XEN_EINVAL;
    if (copy_from_guest(&op, uop, 1))
        return -XEN_EFAULT;
    op.status = target_table(op.dom, &d);
    if (op.status == GNTST_okay) {
        op.nr_frames = d->grant_table->nr_grant_frames;
        op.max_nr_frames = d->grant_table->max_grant_frames;
    }
    return copy_to_guest(uop, &op, 1) ? -XEN_EFAULT : 0;
}

static long set_version(uint64_t uop)
{
    struct gnttab_set_version op;
    long rc;

    if (copy_from_guest(&op, uop, 1))
        return -XEN_EFAULT;
    rc = gnttab_set_version(current->domain->grant_table, op.version);
    op.version = current->domain->grant_table->gt_version;
    return copy_to_guest(uop, &op, 1) ? -XEN_EFAULT : rc;
}

static long get_version(uint64_t uop)
{
    struct gnttab_get_version op;
    struct domain *d;

    if (copy_from_guest(&op, uop, 1))
        return -XEN_EFAULT;
    d = any_id(op.dom);
    if (!d || !d->grant_table)
        return -XEN_ESRCH;
    if (!may_target(d))
        return -XEN_EPERM;
    op.version = d->grant_table->gt_version;
    return copy_to_guest(uop + offsetof(struct gnttab_get_version, version), &op.version, 1)
           ? -XEN_EFAULT : 0;
}

/* map: every op written back whole; a preempted batch returns the ops done. */
static long map_batch(uint64_t uop, unsigned int count)
{
    struct grant_table *lgt = current->domain->grant_table;
    struct gnttab_map_grant_ref op;

    for (unsigned int i = 0; i < count; i++) {
        uint64_t at = uop + (uint64_t)i * sizeof(op);

        if (i && hypercall_preempt_check())
            return i;
        if (copy_from_guest(&op, at, 1))
            return -XEN_EFAULT;
        spin_lock(&grant_lock);
        gnttab_map_grant_ref(lgt, &op);
        spin_unlock(&grant_lock);
        if (copy_to_guest(at, &op, 1))
            return -XEN_EFAULT;
    }
    return 0;
}

/* unmap: status written back; preempted only between batches of 32 (Xen's
 * GNTTAB_UNMAP_BATCH_SIZE, one TLB flush each there). */
static long unmap_batch(uint64_t uop, unsigned int count)
{
    struct grant_table *lgt = current->domain->grant_table;
    struct gnttab_unmap_grant_ref op;

    for (unsigned int i = 0; i < count; i++) {
        uint64_t at = uop + (uint64_t)i * sizeof(op);

        if (i && !(i % 32) && hypercall_preempt_check())
            return i;
        if (copy_from_guest(&op, at, 1))
            return -XEN_EFAULT;
        spin_lock(&grant_lock);
        gnttab_unmap_grant_ref(lgt, &op);
        spin_unlock(&grant_lock);
        if (copy_to_guest(at + offsetof(struct gnttab_unmap_grant_ref, status), &op.status, 1))
            return -XEN_EFAULT;
    }
    return 0;
}

static long copy_batch(uint64_t uop, unsigned int count)
{
    struct grant_table *lgt = current->domain->grant_table;
    struct gnttab_copy op;

    for (unsigned int i = 0; i < count; i++) {
        uint64_t at = uop + (uint64_t)i * sizeof(op);

        if (i && hypercall_preempt_check())
            return i;
        if (copy_from_guest(&op, at, 1))
            return -XEN_EFAULT;
        spin_lock(&grant_lock);
        gnttab_copy_one(lgt, &op);
        spin_unlock(&grant_lock);
        if (copy_to_guest(at + offsetof(struct gnttab_copy, status), &op.status, 1))
            return -XEN_EFAULT;
    }
    return 0;
}

long do_grant_table_op(unsigned int cmd, uint64_t uop, unsigned int count)
{
    unsigned int opaque = cmd & ~GNTTABOP_CMD_MASK;
    size_t size = 0;
    long rc;

    /* hvm_grant_table_op: an HVM domain reaches only these, and the
     * whole cmd is compared (continuation bits included). */
    switch (cmd) {
    case GNTTABOP_query_size: case GNTTABOP_setup_table: case GNTTABOP_set_version:
    case GNTTABOP_get_version: case GNTTABOP_copy: case GNTTABOP_map_grant_ref:
    case GNTTABOP_unmap_grant_ref: case GNTTABOP_swap_grant_ref:
        break;
    default:
        return -XEN_ENOSYS;
    }
    if ((int)count < 0)
        return -XEN_EINVAL;
    cmd &= GNTTABOP_CMD_MASK;
    if (cmd != GNTTABOP_cache_flush && opaque)
        return -XEN_EINVAL;
    if (!current->domain->grant_table)
        return -XEN_ENOSYS;
    switch (cmd) {
    case GNTTABOP_map_grant_ref:
        rc = map_batch(uop, count);
        size = sizeof(struct gnttab_map_grant_ref);
        break;
    case GNTTABOP_unmap_grant_ref:
        rc = unmap_batch(uop, count);
        size = sizeof(struct gnttab_unmap_grant_ref);
        break;
    case GNTTABOP_copy:
        rc = copy_batch(uop, count);
        size = sizeof(struct gnttab_copy);
        break;
    case GNTTABOP_setup_table:
        return setup_table(uop, count);
    case GNTTABOP_query_size:
        return query_size(uop, count);
    case GNTTABOP_set_version:
        return set_version(uop);
    case GNTTABOP_get_version:
        return get_version(uop);
    default:
        /* swap_grant_ref: not here yet. */
        return -XEN_ENOSYS;
    }
    if (rc > 0)
        return hypercall_create_continuation(__HYPERVISOR_grant_table_op, 3, (uint64_t)cmd,
                                             uop + (uint64_t)rc * size,
                                             (uint64_t)(count - (unsigned int)rc));
    return rc;
}

/* do_memory_op: a domain's memory reservation and physmap, with Xen 4.17's
 * semantics and error codes (xen/common/memory.c). The reservation
 * sub-ops answer the number of extents done, never an error: a bad
 * argument or a refused domain is 0 done (or the progress made before).
 * Long extent lists (and gmfn ranges) are preempted and continued with
 * that progress in the cmd's upper bits (MEMOP_EXTENT_SHIFT). What the physmap changes mean is
 * in common/physmap.c; this file decodes, checks and binds it to the
 * domain's p2m and pages. */
#include <xen/lib.h>
#include <xen/sched.h>
#include <xen/mm.h>
#include <xen/physmap.h>
#include <xen/grant_table.h>
#include <xen/hypercall.h>
#include <xen/guest_access.h>
#include <xen/page_alloc.h>
#include <asm/io.h>
#include <asm/smp.h>
#include <asm/hvm/hvm.h>
#include <public/memory.h>
#include <public/errno.h>

/* Xen's CONFIG_DOMU_MAX_ORDER on x86: a domU's extents are at most 2 MiB;
 * a control domain's may be as large as the allocator's. */
#define DOMU_MAX_ORDER 9
/* Xen's NUMA_NO_NODE and MAX_NUMNODES: this machine is one node. */
#define NUMA_NO_NODE   0xffu
#define MAX_NUMNODES   64u

struct memop_ctx {
    struct domain *d;                   /* the domain changed */
    uint64_t list;                      /* the caller's extent list */
};

static unsigned int max_order(const struct domain *d)
{
    return d->is_privileged ? MAX_ORDER : DOMU_MAX_ORDER;
}

/* Xen's rcu_lock_domain_by_any_id: DOMID_SELF or a domain by number. */
static struct domain *domain_by_any_id(domid_t id)
{
    return id == DOMID_SELF ? current->domain : get_domain_by_id(id);
}

/* XSM_TARGET in Xen's default policy: a domain itself, or the control
 * domain, may act on it. */
static bool may_target(const struct domain *d)
{
    return d == current->domain || current->domain->is_privileged;
}

static unsigned long pm_lookup(void *ctx, unsigned long gfn, p2m_type_t *t)
{
    return p2m_lookup(((struct memop_ctx *)ctx)->d, gfn, t);
}

static int pm_set_entry(void *ctx, unsigned long gfn, unsigned long mfn, unsigned int order,
                        p2m_type_t t)
{
    /* Every vCPU of the domain drops its old translation (TLB shootdown). */
    return p2m_set_entry_flush(((struct memop_ctx *)ctx)->d, gfn, mfn, order, t);
}

static unsigned long pm_alloc(void *ctx, unsigned int order)
{
    struct page_info *pg = alloc_domheap_pages(((struct memop_ctx *)ctx)->d, order);

    return pg ? page_to_mfn(pg) : INVALID_MFN;
}

static int pm_free_page(void *ctx, unsigned long mfn)
{
    return free_domheap_page(((struct memop_ctx *)ctx)->d, mfn);
}

static bool pm_get_page(void *ctx, unsigned long mfn)
{
    return get_page(mfn, ((struct memop_ctx *)ctx)->d);
}

static void pm_put_page(void *ctx, unsigned long mfn)
{
    (void)ctx;
    put_page(mfn);
}

static void pm_crash(void *ctx, const char *why)
{
    struct domain *d = ((struct memop_ctx *)ctx)->d;

    printk(XENLOG_ERR "d%u: %s\n", d->domain_id, why);
    domain_crash(d);
}

static const struct physmap_ops physmap_ops = {
    .lookup = pm_lookup, .set_entry = pm_set_entry, .alloc = pm_alloc,
    .free_page = pm_free_page, .get_page = pm_get_page, .put_page = pm_put_page,
    .crash = pm_crash,
};

/* One physmap change at a time per domain (Xen's gfn/p2m lock). */
static void physmap_begin(struct memop_ctx *c, struct physmap *pm)
{
    struct domain *d = c->d;

    spin_lock(&d->arch.physmap_lock);
    pm->ops = &physmap_ops;
    pm->ctx = c;
    pm->shared_info_mfn = d->shared_info ? virt_to_maddr(d->shared_info) >> PAGE_SHIFT
                                         : INVALID_MFN;
    pm->shared_info_gfn = d->shared_info_gfn;
}

static void physmap_end(struct memop_ctx *c, struct physmap *pm)
{
    c->d->shared_info_gfn = pm->shared_info_gfn;
    spin_unlock(&c->d->arch.physmap_lock);
}

static int read_gfn(void *ctx, unsigned int i, uint64_t *gfn)
{
    struct memop_ctx *c = ctx;

    return copy_from_guest(gfn, c->list + (uint64_t)i * sizeof(xen_pfn_t), 1) ? -1 : 0;
}

static bool preempt_check(void *ctx)
{
    (void)ctx;
    return hypercall_preempt_check();
}

/* Xen's construct_memop_from_reservation and propagate_node: which flags
 * make the request invalid. Address limits are accepted but not needed:
 * a translated guest never sees the machine frames it gets. */
static bool reservation_flags_ok(unsigned int flags)
{
    unsigned int bits = XENMEMF_get_address_bits(flags), node = XENMEMF_get_node(flags);

    if (bits && bits <= PAGE_SHIFT)
        return false;
    if ((flags & XENMEMF_vnode) || node == NUMA_NO_NODE)
        return true;                    /* no vNUMA: nothing to map */
    if (current->domain->is_privileged)
        return node < MAX_NUMNODES;
    return !(flags & XENMEMF_exact_node_request);
}

/* XENMEM_increase_reservation: pages for the domain, in no gfn (a
 * translated guest learns no frame numbers). */
static void increase_reservation(struct domain *d, struct memop_args *a)
{
    unsigned int i;

    if (a->extent_order > a->max_order)
        return;
    for (i = a->nr_done; i < a->nr_extents; i++) {
        if (i != a->nr_done && hypercall_preempt_check()) {
            a->preempted = true;
            break;
        }
        if (!alloc_domheap_pages(d, a->extent_order))
            break;
    }
    a->nr_done = i;
}

static long reservation_op(unsigned int op, unsigned long start_extent, uint64_t arg)
{
    struct xen_memory_reservation r;
    struct memop_ctx c;
    struct memop_args a = { .read_gfn = read_gfn, .preempt_check = preempt_check, .ctx = &c };
    struct physmap pm;

    if (copy_from_guest(&r, arg, 1))
        return (long)start_extent;
    /* The count must leave room for the progress in cmd's upper bits. */
    if (r.nr_extents > (UINT32_MAX >> MEMOP_EXTENT_SHIFT) || start_extent >= r.nr_extents)
        return (long)start_extent;
    c.d = domain_by_any_id(r.domid);
    if (!c.d || !reservation_flags_ok(r.mem_flags) || !may_target(c.d) || !c.d->is_hvm)
        return (long)start_extent;
    c.list = (uint64_t)(uintptr_t)r.extent_start.p;
    a.nr_extents = (unsigned int)r.nr_extents;
    a.extent_order = r.extent_order;
    a.max_order = max_order(current->domain);
    a.nr_done = (unsigned int)start_extent;
    switch (op) {
    case XENMEM_increase_reservation:
        increase_reservation(c.d, &a);
        break;
    case XENMEM_decrease_reservation:
        physmap_begin(&c, &pm);
        decrease_reservation(&pm, &a);
        physmap_end(&c, &pm);
        break;
    default:
        /* No populate-on-demand here; Xen refuses it on oneself anyway. */
        if (r.mem_flags & XENMEMF_populate_on_demand)
            break;
        physmap_begin(&c, &pm);
        populate_physmap(&pm, &a);
        physmap_end(&c, &pm);
    }
    if (a.preempted)
        return hypercall_create_continuation(__HYPERVISOR_memory_op, 2,
                                             (uint64_t)op | ((uint64_t)a.nr_done << MEMOP_EXTENT_SHIFT),
                                             arg);
    return a.nr_done;
}

static long reservation_query(unsigned int op, uint64_t arg)
{
    struct xen_memory_domain dom;
    struct domain *d;

    if (copy_from_guest(&dom, arg, 1))
        return -XEN_EFAULT;
    d = domain_by_any_id(dom.domid);
    if (!d)
        return -XEN_ESRCH;
    if (!may_target(d))
        return -XEN_EPERM;
    switch (op) {
    case XENMEM_current_reservation:
        return (long)d->mem.tot_pages;
    case XENMEM_maximum_reservation:
        return (long)d->mem.max_pages;
    default:                            /* XENMEM_maximum_gpfn */
        return d->is_hvm ? (long)d->arch.p2m.max_mapped_gfn : -XEN_ENOSYS;
    }
}

static long add_to_physmap(unsigned long start_extent, uint64_t arg)
{
    struct xen_add_to_physmap xatp;
    struct memop_ctx c = { 0 };
    struct physmap pm;
    long rc;

    if (start_extent != (uint16_t)start_extent)
        return -XEN_EDOM;
    if (copy_from_guest(&xatp, arg, 1))
        return -XEN_EFAULT;
    /* Foreign frames only by add_to_physmap_batch. */
    if (xatp.space == XENMAPSPACE_gmfn_foreign)
        return -XEN_ENOSYS;
    c.d = domain_by_any_id(xatp.domid);
    if (!c.d)
        return -XEN_ESRCH;
    /* xatp_permission_check: translated domains; device MMIO only for the
     * hardware domain itself (none here yet). */
    if (!c.d->is_hvm || xatp.space == XENMAPSPACE_dev_mmio)
        return -XEN_EACCES;
    if (!may_target(c.d))
        return -XEN_EPERM;
    if (xatp.gpfn == INVALID_GFN)
        return -XEN_EINVAL;
    switch (xatp.space) {
    case XENMAPSPACE_shared_info:
    case XENMAPSPACE_gmfn:
    case XENMAPSPACE_gmfn_range:
        break;
    case XENMAPSPACE_grant_table:
        if (!c.d->grant_table)
            return -XEN_EINVAL;
        break;
    default:
        return -XEN_EINVAL;             /* Xen: no frame for that space */
    }
    physmap_begin(&c, &pm);
    if (xatp.space == XENMAPSPACE_shared_info)
        rc = physmap_add_shared_info(&pm, xatp.idx, xatp.gpfn);
    else if (xatp.space == XENMAPSPACE_grant_table)
        rc = physmap_add_grant_frame(c.d, &pm, xatp.idx, xatp.gpfn);
    else if (xatp.space == XENMAPSPACE_gmfn)
        rc = physmap_add_gmfn(&pm, xatp.idx, xatp.gpfn);
    else
        rc = physmap_add_gmfn_range(&pm, xatp.idx, xatp.gpfn, xatp.size,
                                    (unsigned int)start_extent, preempt_check, NULL);
    physmap_end(&c, &pm);
    if (xatp.space == XENMAPSPACE_gmfn_range && rc > 0)
        return hypercall_create_continuation(__HYPERVISOR_memory_op, 2,
                                             (uint64_t)XENMEM_add_to_physmap |
                                             ((uint64_t)rc << MEMOP_EXTENT_SHIFT), arg);
    return rc;
}

/* XENMEM_remove_from_physmap: the page leaves the physmap, not the domain. */
static long remove_from_physmap(uint64_t arg)
{
    struct xen_remove_from_physmap xrfp;
    struct memop_ctx c = { 0 };
    struct physmap pm;
    long rc;

    if (copy_from_guest(&xrfp, arg, 1))
        return -XEN_EFAULT;
    c.d = domain_by_any_id(xrfp.domid);
    if (!c.d)
        return -XEN_ESRCH;
    if (!c.d->is_hvm)
        return -XEN_EACCES;
    if (!may_target(c.d))
        return -XEN_EPERM;
    physmap_begin(&c, &pm);
    rc = physmap_remove(&pm, xrfp.gpfn);
    physmap_end(&c, &pm);
    return rc;
}

long do_memory_op(unsigned long cmd, uint64_t arg)
{
    unsigned int op = cmd & MEMOP_CMD_MASK;
    unsigned long start_extent = cmd >> MEMOP_EXTENT_SHIFT;

    switch (op) {
    case XENMEM_increase_reservation:
    case XENMEM_decrease_reservation:
    case XENMEM_populate_physmap:
        return reservation_op(op, start_extent, arg);
    case XENMEM_exchange: {
        struct xen_memory_exchange exch;

        /* Xen 4.17's order: progress in cmd refused, then the argument
         * read; the exchange itself is not offered yet. */
        if (start_extent)
            return -XEN_EINVAL;
        return copy_from_guest(&exch, arg, 1) ? -XEN_EFAULT : -XEN_ENOSYS;
    }
    case XENMEM_maximum_ram_page:
        return start_extent ? -XEN_EINVAL : (long)max_page;
    case XENMEM_current_reservation:
    case XENMEM_maximum_reservation:
    case XENMEM_maximum_gpfn:
        return start_extent ? -XEN_EINVAL : reservation_query(op, arg);
    case XENMEM_add_to_physmap:
        return add_to_physmap(start_extent, arg);
    case XENMEM_remove_from_physmap:
        return start_extent ? -XEN_EINVAL : remove_from_physmap(arg);
    }
    /* The architecture's sub-ops see the whole cmd, as on Xen. */
    return arch_memory_op(cmd, arg);
}

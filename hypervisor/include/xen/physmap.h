/* The changes memory_op makes to a domain's physmap (its p2m and the pages
 * behind it), with Xen 4.17's semantics and error codes: common/memory.c
 * (populate_physmap, decrease_reservation, guest_remove_page) and
 * arch/x86/mm/p2m.c (p2m_add_page, xenmem_add_to_physmap_one). Pure: the
 * p2m, the allocator and the guest's extent list are reached through ops,
 * so host tests run it on fake memory; common/memory.c binds them to the
 * domain's p2m (with its TLB shootdown) and the heap. The caller serialises
 * calls for one domain. */
#ifndef XEN_PHYSMAP_H
#define XEN_PHYSMAP_H
#include <xen/types.h>
#include <asm/p2m.h>

struct physmap_ops {
    /* The mfn and type at gfn (INVALID_MFN, p2m_invalid: nothing). */
    unsigned long (*lookup)(void *ctx, unsigned long gfn, p2m_type_t *t);
    /* p2m_set_entry and the TLB shootdown: order 0 or 9 (aligned). */
    int (*set_entry)(void *ctx, unsigned long gfn, unsigned long mfn, unsigned int order,
                     p2m_type_t t);
    /* A zeroed 2^order block for the domain, or INVALID_MFN. */
    unsigned long (*alloc)(void *ctx, unsigned int order);
    /* Drops a page's allocation reference: 0, or -1 if not the domain's. */
    int (*free_page)(void *ctx, unsigned long mfn);
    /* A reference on a page the domain owns (false: not its own). */
    bool (*get_page)(void *ctx, unsigned long mfn);
    void (*put_page)(void *ctx, unsigned long mfn);
    /* domain_crash(): the guest asked for something Xen kills it for. */
    void (*crash)(void *ctx, const char *why);
};

struct physmap {
    const struct physmap_ops *ops;
    void *ctx;
    unsigned long shared_info_mfn;      /* the domain's shared_info (INVALID_MFN: none) */
    unsigned long shared_info_gfn;      /* where it is mapped (INVALID_GFN: nowhere) */
};

/* An extent list being worked through (Xen's struct memop_args). */
struct memop_args {
    unsigned int nr_extents, extent_order;
    unsigned int max_order;             /* larger extents: nothing is done */
    unsigned int nr_done;               /* in: first extent; out: extents done */
    bool preempted;                     /* out: stopped to let softirqs run */
    /* The i-th frame of the guest's list: 0, or nonzero if unreadable. */
    int (*read_gfn)(void *ctx, unsigned int i, uint64_t *gfn);
    bool (*preempt_check)(void *ctx);   /* hypercall_preempt_check() */
    void *ctx;
};

/* Unmaps gfn and gives its page back: 0, -XEN_ENOENT (nothing there),
 * -XEN_EPERM (direct MMIO), -XEN_EINVAL (no frame), -XEN_ENXIO (not the
 * domain's page: grant or foreign). shared_info is only unhooked. */
int guest_remove_page(struct physmap *pm, unsigned long gfn);
/* Allocates a 2^order extent and maps it at gfn (any alignment). RAM that
 * was there stays the domain's, unmapped, as on Xen. */
int guest_physmap_populate(struct physmap *pm, unsigned long gfn, unsigned int order);
/* XENMEM_populate_physmap and XENMEM_decrease_reservation over an extent
 * list: stop at the first extent that fails, or when preempted. */
void populate_physmap(struct physmap *pm, struct memop_args *a);
void decrease_reservation(struct physmap *pm, struct memop_args *a);
/* XENMEM_add_to_physmap, XENMAPSPACE_shared_info: maps the shared_info
 * frame (idx 0) at gpfn, freeing the RAM there and unmapping it from where
 * it was. 0 or -XEN_E*. */
int physmap_add_shared_info(struct physmap *pm, unsigned long idx, unsigned long gpfn);
/* XENMAPSPACE_grant_table: maps a special frame of the domain (a grant
 * frame) at gpfn, unmapping it from old_gfn if it is still there. */
int physmap_add_special(struct physmap *pm, unsigned long mfn, unsigned long old_gfn,
                        unsigned long gpfn);
/* XENMAPSPACE_gmfn: moves the domain's own frame at gfn idx to gpfn (the
 * RAM at gpfn is freed). 0 or -XEN_E*. */
int physmap_add_gmfn(struct physmap *pm, unsigned long idx, unsigned long gpfn);
/* XENMAPSPACE_gmfn_range: size frames from idx to gpfn, resumed at start.
 * 0 when done, -XEN_E*, or the progress (> 0) when preempted. */
long physmap_add_gmfn_range(struct physmap *pm, unsigned long idx, unsigned long gpfn,
                            unsigned int size, unsigned int start,
                            bool (*preempt_check)(void *ctx), void *ctx);
/* XENMEM_remove_from_physmap: unmaps gfn; its page stays the domain's
 * (Xen frees nothing here). 0, or -XEN_ENOENT if no page of its is there. */
int physmap_remove(struct physmap *pm, unsigned long gfn);

#endif

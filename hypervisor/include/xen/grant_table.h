/* Grant tables, version 1, with Xen 4.17's semantics and status codes
 * (xen/common/grant_table.c, public/grant_table.h). A domain grants
 * access to a frame by writing a grant_entry_v1_t into the shared frames
 * of its table; another domain (or itself) maps or copies it, which pins
 * the entry (GTF_reading/GTF_writing) and takes a page reference that the
 * unmap drops. The mapper remembers each mapping in its maptrack table,
 * whose index is the handle the guest unmaps with.
 *
 * The bookkeeping (common/grant_table_core.c, grant_table_map.c) is pure:
 * domains, p2m and pages are reached through gnttab_ops, so host tests
 * run it on fake domains and memory. common/grant_table.c binds it to the
 * hypervisor and decodes GNTTABOP_*. The caller serialises every call
 * (one lock for all tables). Version 2 is off (Xen's gnttab=max-ver:1):
 * GNTTABOP_set_version(2) gets -ENOSYS. */
#ifndef XEN_GRANT_TABLE_H
#define XEN_GRANT_TABLE_H
#include <xen/types.h>
#include <asm/p2m.h>
#include <public/xen.h>
#include <public/grant_table.h>

/* Xen 4.17's defaults, which libxl leaves to a domU (max_grant_frames
 * and max_maptrack_frames -1: the hypervisor's opt_max_*). */
#define GNTTAB_MAX_GRANT_FRAMES    64
#define GNTTAB_MAX_MAPTRACK_FRAMES 1024
#define INITIAL_NR_GRANT_FRAMES    1    /* x86's asm/grant_table.h */

#define GNTTAB_PAGE_SIZE 4096
#define SHGNT_PER_PAGE_V1 (GNTTAB_PAGE_SIZE / sizeof(grant_entry_v1_t))

/* Pin counts: four 8-bit counters, as Xen keeps them. A counter whose top
 * bit is set takes no more (Xen's GNTPIN_incr2oflow_mask). */
#define GNTPIN_hstw_inc  (1u << 0)
#define GNTPIN_hstr_inc  (1u << 8)
#define GNTPIN_hstw_mask (0xffu << 0)
#define GNTPIN_hstr_mask (0xffu << 8)
#define GNTPIN_devw_mask (0xffu << 16)

struct active_grant_entry {
    uint32_t pin;                       /* GNTPIN_* counts; 0: not in use */
    domid_t domid;                      /* the domain using it while pinned */
    unsigned long gfn, mfn;             /* the granter's frame when pinned */
};
#define ACGNT_PER_PAGE (GNTTAB_PAGE_SIZE / sizeof(struct active_grant_entry))
#define GNTTAB_MAX_ACTIVE_PAGES \
    ((GNTTAB_MAX_GRANT_FRAMES * SHGNT_PER_PAGE_V1 + ACGNT_PER_PAGE - 1) / ACGNT_PER_PAGE)

/* One mapping the domain holds (Xen's struct grant_mapping); free entries
 * chain through ref. */
struct grant_mapping {
    grant_ref_t ref;
    uint16_t flags;                     /* GNTMAP_*; 0: free */
    domid_t domid;                      /* the granter */
    uint64_t gfn;                       /* where it is mapped (host_addr >> 12) */
};
#define MAPTRACK_PER_PAGE (GNTTAB_PAGE_SIZE / sizeof(struct grant_mapping))
#define MAPTRACK_TAIL (~0u)

struct grant_table;

struct gnttab_ops {
    /* The table of domain id (never DOMID_SELF), or NULL: no such domain. */
    struct grant_table *(*find)(void *ctx, domid_t id);
    /* The mfn and type at gfn in gt's domain's p2m. */
    unsigned long (*p2m_lookup)(void *ctx, struct grant_table *gt, unsigned long gfn,
                                p2m_type_t *t);
    /* Sets (p2m_invalid: clears) one 4K entry of gt's domain, with the
     * TLB shootdown: 0 or -XEN_E*. */
    int (*p2m_set)(void *ctx, struct grant_table *gt, unsigned long gfn, unsigned long mfn,
                   p2m_type_t t);
    /* A reference on a page gt's domain owns (false: not its, or dying). */
    bool (*get_page)(void *ctx, struct grant_table *gt, unsigned long mfn);
    void (*put_page)(void *ctx, unsigned long mfn);
    /* The contents of a frame the caller holds a reference on. */
    void *(*map_frame)(void *ctx, unsigned long mfn);
    /* A zeroed hypervisor page, or NULL; and giving it back. */
    void *(*alloc_page)(void *ctx);
    void (*free_page)(void *ctx, void *p);
    /* A zeroed page shared with gt's domain (a grant frame, freed with the
     * domain), its frame in *mfn; NULL when out of memory. */
    void *(*alloc_shared)(void *ctx, struct grant_table *gt, unsigned long *mfn);
    /* domain_crash() of gt's domain. */
    void (*crash)(void *ctx, struct grant_table *gt, const char *why);
};

struct grant_table {
    const struct gnttab_ops *ops;
    void *ctx;
    void *owner;                        /* the struct domain (or a test's fake) */
    domid_t domid;
    bool dying;                         /* its domain is being destroyed */
    unsigned int gt_version, max_version;
    unsigned int max_grant_frames, max_maptrack_frames;
    unsigned int nr_grant_frames;
    grant_entry_v1_t *shared[GNTTAB_MAX_GRANT_FRAMES];
    unsigned long shared_mfn[GNTTAB_MAX_GRANT_FRAMES];
    /* Where each frame was last mapped (add_to_physmap); believed only
     * while the p2m still maps the frame there (Xen asks its M2P). */
    unsigned long shared_gfn[GNTTAB_MAX_GRANT_FRAMES];
    struct active_grant_entry *active[GNTTAB_MAX_ACTIVE_PAGES];
    /* Maptrack: handles below maptrack_limit, a FIFO free list from
     * maptrack_head to maptrack_tail that always keeps one entry, as
     * Xen's per-vCPU list does (handles come out in Xen's order). */
    unsigned int maptrack_limit, maptrack_head, maptrack_tail;
    unsigned int nr_mappings;           /* handles in use */
    struct grant_mapping *maptrack[GNTTAB_MAX_MAPTRACK_FRAMES];
};

/* common/grant_table_core.c */
/* A table with INITIAL_NR_GRANT_FRAMES frames: 0, -XEN_EINVAL (bad
 * limits), -XEN_ENOMEM (then grant_table_destroy()). */
int grant_table_init(struct grant_table *gt, const struct gnttab_ops *ops, void *ctx,
                     void *owner, domid_t domid, unsigned int max_grant_frames,
                     unsigned int max_maptrack_frames);
/* Frees the active and maptrack pages; the shared frames are the
 * domain's and go with its memory. */
void grant_table_destroy(struct grant_table *gt);
unsigned int nr_grant_entries(const struct grant_table *gt);
grant_entry_v1_t *shared_entry_v1(struct grant_table *gt, grant_ref_t ref);
struct active_grant_entry *active_entry(struct grant_table *gt, grant_ref_t ref);
/* GNTTABOP_setup_table's growth: a GNTST_* code. */
int gnttab_setup(struct grant_table *gt, unsigned int nr_frames);
/* The gfn frame i is mapped at, or INVALID_GFN. */
unsigned long gnttab_frame_gfn(struct grant_table *gt, unsigned int i);
/* XENMAPSPACE_grant_table: the frame idx (grown to if below the maximum;
 * Xen takes idx as unsigned int) and where it is mapped now:
 * 0 or -XEN_EINVAL. */
int gnttab_map_frame(struct grant_table *gt, unsigned long idx, unsigned long *mfn,
                     unsigned long *old_gfn);
void gnttab_set_frame_gfn(struct grant_table *gt, unsigned long idx, unsigned long gfn);
/* GNTTABOP_set_version: 0, -XEN_EINVAL (not 1 or 2), -XEN_ENOSYS (2). */
int gnttab_set_version(struct grant_table *gt, unsigned int version);
/* Pins ref for ldomid (readonly or not, mapflag: a mapping): Xen's
 * _set_status_v1 and the pin checks. A GNTST_* code. */
int gnttab_pin_status(struct grant_table *rgt, grant_ref_t ref, domid_t ldomid,
                      bool readonly, bool mapflag);
/* Xen's get_paged_frame: a referenced page of rgt's domain at gfn
 * (GNTST_okay), or GNTST_bad_page. */
int gnttab_get_paged_frame(struct grant_table *rgt, unsigned long gfn, unsigned long *mfn);
/* Clears GTF_reading/GTF_writing the pins no longer need. */
void reduce_status_for_pin(struct grant_table *rgt, grant_ref_t ref, bool readonly);
/* Maptrack handles: INVALID_MAPTRACK_HANDLE when none can be had. */
#define INVALID_MAPTRACK_HANDLE (~0u)
unsigned int get_maptrack_handle(struct grant_table *lgt);
void put_maptrack_handle(struct grant_table *lgt, unsigned int handle);
struct grant_mapping *maptrack_entry(struct grant_table *lgt, unsigned int handle);

/* common/grant_table_map.c: one op each; results in op->status (and
 * handle, dev_bus_addr) as Xen writes them. lgt is the caller's table. */
void gnttab_map_grant_ref(struct grant_table *lgt, struct gnttab_map_grant_ref *op);
void gnttab_unmap_grant_ref(struct grant_table *lgt, struct gnttab_unmap_grant_ref *op);
/* Destruction: drops every mapping lgt's domain holds (pins and page
 * references); its p2m goes with it. */
void gnttab_release_mappings(struct grant_table *lgt);

/* common/grant_table_copy.c: GNTTABOP_copy of one op: op->status. */
void gnttab_copy_one(struct grant_table *lgt, struct gnttab_copy *op);

/* common/grant_table.c: the hypervisor's side. */
struct domain;
int domain_grant_table_init(struct domain *d);
/* Destruction: drops d's mappings of others' pages. */
void domain_grant_table_release(struct domain *d);
void domain_grant_table_destroy(struct domain *d);
long do_grant_table_op(unsigned int cmd, uint64_t uop, unsigned int count);
/* XENMAPSPACE_grant_table for memory.c: 0 or -XEN_E*. */
struct physmap;
int physmap_add_grant_frame(struct domain *d, struct physmap *pm, unsigned long idx,
                            unsigned long gpfn);

#endif

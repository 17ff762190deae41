/* Fake domains for the grant table's host tests and fuzz target: each has
 * the real domain heap (domheap.c over a fake frame table with real page
 * contents), the real p2m (p2m-pt.c over a pool of fake tables) and a
 * grant table bound to them through gnttab_ops. */
#ifndef TESTS_GNTTAB_FAKE_H
#define TESTS_GNTTAB_FAKE_H
#include <stdlib.h>
#include <string.h>
#include <xen/grant_table.h>
#include <xen/domheap.h>
#include <public/errno.h>

#define FK_FRAMES  1024
#define FK_TABLES  512
#define FK_DOMS    100

struct fdom {
    bool alive;
    domid_t id;
    struct domheap mem;
    struct p2m_domain p2m;
    struct grant_table gt;
};

static struct page_info fk_ft[FK_FRAMES];
static uint8_t fk_mem[FK_FRAMES][4096];
static struct heap fk_heap;
static uint64_t fk_tables[FK_TABLES][512];
static bool fk_table_used[FK_TABLES];
static struct fdom fk_dom[FK_DOMS];
static unsigned int fk_crashes;
static long fk_xen_pages;               /* alloc_page minus free_page */

static uint64_t fk_t_alloc(void *ctx)
{
    (void)ctx;
    for (int i = 0; i < FK_TABLES; i++)
        if (!fk_table_used[i]) {
            fk_table_used[i] = true;
            memset(fk_tables[i], 0, sizeof(fk_tables[i]));
            return (uint64_t)(i + 1) << 12;
        }
    return 0;
}

static void fk_t_free(void *ctx, uint64_t maddr)
{
    (void)ctx;
    fk_table_used[(maddr >> 12) - 1] = false;
}

static void *fk_t_map(void *ctx, uint64_t maddr)
{
    (void)ctx;
    return fk_tables[(maddr >> 12) - 1];
}

static const struct p2m_pt_ops fk_table_ops = { fk_t_alloc, fk_t_free, fk_t_map };

static struct fdom *fk_of(struct grant_table *gt)
{
    return gt->owner;
}

static struct grant_table *fk_find(void *ctx, domid_t id)
{
    (void)ctx;
    for (int i = 0; i < FK_DOMS; i++)
        if (fk_dom[i].alive && fk_dom[i].id == id)
            return &fk_dom[i].gt;
    return NULL;
}

static unsigned long fk_lookup(void *ctx, struct grant_table *gt, unsigned long gfn,
                               p2m_type_t *t)
{
    (void)ctx;
    *t = p2m_invalid;
    if (gt->dying)
        return INVALID_MFN;
    return p2m_get_entry(&fk_of(gt)->p2m, gfn, t, NULL);
}

static int fk_set(void *ctx, struct grant_table *gt, unsigned long gfn, unsigned long mfn,
                  p2m_type_t t)
{
    (void)ctx;
    return p2m_set_entry(&fk_of(gt)->p2m, gfn, mfn, 0, t);
}

static bool fk_get_page(void *ctx, struct grant_table *gt, unsigned long mfn)
{
    (void)ctx;
    return domheap_get_page(&fk_heap, mfn, &fk_of(gt)->mem);
}

static void fk_put_page(void *ctx, unsigned long mfn)
{
    (void)ctx;
    domheap_put_page(&fk_heap, mfn);
}

static void *fk_map_frame(void *ctx, unsigned long mfn)
{
    (void)ctx;
    return fk_mem[mfn];
}

static void *fk_alloc_page(void *ctx)
{
    (void)ctx;
    fk_xen_pages++;
    return calloc(1, 4096);
}

static void fk_free_page(void *ctx, void *p)
{
    (void)ctx;
    fk_xen_pages--;
    free(p);
}

static void *fk_alloc_shared(void *ctx, struct grant_table *gt, unsigned long *mfn)
{
    unsigned long m = alloc_heap_pages(&fk_heap, 0);

    (void)ctx;
    if (m == INVALID_MFN)
        return NULL;
    if (domheap_share_xen_page(&fk_heap, &fk_of(gt)->mem, m)) {
        free_heap_pages(&fk_heap, m, 0);
        return NULL;
    }
    memset(fk_mem[m], 0, 4096);
    *mfn = m;
    return fk_mem[m];
}

static void fk_crash(void *ctx, struct grant_table *gt, const char *why)
{
    (void)ctx;
    (void)gt;
    (void)why;
    fk_crashes++;
}

static const struct gnttab_ops fk_ops = {
    fk_find, fk_lookup, fk_set, fk_get_page, fk_put_page, fk_map_frame,
    fk_alloc_page, fk_free_page, fk_alloc_shared, fk_crash,
};

static void fk_reset(void)
{
    memset(fk_ft, 0, sizeof(fk_ft));
    memset(fk_table_used, 0, sizeof(fk_table_used));
    memset(fk_dom, 0, sizeof(fk_dom));
    heap_init(&fk_heap, fk_ft, FK_FRAMES);
    init_heap_pages(&fk_heap, 16, FK_FRAMES - 16);
    fk_crashes = 0;
    fk_xen_pages = 0;
}

/* Domain id with RAM at gfns [0, pages): 0, or -1 when out of memory. */
static int fk_create(int slot, domid_t id, unsigned int pages)
{
    struct fdom *d = &fk_dom[slot];

    d->id = id;
    d->mem = (struct domheap){ .max_pages = 64 };
    if (p2m_pt_init(&d->p2m, &fk_table_ops, NULL))
        return -1;
    d->alive = true;
    for (unsigned int g = 0; g < pages; g++) {
        unsigned long m = domheap_alloc(&fk_heap, &d->mem, 0);

        if (m == INVALID_MFN || p2m_set_entry(&d->p2m, g, m, 0, p2m_ram_rw))
            return -1;
        memset(fk_mem[m], 0, 4096);
    }
    return grant_table_init(&d->gt, &fk_ops, NULL, d, id, GNTTAB_MAX_GRANT_FRAMES,
                            GNTTAB_MAX_MAPTRACK_FRAMES) ? -1 : 0;
}

/* domain_kill's order: its mappings, its p2m and memory, then (once
 * nobody holds its pages) its table. Returns the pages still held. */
static unsigned long fk_kill(int slot)
{
    struct fdom *d = &fk_dom[slot];

    gnttab_release_mappings(&d->gt);
    d->gt.dying = true;
    p2m_pt_teardown(&d->p2m);
    return domheap_relinquish(&fk_heap, &d->mem);
}

static void fk_reap(int slot)
{
    grant_table_destroy(&fk_dom[slot].gt);
    fk_dom[slot].alive = false;
}

static unsigned long fk_mfn(int slot, unsigned long gfn)
{
    p2m_type_t t;

    return p2m_get_entry(&fk_dom[slot].p2m, gfn, &t, NULL);
}

static void fk_grant(int slot, grant_ref_t ref, domid_t to, unsigned long gfn, uint16_t flags)
{
    grant_entry_v1_t *e = shared_entry_v1(&fk_dom[slot].gt, ref);

    e->domid = to;
    e->frame = (uint32_t)gfn;
    e->flags = flags;
}

#endif

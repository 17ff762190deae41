/* The buddy page allocator's bookkeeping: a frame table (one page_info per
 * machine frame) and a free list per order. Pure: it never touches the pages
 * themselves, so the host tests drive it with a fake frame table. */
#ifndef XEN_PAGE_ALLOC_H
#define XEN_PAGE_ALLOC_H
#include <xen/types.h>

#define MAX_ORDER 18                    /* 1 GiB blocks */
#define INVALID_MFN (~0UL)

#define PGC_free      (1u << 0)         /* heads a free block of 'order' */
#define PGC_allocated (1u << 1)         /* heads an allocated block */
#define PGC_domheap   (1u << 2)         /* owned by a domain (common/domheap.c) */
#define PGC_xen_heap  (1u << 3)         /* a xenheap page shared with its owner */

struct domheap;

struct page_info {
    struct page_info *next, *prev;      /* free list, or the owner's page list */
    uint32_t flags;
    uint32_t order;
    /* Domain pages only (Xen's count_info / owner): one reference for the
     * allocation itself, one more per user (grant map, foreign map, ...).
     * The page goes back to the heap when the count drops to zero. */
    struct domheap *owner;              /* inside the owning struct domain */
    uint32_t count;
    uint32_t type;                      /* PGT_* use of the page (later rungs) */
};

struct heap {
    struct page_info *frame_table;
    unsigned long max_page;             /* frames tracked: [0, max_page) */
    struct page_info *free_list[MAX_ORDER + 1];
    unsigned long free_blocks[MAX_ORDER + 1];
    unsigned long free_pages, total_pages;
};

void heap_init(struct heap *h, struct page_info *frame_table,
               unsigned long max_page);
/* Hands RAM frames [mfn, mfn+nr) to the allocator. */
void init_heap_pages(struct heap *h, unsigned long mfn, unsigned long nr);
/* Returns the first frame of a 2^order block, or INVALID_MFN. */
unsigned long alloc_heap_pages(struct heap *h, unsigned int order);
/* Returns 0, or -1 when the block was not allocated as this order. */
int free_heap_pages(struct heap *h, unsigned long mfn, unsigned int order);
/* Turns an allocated 2^order block into 2^order order-0 allocations, so its
 * pages can be freed one by one (a domain gives pages back singly). */
void split_heap_block(struct heap *h, unsigned long mfn, unsigned int order);

#endif

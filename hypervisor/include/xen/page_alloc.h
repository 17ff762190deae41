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

struct page_info {
    struct page_info *next, *prev;      /* free list links */
    uint32_t flags;
    uint32_t order;
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

#endif

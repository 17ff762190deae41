/* Buddy allocator (see xen/page_alloc.h). A block of order k starts at a
 * frame aligned to 2^k; its buddy is the frame number with bit k flipped. */
#include <xen/page_alloc.h>
#include <xen/string.h>

static void list_add(struct heap *h, struct page_info *pg, unsigned int order)
{
    pg->flags = PGC_free;
    pg->order = order;
    pg->prev = NULL;
    pg->next = h->free_list[order];
    if (pg->next)
        pg->next->prev = pg;
    h->free_list[order] = pg;
    h->free_blocks[order]++;
}

static void list_del(struct heap *h, struct page_info *pg)
{
    if (pg->prev)
        pg->prev->next = pg->next;
    else
        h->free_list[pg->order] = pg->next;
    if (pg->next)
        pg->next->prev = pg->prev;
    h->free_blocks[pg->order]--;
    pg->flags = 0;
    pg->next = pg->prev = NULL;
}

void heap_init(struct heap *h, struct page_info *frame_table,
               unsigned long max_page)
{
    memset(h, 0, sizeof(*h));
    memset(frame_table, 0, max_page * sizeof(*frame_table));
    h->frame_table = frame_table;
    h->max_page = max_page;
}

/* Puts a block on its free list, merging with free buddies first. */
static void merge_and_add(struct heap *h, unsigned long mfn, unsigned int order)
{
    while (order < MAX_ORDER) {
        unsigned long buddy = mfn ^ (1UL << order);
        struct page_info *b = &h->frame_table[buddy];

        if (buddy >= h->max_page || !(b->flags & PGC_free) || b->order != order)
            break;
        list_del(h, b);
        mfn &= ~(1UL << order);
        order++;
    }
    list_add(h, &h->frame_table[mfn], order);
}

void init_heap_pages(struct heap *h, unsigned long mfn, unsigned long nr)
{
    if (mfn >= h->max_page)
        return;
    nr = MIN(nr, h->max_page - mfn);
    h->total_pages += nr;
    h->free_pages += nr;
    /* Largest aligned blocks that fit: O(log n) blocks per range. */
    while (nr) {
        unsigned int order = 0;

        while (order < MAX_ORDER && !(mfn & (1UL << order)) &&
               (2UL << order) <= nr)
            order++;
        merge_and_add(h, mfn, order);
        mfn += 1UL << order;
        nr -= 1UL << order;
    }
}

unsigned long alloc_heap_pages(struct heap *h, unsigned int order)
{
    unsigned int o = order;
    struct page_info *pg;
    unsigned long mfn;

    if (order > MAX_ORDER)
        return INVALID_MFN;
    while (o <= MAX_ORDER && !h->free_list[o])
        o++;
    if (o > MAX_ORDER)
        return INVALID_MFN;
    pg = h->free_list[o];
    list_del(h, pg);
    mfn = (unsigned long)(pg - h->frame_table);
    /* Split: the upper halves go back on the lower free lists. */
    while (o > order) {
        o--;
        list_add(h, &h->frame_table[mfn + (1UL << o)], o);
    }
    pg->flags = PGC_allocated;
    pg->order = order;
    h->free_pages -= 1UL << order;
    return mfn;
}

int free_heap_pages(struct heap *h, unsigned long mfn, unsigned int order)
{
    struct page_info *pg;

    if (mfn >= h->max_page)
        return -1;
    pg = &h->frame_table[mfn];
    if (!(pg->flags & PGC_allocated) || pg->order != order)
        return -1;
    pg->flags = 0;
    h->free_pages += 1UL << order;
    merge_and_add(h, mfn, order);
    return 0;
}

void split_heap_block(struct heap *h, unsigned long mfn, unsigned int order)
{
    for (unsigned long i = 0; i < (1UL << order); i++) {
        h->frame_table[mfn + i].flags = PGC_allocated;
        h->frame_table[mfn + i].order = 0;
    }
}

/* Domain page ownership and reference counts (see xen/domheap.h). */
#include <xen/domheap.h>

static void list_link(struct domheap *dh, struct page_info *pg)
{
    pg->prev = NULL;
    pg->next = dh->page_list;
    if (pg->next)
        pg->next->prev = pg;
    dh->page_list = pg;
}

static void list_unlink(struct domheap *dh, struct page_info *pg)
{
    if (pg->prev)
        pg->prev->next = pg->next;
    else
        dh->page_list = pg->next;
    if (pg->next)
        pg->next->prev = pg->prev;
    pg->next = pg->prev = NULL;
}

unsigned long domheap_alloc(struct heap *h, struct domheap *dh, unsigned int order)
{
    unsigned long mfn, n = 1UL << order;

    if (dh->dying || order > MAX_ORDER || dh->tot_pages + n > dh->max_pages)
        return INVALID_MFN;
    mfn = alloc_heap_pages(h, order);
    if (mfn == INVALID_MFN)
        return INVALID_MFN;
    /* Pages of one allocation are given back one by one later. */
    split_heap_block(h, mfn, order);
    for (unsigned long i = 0; i < n; i++) {
        struct page_info *pg = &h->frame_table[mfn + i];

        pg->flags |= PGC_domheap;
        pg->owner = dh;
        pg->count = 1;
        pg->type = 0;
        list_link(dh, pg);
    }
    dh->tot_pages += n;
    return mfn;
}

static struct page_info *owned_page(const struct heap *h, unsigned long mfn)
{
    struct page_info *pg;

    if (mfn >= h->max_page)
        return NULL;
    pg = &h->frame_table[mfn];
    return pg->owner && pg->count ? pg : NULL;
}

struct domheap *domheap_owner(const struct heap *h, unsigned long mfn)
{
    struct page_info *pg = owned_page(h, mfn);

    return pg ? pg->owner : NULL;
}

bool domheap_get_page(struct heap *h, unsigned long mfn, const struct domheap *dh)
{
    struct page_info *pg = owned_page(h, mfn);

    /* A dying domain's pages can still be released, not newly taken. */
    if (!pg || pg->owner != dh || dh->dying || pg->count == UINT32_MAX)
        return false;
    pg->count++;
    return true;
}

void domheap_put_page(struct heap *h, unsigned long mfn)
{
    struct page_info *pg = owned_page(h, mfn);
    struct domheap *dh;

    if (!pg || --pg->count)
        return;
    dh = pg->owner;
    list_unlink(dh, pg);
    if (pg->flags & PGC_xen_heap)
        dh->xenheap_pages--;
    else
        dh->tot_pages--;
    pg->owner = NULL;
    pg->flags &= ~(PGC_domheap | PGC_xen_heap);
    free_heap_pages(h, mfn, 0);
}

/* Drops the reference a page has for being allocated to its owner. */
static void put_alloc_ref(struct heap *h, struct page_info *pg)
{
    pg->flags &= ~PGC_domheap;
    domheap_put_page(h, (unsigned long)(pg - h->frame_table));
}

int domheap_free_page(struct heap *h, struct domheap *dh, unsigned long mfn)
{
    struct page_info *pg = owned_page(h, mfn);

    if (!pg || pg->owner != dh || !(pg->flags & PGC_domheap) || (pg->flags & PGC_xen_heap))
        return -1;
    put_alloc_ref(h, pg);
    return 0;
}

int domheap_share_xen_page(struct heap *h, struct domheap *dh, unsigned long mfn)
{
    struct page_info *pg;

    if (mfn >= h->max_page || dh->dying)
        return -1;
    pg = &h->frame_table[mfn];
    if (!(pg->flags & PGC_allocated) || pg->order || pg->owner || pg->count)
        return -1;
    pg->flags |= PGC_domheap | PGC_xen_heap;
    pg->owner = dh;
    pg->count = 1;
    pg->type = 0;
    list_link(dh, pg);
    dh->xenheap_pages++;
    return 0;
}

unsigned long domheap_relinquish(struct heap *h, struct domheap *dh)
{
    struct page_info *pg = dh->page_list, *next;

    dh->dying = true;
    for (; pg; pg = next) {
        next = pg->next;                /* pg may leave the list */
        if (pg->flags & PGC_domheap)
            put_alloc_ref(h, pg);
    }
    return dh->tot_pages + dh->xenheap_pages;
}

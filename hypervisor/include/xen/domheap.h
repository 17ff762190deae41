/* Domain memory as the allocator sees it: which domain owns a page and how
 * many references it has (Xen's owner and count_info). Pure: the caller
 * holds the heap lock; host tests drive it with a fake frame table.
 *
 * A domain page has one reference for being allocated to its domain (flag
 * PGC_domheap) and one more for each user that holds it (a grant mapping,
 * a foreign mapping, a p2m entry of another domain). It stays on its
 * owner's list and in its tot_pages until the last reference goes, so a
 * dying domain is gone only when nobody holds its pages any more.
 *
 * A xenheap page may be shared with a domain (its shared_info; Xen's
 * share_xen_page_with_guest): it is then the domain's too, with the same
 * allocation reference, but counted in xenheap_pages, not tot_pages, and
 * the domain cannot give it back: only its destruction drops it. */
#ifndef XEN_DOMHEAP_H
#define XEN_DOMHEAP_H
#include <xen/page_alloc.h>

struct domheap {
    struct page_info *page_list;        /* every page the domain owns */
    unsigned long tot_pages, max_pages;
    unsigned long xenheap_pages;        /* xenheap pages shared with it */
    bool dying;                         /* no new allocations */
};

/* Allocates a 2^order block to dh, zeroing nothing (the caller maps and
 * clears it). Returns its first frame, or INVALID_MFN when the heap has no
 * such block or the allocation would take dh over max_pages. */
unsigned long domheap_alloc(struct heap *h, struct domheap *dh, unsigned int order);
/* Takes a reference on a page of dh: false if mfn is not dh's, or freed. */
bool domheap_get_page(struct heap *h, unsigned long mfn, const struct domheap *dh);
/* Drops a reference; the last one returns the page to the heap. */
void domheap_put_page(struct heap *h, unsigned long mfn);
/* Gives a page back (decrease_reservation): drops the allocation reference.
 * Returns -1 if mfn is not an allocated page of dh, or is a xenheap page. */
int domheap_free_page(struct heap *h, struct domheap *dh, unsigned long mfn);
/* Shares an allocated order-0 xenheap block (alloc_heap_pages) with dh;
 * -1 if mfn is not such a block or already has an owner, or dh is dying. */
int domheap_share_xen_page(struct heap *h, struct domheap *dh, unsigned long mfn);
/* Destruction: no more allocations, and every page's allocation reference
 * (shared xenheap pages included) is dropped. Returns the pages still held
 * by others (0: all freed). */
unsigned long domheap_relinquish(struct heap *h, struct domheap *dh);
/* The owner of mfn, or NULL (free, xenheap, out of range). */
struct domheap *domheap_owner(const struct heap *h, unsigned long mfn);

#endif

/* Small object heap core (see xen/xmalloc.h). */
#include <xen/xmalloc.h>
#include <xen/string.h>

#define HDR_SIZE   16
#define MAGIC_USED 0x584d454dU          /* "XMEM" */
#define MAGIC_FREE 0x46524545U          /* "FREE" */

struct xmem_hdr {
    uint32_t magic;
    uint32_t cls;                       /* class index, or XMEM_NR_CLASSES */
    uint32_t order;                     /* page objects: their page order */
    uint32_t pad;
};

static unsigned int class_of(size_t total)
{
    unsigned int c = 0;

    while ((1UL << (c + XMEM_MIN_SHIFT)) < total)
        c++;
    return c;
}

/* Cuts one page into objects of class c and chains them on the free list. */
static int refill(struct xmem_pool *pool, unsigned int c)
{
    size_t sz = 1UL << (c + XMEM_MIN_SHIFT);
    char *page = pool->get_pages(0);

    if (!page)
        return -1;
    pool->pages_held++;
    for (size_t off = 0; off + sz <= PAGE_SIZE; off += sz) {
        struct xmem_hdr *h = (struct xmem_hdr *)(page + off);

        h->magic = MAGIC_FREE;
        h->cls = c;
        *(void **)(h + 1) = pool->free_list[c];
        pool->free_list[c] = h;
    }
    return 0;
}

static void *alloc_pages_object(struct xmem_pool *pool, size_t total)
{
    unsigned int order = 0;
    struct xmem_hdr *h;

    while ((PAGE_SIZE << order) < total)
        order++;
    h = pool->get_pages(order);
    if (!h)
        return NULL;
    h->magic = MAGIC_USED;
    h->cls = XMEM_NR_CLASSES;
    h->order = order;
    pool->in_use[XMEM_NR_CLASSES]++;
    pool->bytes_in_use += PAGE_SIZE << order;
    return h + 1;
}

void *xmem_pool_alloc(struct xmem_pool *pool, size_t size)
{
    size_t total = size + HDR_SIZE;
    struct xmem_hdr *h;
    unsigned int c;

    if (size > (1UL << 30))
        return NULL;
    if (total > (1UL << XMEM_MAX_SHIFT))
        return alloc_pages_object(pool, total);
    c = class_of(total);
    if (!pool->free_list[c] && refill(pool, c))
        return NULL;
    h = pool->free_list[c];
    pool->free_list[c] = *(void **)(h + 1);
    h->magic = MAGIC_USED;
    pool->in_use[c]++;
    pool->bytes_in_use += 1UL << (c + XMEM_MIN_SHIFT);
    return h + 1;
}

int xmem_pool_free(struct xmem_pool *pool, void *p)
{
    struct xmem_hdr *h;

    if (!p)
        return 0;
    if ((uintptr_t)p % HDR_SIZE)
        return -1;
    h = (struct xmem_hdr *)p - 1;
    if (h->magic != MAGIC_USED || h->cls > XMEM_NR_CLASSES)
        return -1;
    h->magic = MAGIC_FREE;
    pool->in_use[h->cls]--;
    if (h->cls == XMEM_NR_CLASSES) {
        pool->bytes_in_use -= PAGE_SIZE << h->order;
        pool->put_pages(h, h->order);
        return 0;
    }
    pool->bytes_in_use -= 1UL << (h->cls + XMEM_MIN_SHIFT);
    *(void **)(h + 1) = pool->free_list[h->cls];
    pool->free_list[h->cls] = h;
    return 0;
}

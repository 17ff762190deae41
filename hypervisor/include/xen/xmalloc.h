/* Small object heap: power-of-two size classes carved from pages; larger
 * requests take whole pages. Every object has a 16-byte header so xfree
 * can check it and find its size. The core is pure (pages come from a
 * provider), host-tested; the hypervisor's xmalloc() wraps it with a lock. */
#ifndef XEN_XMALLOC_H
#define XEN_XMALLOC_H
#include <xen/types.h>

#define XMEM_MIN_SHIFT 5                /* 32-byte class: 16 header + 16 */
#define XMEM_MAX_SHIFT 11               /* 2048-byte class; larger: pages */
#define XMEM_NR_CLASSES (XMEM_MAX_SHIFT - XMEM_MIN_SHIFT + 1)

struct xmem_pool {
    void *(*get_pages)(unsigned int order);
    void (*put_pages)(void *p, unsigned int order);
    void *free_list[XMEM_NR_CLASSES];
    unsigned long in_use[XMEM_NR_CLASSES + 1];   /* last: page-sized objects */
    unsigned long bytes_in_use, pages_held;
};

void *xmem_pool_alloc(struct xmem_pool *pool, size_t size);
/* Returns 0, or -1 for a pointer this pool did not hand out (or freed twice). */
int xmem_pool_free(struct xmem_pool *pool, void *p);

#ifndef HOST_TEST
void *xmalloc_bytes(size_t size);
void *xzalloc_bytes(size_t size);
void xfree(void *p);
#define xmalloc(type) ((type *)xmalloc_bytes(sizeof(type)))
#define xzalloc(type) ((type *)xzalloc_bytes(sizeof(type)))
#define xzalloc_array(type, n) ((type *)xzalloc_bytes(sizeof(type) * (n)))
extern struct xmem_pool xenheap_pool;
#endif

#endif

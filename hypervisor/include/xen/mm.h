/* Machine memory: the boot allocator, then the buddy heap (xenheap pages
 * are identity mapped, so a page is also a pointer). */
#ifndef XEN_MM_H
#define XEN_MM_H
#include <xen/types.h>
#include <xen/multiboot.h>

void init_memory(const struct boot_info *bi);
void *alloc_xenheap_pages(unsigned int order);
void free_xenheap_pages(void *p, unsigned int order);
unsigned long total_free_pages(void);
void mm_keyhandler_init(void);

#endif

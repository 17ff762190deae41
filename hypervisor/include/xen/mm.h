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

/* Domain memory (Xen's names); pages are zeroed before they are handed out. */
struct domain;
struct page_info;
extern struct page_info *frame_table;
#define page_to_mfn(pg) ((unsigned long)((pg) - frame_table))
#define mfn_to_page(mfn) (&frame_table[(mfn)])
struct page_info *alloc_domheap_pages(struct domain *d, unsigned int order);
int free_domheap_page(struct domain *d, unsigned long mfn);
bool get_page(unsigned long mfn, const struct domain *d);
void put_page(unsigned long mfn);
struct domain *page_get_owner(unsigned long mfn);
/* Drops every page's allocation reference; returns pages others still hold. */
unsigned long domain_relinquish_memory(struct domain *d);
bool mfn_valid(unsigned long mfn);
/* Makes a xenheap page the domain's (shared_info): 0, or -1. Its
 * destruction (domain_relinquish_memory) frees it. */
int share_xen_page_with_guest(void *va, struct domain *d);
/* One past the highest machine frame of RAM (XENMEM_maximum_ram_page). */
extern unsigned long max_page;

#endif

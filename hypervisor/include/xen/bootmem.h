/* The boot allocator: free RAM ranges taken from the memory map, minus what
 * is reserved (the image, modules, low memory), used until the buddy
 * allocator is up, then handed to it. Pure bookkeeping, host-tested. */
#ifndef XEN_BOOTMEM_H
#define XEN_BOOTMEM_H
#include <xen/types.h>

#define BOOTMEM_MAX_RANGES 64

struct bootmem {
    struct { paddr_t start, end; } range[BOOTMEM_MAX_RANGES];  /* [start,end) */
    unsigned int nr;
    bool overflow;              /* a range was dropped: table too small */
};

/* Adds RAM (shrunk inward to page boundaries). */
void bootmem_add(struct bootmem *bm, paddr_t start, paddr_t end);
/* Removes [start,end) (grown outward to page boundaries) from the free ranges. */
void bootmem_reserve(struct bootmem *bm, paddr_t start, paddr_t end);
/* Takes nr_pages aligned to align_pages from the highest range below limit;
 * returns its address, or 0 when nothing fits. */
paddr_t bootmem_alloc(struct bootmem *bm, unsigned long nr_pages,
                      unsigned long align_pages, paddr_t limit);
uint64_t bootmem_free_bytes(const struct bootmem *bm);

#endif

/* Bounds of a copy to or from guest virtual memory, page by page. Pure:
 * host-tested. A hypercall buffer may cross pages (each translated on its
 * own) but must not wrap around the guest's address space: a 32-bit guest
 * cannot name memory above 4 GiB, and no address plus length may overflow. */
#ifndef XEN_GUEST_COPY_H
#define XEN_GUEST_COPY_H
#include <xen/types.h>

/* The next piece of a copy of len bytes at va: up to the end of va's page.
 * addr_bits is 32 outside long mode, 64 in it. Returns 0 and *chunk (0
 * when len is 0), or -1 when [va, va + len) leaves the address space. */
int guest_copy_chunk(uint64_t va, size_t len, unsigned int addr_bits, size_t *chunk);

#endif

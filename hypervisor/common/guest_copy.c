/* Guest copy bounds (see xen/guest_copy.h). */
#include <xen/guest_copy.h>

int guest_copy_chunk(uint64_t va, size_t len, unsigned int addr_bits, size_t *chunk)
{
    uint64_t limit = addr_bits >= 64 ? UINT64_MAX : (1ULL << addr_bits) - 1;

    *chunk = 0;
    if (!len)
        return 0;
    /* The last byte, va + len - 1, must not wrap or pass the limit. */
    if (va > limit || len - 1 > limit - va)
        return -1;
    *chunk = (size_t)MIN((uint64_t)len, PAGE_SIZE - (va & ~PAGE_MASK));
    return 0;
}

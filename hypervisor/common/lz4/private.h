/* Shared inside common/lz4/: the output cursor and the block decoder that
 * unlz4.c (the legacy frame) calls once per block. */
#ifndef LZ4_PRIVATE_H
#define LZ4_PRIVATE_H
#include <xen/types.h>
#include <xen/unlz4.h>

/* Output: buf[0, pos) is written, buf[pos, max) is room. */
struct lz4_out {
    uint8_t *buf;
    size_t pos, max;
};

/* LZ4_compressBound(8 MiB) (lz4.h: n + n / 255 + 16): no legacy block that
 * lz4(1) writes is larger; its own decoder refuses larger ones. */
#define LZ4_LEGACY_BOUND (UNLZ4_LEGACY_BLOCK_MAX + UNLZ4_LEGACY_BLOCK_MAX / 255 + 16)

/* Decodes one block, in[0, len), at out->pos; its matches reach back no
 * further than where it starts (legacy blocks are independent). 0 or
 * -UNLZ4_E*; out->pos advances over what was written either way. */
int lz4_dec_block(const uint8_t *in, size_t len, struct lz4_out *out);

#endif

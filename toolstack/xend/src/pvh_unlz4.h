/* Linux's legacy LZ4 stream, the payload of a bzImage built with
 * CONFIG_KERNEL_LZ4 (scripts/Makefile.lib: `lz4 -l`; lib/decompress_unlz4.c
 * reads it): the magic 0x184c2102 (le32), then blocks, each a le32
 * compressed size and an LZ4 block of at most 8 MiB once decoded; the
 * magic may recur between blocks (concatenated streams). Decoded block by
 * block with liblz4's LZ4_decompress_safe, as Xen 4.17's
 * xg_dom_decompress_lz4.c does. Pure code: unit-tested and fuzzed. */
#ifndef PVH_UNLZ4_H
#define PVH_UNLZ4_H

#include <stddef.h>
#include <stdint.h>

#define PVH_LZ4_LEGACY_MAGIC 0x184c2102u
#define PVH_LZ4_LEGACY_BLOCK (8u << 20)     /* lz4's LEGACY_BLOCKSIZE */

/* Decodes in (in_len bytes, the stream without Linux's size trailer) into
 * exactly out_len bytes of out. 0, or -EINVAL with *err saying why: no
 * magic, a block size over the input or over LZ4's bound, a corrupt
 * block, a stream that decodes to more or fewer bytes than out_len. */
int pvh_unlz4(const uint8_t *in, size_t in_len, uint8_t *out, size_t out_len,
              const char **err);

#endif

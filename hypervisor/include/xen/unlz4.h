/* The hypervisor's LZ4 decoder: the legacy frame format of lz4(1) -l, as
 * Linux compresses a bzImage payload (`lz4 -l -12 --favor-decSpeed`) and
 * as Debian's cloud kernel ships. A legacy stream is the magic 0x184C2102
 * (little-endian) and blocks, each a little-endian u32 compressed size and
 * that many bytes of the LZ4 block format, each decoding on its own to at
 * most 8 MiB; the magic again where a size would be starts a new frame
 * (concatenated files). There is no end mark and no checksum: the stream
 * ends with the input, so the caller compares the output's length with
 * what it expects (a bzImage's size trailer).
 *
 * Single-call: the whole input is in memory and the output is one flat
 * buffer; nothing is allocated, no work area. Pure code: built in the
 * hypervisor and unit-tested on the host. Hostile input never makes it
 * read or write outside the two buffers; it ends in an error. */
#ifndef XEN_UNLZ4_H
#define XEN_UNLZ4_H
#include <xen/types.h>

#define UNLZ4_LEGACY_MAGIC      0x184c2102u
#define UNLZ4_LEGACY_BLOCK_MAX  (8u << 20)      /* lz4(1)'s legacy block size */

/* Returned negated; 0 is success. */
enum unlz4_error {
    UNLZ4_EINVAL = 1,   /* NULL buffer */
    UNLZ4_ENOTLZ4,      /* input does not start with the legacy magic */
    UNLZ4_ETRUNCATED,   /* input ends inside a block or its size */
    UNLZ4_EBLOCKSIZE,   /* block of 0 bytes, larger than LZ4's bound for 8 MiB,
                           or decoding to more than 8 MiB */
    UNLZ4_EDATA,        /* a length running past its block, a block ending in a match */
    UNLZ4_EOFFSET,      /* match offset 0, or reaching before its block's start */
    UNLZ4_ENOSPC,       /* output does not fit in out_max bytes */
    UNLZ4_NR_ERRORS
};

struct unlz4_result {
    size_t in_used;     /* input bytes decoded: magics and whole blocks */
    size_t out_len;     /* bytes written to out */
};

/* Decodes in[0, in_len), one or more legacy frames and nothing else, into
 * out[0, out_max). Returns 0 or -UNLZ4_E*; res (may be NULL) is filled
 * either way, telling how far decoding got. */
int unlz4(const void *in, size_t in_len, void *out, size_t out_max,
          struct unlz4_result *res);

/* One line for any value unlz4() returns ("success", "input ends inside
 * a block", ...); unknown values get "unknown error". */
const char *unlz4_strerror(int err);

/* The Xen error code (negative XEN_E*) closest to an unlz4() result. */
int unlz4_errno(int err);

#endif

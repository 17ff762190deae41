/* One block of the LZ4 block format (lz4/doc/lz4_Block_format.md): a
 * series of sequences, each a token (high nibble: literal count, low
 * nibble: match length - 4), the count's extra bytes, the literals, a
 * little-endian 16-bit offset, the length's extra bytes. A nibble of 15
 * continues in bytes added to it, while they are 255. The last sequence
 * is literals only and ends the block.
 *
 * The spec's end-of-block rules (the last 5 bytes literals, the last match
 * 12 bytes before the end) are there for decoders that copy in wide words
 * past the end; this one copies exactly and checks every length against
 * both buffers first, so it does not need them and does not enforce them. */
#include <xen/string.h>
#include "private.h"

#define MINMATCH 4              /* the shortest match; the nibble counts from it */

/* Adds the extra bytes of a length whose nibble was 15. False if the block
 * ends first. The sum cannot overflow: at most 255 per byte of a block no
 * larger than LZ4_LEGACY_BOUND. */
static bool more_length(const uint8_t *in, size_t len, size_t *ip, size_t *n)
{
    uint8_t b;

    do {
        if (*ip >= len)
            return false;
        b = in[(*ip)++];
        *n += b;
    } while (b == 255);
    return true;
}

/* Copies a match: len bytes from offset bytes back. With offset < len the
 * source runs into what is being written, so the result repeats with
 * period offset (a run). Each memcpy takes whole periods from the match's
 * start, twice as many each time, and so never overlaps its destination. */
static void copy_match(uint8_t *dst, size_t offset, size_t len)
{
    const uint8_t *src = dst - offset;

    while (len) {
        size_t n = MIN(len, (size_t)(dst - src));

        memcpy(dst, src, n);
        dst += n;
        len -= n;
    }
}

int lz4_dec_block(const uint8_t *in, size_t len, struct lz4_out *out)
{
    size_t start = out->pos, ip = 0;
    /* Legacy blocks are 8 MiB at most; room is what is left of that and of
     * the buffer, whichever ends first (that one names the error). */
    size_t block_room = UNLZ4_LEGACY_BLOCK_MAX;
    size_t end = out->max - start > block_room ? start + block_room : out->max;
    int full = end == out->max ? -UNLZ4_ENOSPC : -UNLZ4_EBLOCKSIZE;

    if (!len)
        return -UNLZ4_EBLOCKSIZE;
    for (;;) {
        size_t lit, mlen, offset;
        uint8_t token;

        if (ip >= len)
            return -UNLZ4_EDATA;            /* ended after a match */
        token = in[ip++];
        lit = token >> 4;
        if (lit == 15 && !more_length(in, len, &ip, &lit))
            return -UNLZ4_EDATA;
        if (lit > len - ip)
            return -UNLZ4_EDATA;
        if (lit > end - out->pos)
            return full;
        memcpy(out->buf + out->pos, in + ip, lit);
        ip += lit;
        out->pos += lit;
        if (ip == len)
            return 0;                       /* the last sequence */

        if (len - ip < 2)
            return -UNLZ4_EDATA;
        offset = in[ip] | (size_t)in[ip + 1] << 8;
        ip += 2;
        if (!offset || offset > out->pos - start)
            return -UNLZ4_EOFFSET;
        mlen = token & 15;
        if (mlen == 15 && !more_length(in, len, &ip, &mlen))
            return -UNLZ4_EDATA;
        mlen += MINMATCH;
        if (mlen > end - out->pos)
            return full;
        copy_match(out->buf + out->pos, offset, mlen);
        out->pos += mlen;
    }
}

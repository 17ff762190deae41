/* The index at the end of a stream ("The .xz File Format" 4): an indicator
 * byte 0x00, the number of records, per block its unpadded size (header +
 * compressed data + check) and uncompressed size as multibyte integers, zero
 * padding to a multiple of four bytes, and a CRC32 of all that. It must
 * describe exactly the blocks decoded: both sides are folded into the same
 * counts, sums and CRC64 of the records, so no list of blocks is kept. */
#include "private.h"

#define VLI_MAX        (~0ull >> 1)         /* 2^63 - 1 */
#define UNPADDED_MIN   5
#define UNPADDED_MAX   (VLI_MAX & ~3ull)

void xz_index_add(struct xz_work *w, struct xz_index_sum *sum, uint64_t unpadded,
                  uint64_t uncompressed)
{
    uint8_t rec[16];

    for (unsigned int i = 0; i < 8; i++) {
        rec[i] = unpadded >> (8 * i);
        rec[8 + i] = uncompressed >> (8 * i);
    }
    sum->count++;
    sum->unpadded += unpadded;
    sum->uncompressed += uncompressed;
    sum->hash = xz_crc64(w, rec, sizeof(rec), sum->hash);
}

/* A multibyte integer of the index: running out is truncation. */
static int read_field(struct xz_in *in, uint64_t *val)
{
    int rc = xz_read_vli(in, in->len, val);

    return rc == -UNXZ_ETRUNCATED ? rc : rc ? -UNXZ_EINDEX : 0;
}

int xz_dec_index(struct xz_work *w, struct xz_in *in, const struct xz_index_sum *blocks,
                 uint64_t *size)
{
    struct xz_index_sum sum = { 0 };
    size_t start = in->pos;
    uint64_t count;
    const uint8_t *crc;
    int rc;

    in->pos++;                          /* the indicator, 0x00 */
    if ((rc = read_field(in, &count)))
        return rc;
    /* Checked first: a hostile count cannot make us loop past the blocks. */
    if (count != blocks->count)
        return -UNXZ_EINDEX;
    for (uint64_t i = 0; i < count; i++) {
        uint64_t unpadded, uncompressed;

        if ((rc = read_field(in, &unpadded)) || (rc = read_field(in, &uncompressed)))
            return rc;
        if (unpadded < UNPADDED_MIN || unpadded > UNPADDED_MAX)
            return -UNXZ_EINDEX;
        xz_index_add(w, &sum, unpadded, uncompressed);
    }
    while ((in->pos - start) & 3) {
        if (in->pos == in->len)
            return -UNXZ_ETRUNCATED;
        if (in->buf[in->pos++])
            return -UNXZ_EINDEX;
    }
    if (in->len - in->pos < 4)
        return -UNXZ_ETRUNCATED;
    crc = in->buf + in->pos;
    if (xz_crc32(w, in->buf + start, in->pos - start, 0) !=
        (crc[0] | (crc[1] << 8) | (crc[2] << 16) | ((uint32_t)crc[3] << 24)))
        return -UNXZ_EINDEX;
    in->pos += 4;
    if (sum.unpadded != blocks->unpadded || sum.uncompressed != blocks->uncompressed ||
        sum.hash != blocks->hash)
        return -UNXZ_EINDEX;
    *size = in->pos - start;
    return 0;
}

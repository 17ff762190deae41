/* One .xz stream ("The .xz File Format" 2-3): the 12-byte stream header
 * (magic, flags with the check type, CRC32), blocks until the index
 * indicator, the index (dec_index.c) and the 12-byte footer (CRC32, backward
 * size, the same flags, "YZ"). A block is a header (its size, flags,
 * optional sizes, the filter chain, CRC32), the filtered data, zero padding
 * to four bytes and the check of the uncompressed data.
 * Filter chains taken: LZMA2 (0x21) alone, or x86 BCJ (0x04) then LZMA2. */
#include <xen/string.h>
#include "private.h"

#define FILTER_X86   0x04
#define FILTER_LZMA2 0x21

static const uint8_t header_magic[6] = { 0xfd, '7', 'z', 'X', 'Z', 0x00 };

static uint32_t le32(const uint8_t *p)
{
    return p[0] | (p[1] << 8) | (p[2] << 16) | ((uint32_t)p[3] << 24);
}

/* Check sizes by ID: 0, then 4, 8, 16, 32, 64 bytes for IDs 1-3, 4-6, ... */
static unsigned int check_size(unsigned int id)
{
    return id ? 4u << ((id - 1) / 3) : 0;
}

int xz_read_vli(struct xz_in *in, size_t end, uint64_t *val)
{
    uint64_t v = 0;

    for (unsigned int i = 0; i < 9; i++) {
        uint8_t b;

        if (in->pos >= end)
            return -UNXZ_ETRUNCATED;
        b = in->buf[in->pos++];
        v |= (uint64_t)(b & 0x7f) << (7 * i);
        if (!(b & 0x80)) {
            /* Minimal form only: no trailing zero byte. */
            if (i && !b)
                return -UNXZ_EHEADER;
            *val = v;
            return 0;
        }
    }
    return -UNXZ_EHEADER;               /* longer than 63 bits */
}

/* The filter chain of a block header, from hdr->pos up to its padding. */
static int parse_filters(struct xz_in *hdr, unsigned int nr, uint32_t *dict_size,
                         bool *x86, uint32_t *x86_start)
{
    for (unsigned int f = 0; f < nr; f++) {
        const uint8_t *props;
        uint64_t id, psize;

        if (xz_read_vli(hdr, hdr->len, &id) || xz_read_vli(hdr, hdr->len, &psize) ||
            psize > hdr->len - hdr->pos)
            return -UNXZ_EHEADER;
        props = hdr->buf + hdr->pos;
        hdr->pos += psize;
        if (id == FILTER_LZMA2 && f == nr - 1) {
            /* Dictionary size: 2 or 3 times 2^(11 + p/2), 40 = 4 GiB - 1. */
            if (psize != 1 || props[0] > 40)
                return -UNXZ_EHEADER;
            *dict_size = props[0] == 40 ? 0xffffffffu
                                        : (2u | (props[0] & 1)) << (props[0] / 2 + 11);
        } else if (id == FILTER_X86 && f == 0 && nr == 2) {
            if (psize != 0 && psize != 4)
                return -UNXZ_EHEADER;
            *x86 = true;
            *x86_start = psize ? le32(props) : 0;
        } else {
            return -UNXZ_EFILTER;
        }
    }
    return 0;
}

/* The check field ck of a block against its uncompressed data. */
static int verify_check(const struct xz_work *w, unsigned int check, const uint8_t *data,
                        size_t len, const uint8_t *ck)
{
    uint8_t digest[32];

    switch (check) {
    case XZ_CHECK_CRC32:
        return xz_crc32(w, data, len, 0) == le32(ck) ? 0 : -UNXZ_ECHECK;
    case XZ_CHECK_CRC64:
        return xz_crc64(w, data, len, 0) == (le32(ck) | ((uint64_t)le32(ck + 4) << 32))
               ? 0 : -UNXZ_ECHECK;
    case XZ_CHECK_SHA256:
        xz_sha256(data, len, digest);
        return memcmp(digest, ck, sizeof(digest)) ? -UNXZ_ECHECK : 0;
    default:
        return 0;
    }
}

static int dec_block(struct xz_work *w, struct xz_in *in, struct xz_dict *out,
                     unsigned int check, struct xz_index_sum *sum)
{
    const uint8_t *h = in->buf + in->pos;
    size_t hsize = (h[0] + 1) * 4, block_start = in->pos, out_start = out->pos;
    size_t data_start, data_len, end;
    struct xz_in hdr = { in->buf, in->pos + 2, in->pos + hsize - 4 };
    uint64_t csize = 0, usize = 0;
    uint32_t dict_size = 0, x86_start = 0;
    bool x86 = false;
    const uint8_t *ck;
    int rc;

    if (in->len - in->pos < hsize)
        return -UNXZ_ETRUNCATED;
    if (xz_crc32(w, h, hsize - 4, 0) != le32(h + hsize - 4) || (h[1] & 0x3c))
        return -UNXZ_EHEADER;
    if (((h[1] & 0x40) && (xz_read_vli(&hdr, hdr.len, &csize) || !csize)) ||
        ((h[1] & 0x80) && xz_read_vli(&hdr, hdr.len, &usize)))
        return -UNXZ_EHEADER;
    if ((rc = parse_filters(&hdr, (h[1] & 3) + 1, &dict_size, &x86, &x86_start)))
        return rc;
    for (; hdr.pos < hdr.len; hdr.pos++)
        if (in->buf[hdr.pos])
            return -UNXZ_EHEADER;

    in->pos += hsize;
    data_start = in->pos;
    end = in->len;
    if (h[1] & 0x40) {
        if (csize > in->len - in->pos)
            return -UNXZ_ETRUNCATED;
        end = in->pos + csize;
    }
    out->size = dict_size;
    if ((rc = xz_dec_lzma2(w, in, end, out)))
        return rc;
    data_len = in->pos - data_start;
    if (((h[1] & 0x40) && in->pos != end) ||
        ((h[1] & 0x80) && out->pos - out_start != usize))
        return -UNXZ_EDATA;
    if (x86)
        xz_bcj_x86(out->buf + out_start, out->pos - out_start, x86_start);

    while ((in->pos - block_start) & 3) {
        if (in->pos == in->len)
            return -UNXZ_ETRUNCATED;
        if (in->buf[in->pos++])
            return -UNXZ_EDATA;
    }
    if (in->len - in->pos < check_size(check))
        return -UNXZ_ETRUNCATED;
    ck = in->buf + in->pos;
    if ((rc = verify_check(w, check, out->buf + out_start, out->pos - out_start, ck)))
        return rc;
    in->pos += check_size(check);
    xz_index_add(w, sum, hsize + data_len + check_size(check), out->pos - out_start);
    return 0;
}

int xz_dec_stream(struct xz_work *w, struct xz_in *in, struct xz_dict *out)
{
    struct xz_index_sum sum = { 0 };
    const uint8_t *h = in->buf + in->pos, *f;
    uint64_t index_size;
    unsigned int check;
    int rc;

    if (in->len - in->pos < 12)
        return memcmp(h, header_magic, MIN(in->len - in->pos, sizeof(header_magic)))
               ? -UNXZ_ENOTXZ : -UNXZ_ETRUNCATED;
    if (memcmp(h, header_magic, sizeof(header_magic)))
        return -UNXZ_ENOTXZ;
    /* Stream flags: a zero byte, then reserved bits and the check ID. */
    if (xz_crc32(w, h + 6, 2, 0) != le32(h + 8) || h[6] || (h[7] & 0xf0))
        return -UNXZ_EHEADER;
    check = h[7];
    if (check != XZ_CHECK_NONE && check != XZ_CHECK_CRC32 && check != XZ_CHECK_CRC64 &&
        check != XZ_CHECK_SHA256)
        return -UNXZ_ECHECKTYPE;
    in->pos += 12;

    for (;;) {
        if (in->pos == in->len)
            return -UNXZ_ETRUNCATED;
        if (!in->buf[in->pos])
            break;                      /* the index indicator */
        if ((rc = dec_block(w, in, out, check, &sum)))
            return rc;
    }
    if ((rc = xz_dec_index(w, in, &sum, &index_size)))
        return rc;

    if (in->len - in->pos < 12)
        return -UNXZ_ETRUNCATED;
    f = in->buf + in->pos;
    /* CRC32 of backward size and flags; backward size is (index size / 4) - 1. */
    if (xz_crc32(w, f + 4, 6, 0) != le32(f) || f[10] != 'Y' || f[11] != 'Z' ||
        ((uint64_t)le32(f + 4) + 1) * 4 != index_size || f[8] != h[6] || f[9] != h[7])
        return -UNXZ_EFOOTER;
    in->pos += 12;
    return 0;
}

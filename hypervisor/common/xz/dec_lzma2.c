/* The LZMA2 chunk layer ("The .xz File Format" 5.3.1 names the filter; the
 * chunk syntax, as liblzma and xz-embedded read it). Each chunk starts with
 * a control byte:
 *   0x00       end of the LZMA2 data
 *   0x01       uncompressed chunk, dictionary reset first
 *   0x02       uncompressed chunk
 *   0x03-0x7f  invalid
 *   0x80-0xff  LZMA chunk; bits 5-6 say what is reset first: 0 nothing,
 *              1 the state, 2 the state and new properties, 3 all that and
 *              the dictionary; bits 0-4 are bits 16-20 of the uncompressed
 *              size - 1.
 * An uncompressed chunk continues with its size - 1 (16 bits big-endian); an
 * LZMA chunk with the low 16 bits of its uncompressed size - 1, its
 * compressed size - 1 (both big-endian) and, when new, the properties byte.
 * The first chunk resets the dictionary and any dictionary reset must be
 * followed by new properties before LZMA data. */
#include <xen/string.h>
#include "private.h"

static int need(const struct xz_in *in, size_t end, size_t n)
{
    return end - in->pos < n ? -UNXZ_ETRUNCATED : 0;
}

static unsigned int be16(const uint8_t *p)
{
    return (p[0] << 8) | p[1];
}

int xz_dec_lzma2(struct xz_work *w, struct xz_in *in, size_t end, struct xz_dict *d)
{
    bool need_dict_reset = true, need_props = true;

    for (;;) {
        const uint8_t *h = in->buf + in->pos;
        size_t usize, csize;
        uint8_t control;
        int rc;

        if ((rc = need(in, end, 1)))
            return rc;
        control = h[0];
        if (control == 0x00) {
            in->pos++;
            return 0;
        }
        if (control >= 0x03 && control < 0x80)
            return -UNXZ_EDATA;
        if (control == 0x01 || control >= 0xe0) {
            /* In single-call mode, a reset just moves where history starts. */
            d->start = d->pos;
            need_dict_reset = false;
            need_props = true;
        } else if (need_dict_reset) {
            return -UNXZ_EDATA;
        }

        if (control < 0x80) {
            if ((rc = need(in, end, 3)))
                return rc;
            usize = be16(h + 1) + 1;
            in->pos += 3;
            if ((rc = need(in, end, usize)))
                return rc;
            if (usize > d->max - d->pos)
                return -UNXZ_ENOSPC;
            memcpy(d->buf + d->pos, in->buf + in->pos, usize);
            d->pos += usize;
            in->pos += usize;
            continue;
        }

        if ((rc = need(in, end, control >= 0xc0 ? 6 : 5)))
            return rc;
        usize = ((size_t)(control & 0x1f) << 16) + be16(h + 1) + 1;
        csize = be16(h + 3) + 1;
        if (control >= 0xc0) {
            if ((rc = lzma_set_props(&w->lzma, h[5])))
                return rc;
            need_props = false;
            in->pos++;
        } else if (need_props) {
            return -UNXZ_EDATA;
        }
        in->pos += 5;
        if (control >= 0xa0)
            lzma_reset(&w->lzma);
        if ((rc = need(in, end, csize)))
            return rc;
        if (usize > d->max - d->pos)
            return -UNXZ_ENOSPC;
        d->limit = d->pos + usize;
        if ((rc = lzma_dec_chunk(&w->lzma, d, in->buf + in->pos, csize)))
            return rc;
        in->pos += csize;
    }
}

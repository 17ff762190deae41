/* Linux's legacy LZ4 stream decoded (see pvh_unlz4.h). */
#include "pvh_unlz4.h"

#include <errno.h>
#include <string.h>

#include <lz4.h>

static uint32_t le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

int pvh_unlz4(const uint8_t *in, size_t in_len, uint8_t *out, size_t out_len,
              const char **err)
{
    /* No block of an 8 MiB chunk compresses to more than this (lz4.h). */
    const size_t bound = (size_t)LZ4_compressBound(PVH_LZ4_LEGACY_BLOCK);
    size_t pos = 4, done = 0;

    if (in_len < 4 || le32(in) != PVH_LZ4_LEGACY_MAGIC) {
        *err = "not a legacy lz4 stream (no magic 0x184c2102)";
        return -EINVAL;
    }
    while (pos < in_len) {
        size_t csize, room;
        int got;

        if (in_len - pos < 4) {
            *err = "truncated block size";
            return -EINVAL;
        }
        csize = le32(in + pos);
        pos += 4;
        if (csize == PVH_LZ4_LEGACY_MAGIC)      /* the next stream of a concatenation */
            continue;
        if (csize == 0 || csize > bound) {
            *err = "block size out of lz4's bounds";
            return -EINVAL;
        }
        if (csize > in_len - pos) {
            *err = "truncated block";
            return -EINVAL;
        }
        room = out_len - done;
        if (room == 0) {
            *err = "longer than its size trailer says";
            return -EINVAL;
        }
        if (room > PVH_LZ4_LEGACY_BLOCK)
            room = PVH_LZ4_LEGACY_BLOCK;
        got = LZ4_decompress_safe((const char *)in + pos, (char *)out + done,
                                  (int)csize, (int)room);
        if (got <= 0) {
            /* A block that needs more room than is left is also refused
             * here: liblz4 cannot tell it from corruption. */
            *err = "corrupt block, or longer than its size trailer says";
            return -EINVAL;
        }
        done += (size_t)got;
        pos += csize;
    }
    if (done != out_len) {
        *err = "shorter than its size trailer says";
        return -EINVAL;
    }
    return 0;
}

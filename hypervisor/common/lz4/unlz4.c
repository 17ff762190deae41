/* unlz4(): the entry point of the LZ4 decoder (include/xen/unlz4.h), the
 * legacy frame layer. The layout is lz4(1)'s (lz4/doc/lz4_Frame_format.md,
 * "Legacy frame") and what Linux's lib/decompress_unlz4.c reads: the
 * magic, then sizes and blocks until the input ends; the magic where a
 * size would be starts another frame. */
#include <xen/string.h>
#include <public/errno.h>
#include "private.h"

static uint32_t rd32(const uint8_t *p)
{
    return p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static int dec_frames(const uint8_t *in, size_t len, size_t *pos, struct lz4_out *out)
{
    static const uint8_t magic[4] = { 0x02, 0x21, 0x4c, 0x18 };

    if (memcmp(in, magic, MIN(len, sizeof(magic))))
        return -UNLZ4_ENOTLZ4;
    if (len < sizeof(magic))
        return -UNLZ4_ETRUNCATED;
    *pos = sizeof(magic);
    while (*pos < len) {
        uint32_t size;
        int rc;

        if (len - *pos < 4)
            return -UNLZ4_ETRUNCATED;
        size = rd32(in + *pos);
        if (size == UNLZ4_LEGACY_MAGIC) {
            *pos += 4;
            continue;
        }
        if (size > LZ4_LEGACY_BOUND)
            return -UNLZ4_EBLOCKSIZE;
        if (size > len - *pos - 4)
            return -UNLZ4_ETRUNCATED;
        rc = lz4_dec_block(in + *pos + 4, size, out);
        if (rc)
            return rc;
        *pos += 4 + size;
    }
    return 0;
}

int unlz4(const void *in, size_t in_len, void *out, size_t out_max,
          struct unlz4_result *res)
{
    static uint8_t no_output;
    struct lz4_out o = { .buf = out ? out : &no_output, .max = out ? out_max : 0 };
    size_t pos = 0;
    int rc;

    if (!in || (!out && out_max))
        rc = -UNLZ4_EINVAL;
    else if (!in_len)
        rc = -UNLZ4_ETRUNCATED;
    else
        rc = dec_frames(in, in_len, &pos, &o);
    if (res) {
        res->in_used = pos;
        res->out_len = o.pos;
    }
    return rc;
}

static const char *const messages[UNLZ4_NR_ERRORS] = {
    [0]                = "success",
    [UNLZ4_EINVAL]     = "invalid arguments (NULL buffer)",
    [UNLZ4_ENOTLZ4]    = "not an LZ4 legacy stream (no magic 0x184C2102)",
    [UNLZ4_ETRUNCATED] = "input ends inside an LZ4 block or its size",
    [UNLZ4_EBLOCKSIZE] = "LZ4 block empty, or larger than the legacy format's 8 MiB",
    [UNLZ4_EDATA]      = "corrupt LZ4 block (a length past its end, or ending in a match)",
    [UNLZ4_EOFFSET]    = "LZ4 match offset 0 or before its block's start",
    [UNLZ4_ENOSPC]     = "output larger than the buffer",
};

const char *unlz4_strerror(int err)
{
    if (err > 0 || err <= -UNLZ4_NR_ERRORS)
        return "unknown error";
    return messages[-err];
}

int unlz4_errno(int err)
{
    switch (-err) {
    case 0:
        return 0;
    case UNLZ4_ENOSPC:
        return -XEN_ENOSPC;
    default:
        return -XEN_EINVAL;     /* bad arguments or an image we cannot trust */
    }
}

/* unxz(): the entry point of the XZ decoder (include/xen/unxz.h). A .xz
 * file is one or more streams, each optionally followed by stream padding:
 * zero bytes, a multiple of four ("The .xz File Format" 2.2). Decoding is
 * single-call: every stream appends to the one output buffer. */
#include <xen/string.h>
#include <public/errno.h>
#include "private.h"

_Static_assert(sizeof(struct xz_work) <= UNXZ_WORK_SIZE, "UNXZ_WORK_SIZE too small");

static const uint8_t stream_magic[6] = { 0xfd, '7', 'z', 'X', 'Z', 0x00 };

/* After a stream: padding, then the end, or another stream. */
static int next_stream(struct xz_in *in)
{
    size_t pad = in->pos, n;

    while (in->pos < in->len && !in->buf[in->pos])
        in->pos++;
    if ((in->pos - pad) & 3)
        return -UNXZ_ETRAILING;
    if (in->pos == in->len)
        return 0;
    n = MIN(in->len - in->pos, sizeof(stream_magic));
    if (memcmp(in->buf + in->pos, stream_magic, n))
        return -UNXZ_ETRAILING;
    return 1;
}

int unxz(const void *in, size_t in_len, void *out, size_t out_max, void *work,
         unsigned int flags, struct unxz_result *res)
{
    struct xz_work *w = work;
    struct xz_in src = { in, 0, in_len };
    static uint8_t no_output;
    struct xz_dict dict = { .buf = out ? out : &no_output, .max = out_max };
    int rc;

    if (!in || (!out && out_max) || !work || ((uintptr_t)work & 7) ||
        (flags & ~UNXZ_SINGLE_STREAM))
        rc = -UNXZ_EINVAL;
    else if (!in_len)
        rc = -UNXZ_ETRUNCATED;
    else {
        xz_crc_init(w);
        do
            rc = xz_dec_stream(w, &src, &dict);
        while (!rc && !(flags & UNXZ_SINGLE_STREAM) && (rc = next_stream(&src)) == 1);
    }
    if (res) {
        res->in_used = src.pos;
        res->out_len = dict.pos;
    }
    return rc;
}

static const char *const messages[UNXZ_NR_ERRORS] = {
    [0]               = "success",
    [UNXZ_EINVAL]     = "invalid arguments (NULL or misaligned buffer, unknown flag)",
    [UNXZ_ENOTXZ]     = "not an xz stream (no stream header magic)",
    [UNXZ_ETRUNCATED] = "input ends inside an xz stream",
    [UNXZ_EHEADER]    = "corrupt stream or block header",
    [UNXZ_EDATA]      = "corrupt compressed data",
    [UNXZ_ECHECK]     = "integrity check (CRC32/CRC64/SHA-256) mismatch",
    [UNXZ_EINDEX]     = "index corrupt or unlike the blocks",
    [UNXZ_EFOOTER]    = "corrupt stream footer or footer unlike header/index",
    [UNXZ_ENOSPC]     = "output larger than the buffer",
    [UNXZ_EFILTER]    = "unsupported filter chain (only LZMA2, x86 + LZMA2)",
    [UNXZ_ECHECKTYPE] = "unsupported integrity check (only none, CRC32, CRC64, SHA-256)",
    [UNXZ_ETRAILING]  = "data after a stream that is neither stream padding nor a stream",
};

const char *unxz_strerror(int err)
{
    if (err > 0 || err <= -UNXZ_NR_ERRORS)
        return "unknown error";
    return messages[-err];
}

int unxz_errno(int err)
{
    switch (-err) {
    case 0:
        return 0;
    case UNXZ_ENOSPC:
        return -XEN_ENOSPC;
    case UNXZ_EFILTER:
    case UNXZ_ECHECKTYPE:
        return -XEN_EOPNOTSUPP;
    default:
        return -XEN_EINVAL;     /* bad arguments or an image we cannot trust */
    }
}

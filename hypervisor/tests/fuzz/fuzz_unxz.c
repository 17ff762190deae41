/* libFuzzer target: unxz() on arbitrary bytes (seeds: small streams made
 * by xz(1) in the build tree, fixtures/scripts/build-xz-seeds.sh). Input and output are exactly
 * sized heap buffers, so ASan reports any access outside them. Whatever
 * unxz() accepts, liblzma must decode to the same bytes (differential), and
 * one byte less of output room must give UNXZ_ENOSPC. An odd length asks
 * for UNXZ_SINGLE_STREAM, so both modes are explored. */
#include <stdlib.h>
#include <string.h>
#include <lzma.h>
#include <xen/unxz.h>

#define OUT_MAX (256 * 1024)
#define LZMA_MEMLIMIT (64u << 20)       /* hostile dictionary sizes are skipped */

static uint64_t work[UNXZ_WORK_SIZE / 8];

static void differential(const uint8_t *in, size_t len, unsigned int flags,
                         const uint8_t *out, const struct unxz_result *res)
{
    uint64_t memlimit = LZMA_MEMLIMIT;
    size_t in_pos = 0, out_pos = 0;
    uint8_t *ref = malloc(OUT_MAX);
    lzma_ret ret;

    ret = lzma_stream_buffer_decode(&memlimit, flags & UNXZ_SINGLE_STREAM ? 0 : LZMA_CONCATENATED,
                                    NULL, in, &in_pos, len, ref, &out_pos, OUT_MAX);
    if (ret != LZMA_MEMLIMIT_ERROR) {
        if (ret != LZMA_OK || out_pos != res->out_len || memcmp(ref, out, out_pos))
            __builtin_trap();           /* we accepted what liblzma decodes otherwise */
        if (in_pos != res->in_used)
            __builtin_trap();
    }
    free(ref);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
    unsigned int flags = len & 1 ? UNXZ_SINGLE_STREAM : 0;
    uint8_t *in = malloc(len ? len : 1), *out = malloc(OUT_MAX), *small;
    struct unxz_result res;
    int rc;

    memcpy(in, data, len);
    rc = unxz(in, len, out, OUT_MAX, work, flags, &res);
    if (rc > 0 || rc <= -UNXZ_NR_ERRORS || !strcmp(unxz_strerror(rc), "unknown error") ||
        res.out_len > OUT_MAX || res.in_used > len)
        __builtin_trap();
    if (rc == 0) {
        differential(in, len, flags, out, &res);
        if (res.out_len) {
            small = malloc(res.out_len - 1 ? res.out_len - 1 : 1);
            if (unxz(in, len, small, res.out_len - 1, work, flags, NULL) != -UNXZ_ENOSPC)
                __builtin_trap();
            free(small);
        }
    }
    free(out);
    free(in);
    return 0;
}

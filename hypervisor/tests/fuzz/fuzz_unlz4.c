/* libFuzzer target: unlz4() on arbitrary bytes. Input and output are
 * exactly sized heap buffers, so ASan reports any access outside them.
 * Inputs with an odd first byte get the legacy magic stamped over their
 * first four, so the fuzzer spends its time on sizes and blocks.
 *
 * Differential, one way: whatever liblz4's LZ4_decompress_safe() decodes,
 * block by block, unlz4() must decode to the same bytes. liblz4 is the
 * stricter of the two (it enforces the block format's end-of-block rules,
 * which unlz4 does not need), so unlz4 may accept more; anything it
 * accepts must then fail with one byte less room, with UNLZ4_ENOSPC.
 * Except offset 0, which the spec calls corrupt and liblz4 1.9.4 lets
 * through (copying from the byte being written): what unlz4 refuses with
 * UNLZ4_EOFFSET is not compared (the unit tests cover every valid offset
 * kind on lz4(1)'s own output). */
#include <stdlib.h>
#include <string.h>
#include <lz4.h>
#include <xen/unlz4.h>

#define OUT_MAX (256 * 1024)

static uint32_t rd32(const uint8_t *p)
{
    return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

/* The legacy stream decoded by liblz4, block by block, each into the room
 * left; its length, or -1 if liblz4 refuses something. */
static long reference(const uint8_t *in, size_t len, uint8_t *ref)
{
    size_t pos = 4, out = 0;

    if (len < 4 || rd32(in) != UNLZ4_LEGACY_MAGIC)
        return -1;
    while (pos < len) {
        uint32_t size;
        int n;

        if (len - pos < 4)
            return -1;
        size = rd32(in + pos);
        pos += 4;
        if (size == UNLZ4_LEGACY_MAGIC)
            continue;
        if (size > len - pos)
            return -1;
        n = LZ4_decompress_safe((const char *)in + pos, (char *)ref + out, size, OUT_MAX - out);
        if (n < 0)
            return -1;
        out += n;
        pos += size;
    }
    return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
    uint8_t *in = malloc(len ? len : 1), *out = malloc(OUT_MAX), *ref = malloc(OUT_MAX), *small;
    struct unlz4_result res;
    long want;
    int rc;

    memcpy(in, data, len);
    if (len >= 4 && (in[0] & 1))
        memcpy(in, "\x02\x21\x4c\x18", 4);
    rc = unlz4(in, len, out, OUT_MAX, &res);
    if (rc > 0 || rc <= -UNLZ4_NR_ERRORS || !strcmp(unlz4_strerror(rc), "unknown error") ||
        res.out_len > OUT_MAX || res.in_used > len)
        __builtin_trap();
    want = reference(in, len, ref);
    if (want >= 0 && rc != -UNLZ4_EOFFSET && (rc || res.out_len != (size_t)want || memcmp(ref, out, want)))
        __builtin_trap();               /* liblz4 decodes what we refused, or otherwise */
    if (rc == 0 && res.out_len) {
        small = malloc(res.out_len - 1 ? res.out_len - 1 : 1);
        if (unlz4(in, len, small, res.out_len - 1, NULL) != -UNLZ4_ENOSPC)
            __builtin_trap();
        free(small);
    }
    free(ref);
    free(out);
    free(in);
    return 0;
}

/* The LZ4 decoder (common/lz4/) against the real `lz4` tool: legacy
 * streams made here by `lz4 -l` (every level, one block and several,
 * concatenated frames) decode to the original bytes; every truncation and
 * bit flip of one ends in an answer in range; the cloud kernel's payload
 * (fixtures) decodes as `lz4 -dc` decodes it. Hand-made blocks, rule by
 * rule: test_lz4_block.c. Inputs are exactly sized heap copies, so ASan
 * sees any access outside them. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "suites.h"
#include "blob.h"
#include <xen/unlz4.h>
#include <public/errno.h>

static const uint8_t magic[4] = { 0x02, 0x21, 0x4c, 0x18 };

/* Decodes z, which must give exactly want, every input byte used; one
 * byte less room is ENOSPC, with nothing written past that room. */
static void round_trip(const struct blob *want, const struct blob *z)
{
    uint8_t *out = malloc(want->n ? want->n : 1), *in = malloc(z->n);
    struct unlz4_result res;
    int rc;

    memcpy(in, z->p, z->n);
    rc = unlz4(in, z->n, out, want->n, &res);
    ck_assert_msg(rc == 0, "unlz4: %s", unlz4_strerror(rc));
    ck_assert_uint_eq(res.out_len, want->n);
    ck_assert_uint_eq(res.in_used, z->n);
    ck_assert(memcmp(out, want->p, want->n) == 0);
    if (want->n) {
        free(out);
        out = malloc(want->n - 1 ? want->n - 1 : 1);
        rc = unlz4(in, z->n, out, want->n - 1, &res);
        ck_assert_int_eq(rc, -UNLZ4_ENOSPC);
        ck_assert_uint_le(res.out_len, want->n - 1);
    }
    free(in);
    free(out);
}

static void check_lz4(const char *kind, size_t n, const char *args)
{
    struct blob data = blob_data(kind, n), z = blob_tool("lz4 -q", args, data.p, data.n);

    round_trip(&data, &z);
    free(z.p);
    free(data.p);
}

START_TEST(lz4_tool)
{
    static const char *const levels[] = { "-l -1", "-l -9", "-l -12 --favor-decSpeed" };

    for (size_t i = 0; i < ARRAY_SIZE(levels); i++) {
        check_lz4("random", 0, levels[i]);
        check_lz4("random", 1, levels[i]);
        check_lz4("text", 13, levels[i]);
        check_lz4("random", 100000, levels[i]);
        check_lz4("repeat", 1 << 20, levels[i]);
        check_lz4("text", 300000, levels[i]);
        check_lz4("far", 400000, levels[i]);
    }
}
END_TEST

/* Over 8 MiB: lz4 -l cuts blocks of 8 MiB, each decoded on its own. */
START_TEST(several_blocks)
{
    struct blob d = blob_data("far", 20u << 20), z = blob_tool("lz4 -q", "-l -1", d.p, d.n);
    unsigned int blocks = 0;
    size_t pos = 4;

    while (pos < z.n) {
        uint32_t size = z.p[pos] | z.p[pos + 1] << 8 | z.p[pos + 2] << 16 | (uint32_t)z.p[pos + 3] << 24;

        pos += 4 + size;
        blocks++;
    }
    ck_assert_uint_eq(blocks, 3);
    round_trip(&d, &z);
    free(z.p), free(d.p);
}
END_TEST

/* Concatenated files: the magic where a block size would be starts a new
 * frame; lz4 -dc agrees. */
START_TEST(second_frame)
{
    struct blob a = blob_data("text", 100000), b = blob_data("random", 5000);
    struct blob za = blob_tool("lz4 -q", "-l", a.p, a.n), zb = blob_tool("lz4 -q", "-l -9", b.p, b.n);
    struct blob both = { NULL, 0 }, zz = { NULL, 0 }, ref;

    blob_append(&both, a.p, a.n), blob_append(&both, b.p, b.n);
    blob_append(&zz, za.p, za.n), blob_append(&zz, zb.p, zb.n);
    round_trip(&both, &zz);
    ref = blob_tool("lz4 -q", "-dc", zz.p, zz.n);
    ck_assert_uint_eq(ref.n, both.n);
    ck_assert(memcmp(ref.p, both.p, both.n) == 0);
    /* Magics back to back, and a frame with no blocks at the end. */
    blob_append(&zz, magic, 4), blob_append(&zz, magic, 4);
    round_trip(&both, &zz);
    free(ref.p), free(zz.p), free(both.p), free(za.p), free(zb.p), free(a.p), free(b.p);
}
END_TEST

/* Cut anywhere, a stream of two blocks decodes to what its whole blocks
 * hold when the cut falls between blocks (the format has no end mark:
 * callers compare the length) and is refused as truncated elsewhere. */
START_TEST(every_truncation)
{
    struct blob a = blob_data("text", 3000), b = blob_data("far", 2000);
    struct blob za = blob_tool("lz4 -q", "-l", a.p, a.n), zb = blob_tool("lz4 -q", "-l -9", b.p, b.n), z = { NULL, 0 };
    uint8_t *out = malloc(a.n + b.n);

    blob_append(&z, za.p, za.n);
    blob_append(&z, zb.p + 4, zb.n - 4);            /* the second block, same frame */
    for (size_t n = 0; n < z.n; n++) {
        uint8_t *in = malloc(n ? n : 1);
        struct unlz4_result res;
        int rc;

        memcpy(in, z.p, n);
        rc = unlz4(in, n, out, a.n + b.n, &res);
        if (n == 4 || n == za.n) {
            ck_assert_int_eq(rc, 0);
            ck_assert_uint_eq(res.out_len, n == 4 ? 0 : a.n);
        } else
            ck_assert_msg(rc == -UNLZ4_ETRUNCATED, "%zu of %zu bytes: %s", n, z.n,
                          unlz4_strerror(rc));
        free(in);
    }
    free(out), free(z.p), free(za.p), free(zb.p), free(a.p), free(b.p);
}
END_TEST

/* Every single-bit flip: an answer in range, the output where it should be
 * (ASan), the magic's flips refused as not LZ4. No checksum: some flips in
 * literals decode, to other bytes. */
START_TEST(every_bit_flip)
{
    struct blob d = blob_data("far", 3000), z = blob_tool("lz4 -q", "-l -9", d.p, d.n);
    uint8_t *in = malloc(z.n), *out = malloc(2 * d.n);
    unsigned int seen[UNLZ4_NR_ERRORS] = { 0 };

    for (size_t i = 0; i < z.n * 8; i++) {
        struct unlz4_result res;
        int rc;

        memcpy(in, z.p, z.n);
        in[i / 8] ^= 1u << (i % 8);
        rc = unlz4(in, z.n, out, 2 * d.n, &res);
        ck_assert_msg(rc <= 0 && rc > -UNLZ4_NR_ERRORS, "bit %zu of %zu: %d", i, z.n * 8, rc);
        ck_assert_uint_le(res.out_len, 2 * d.n);
        ck_assert_uint_le(res.in_used, z.n);
        seen[-rc]++;
        if (i < 4 * 8)
            ck_assert_int_eq(rc, -UNLZ4_ENOTLZ4);
    }
    ck_assert_uint_gt(seen[0], 0);
    ck_assert_uint_gt(seen[UNLZ4_EDATA] + seen[UNLZ4_EOFFSET], 0);
    ck_assert_uint_gt(seen[UNLZ4_ETRUNCATED] + seen[UNLZ4_EBLOCKSIZE], 0);
    free(in), free(out), free(z.p), free(d.p);
}
END_TEST

/* Debian's cloud kernel as shipped: the setup header (Documentation/x86/
 * boot.rst) gives setup_sects at 0x1f1, payload_offset at 0x248 and
 * payload_length at 0x24c, from the protected-mode code at
 * (setup_sects + 1) * 512. Linux appends the uncompressed size (le32)
 * after the stream, which lib/decompress_unlz4.c does not decode. */
START_TEST(debian_cloud_kernel)
{
    const char *path = LINUX_FIXTURE_DIR "/vmlinuz-cloud";
    struct blob k, payload = { NULL, 0 }, ref;
    uint32_t off, len, size;
    struct unlz4_result res;
    struct timespec t0, t1;
    size_t pm;
    uint8_t *out;
    int rc;

    if (access(path, R_OK)) {
        printf("unlz4 debian_cloud_kernel: SKIP, no %s (make -C fixtures builds it)\n", path);
        return;
    }
    k = blob_read(path);
    pm = ((size_t)(k.p[0x1f1] ? k.p[0x1f1] : 4) + 1) * 512;
    memcpy(&off, k.p + 0x248, 4);
    memcpy(&len, k.p + 0x24c, 4);
    ck_assert_uint_le(pm + off + len, k.n);
    ck_assert(memcmp(k.p + pm + off, magic, 4) == 0);
    blob_append(&payload, k.p + pm + off, len - 4);
    memcpy(&size, k.p + pm + off + len - 4, 4);
    out = malloc(size);

    clock_gettime(CLOCK_MONOTONIC, &t0);
    rc = unlz4(payload.p, payload.n, out, size, &res);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    ck_assert_msg(rc == 0, "unlz4: %s", unlz4_strerror(rc));
    printf("unlz4 debian_cloud_kernel: %u -> %zu bytes in %.3f s (ASan/UBSan build)\n", len,
           res.out_len, (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9);
    ck_assert_uint_eq(res.out_len, size);
    ck_assert_uint_eq(res.in_used, len - 4);

    ref = blob_tool("lz4 -q", "-dc", payload.p, payload.n);
    ck_assert_uint_eq(ref.n, size);
    ck_assert(memcmp(ref.p, out, size) == 0);
    free(ref.p), free(out), free(payload.p), free(k.p);
}
END_TEST

Suite *unlz4_suite(void)
{
    Suite *s = suite_create("unlz4");
    TCase *tc = tcase_create("lz4");

    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, lz4_tool);
    tcase_add_test(tc, several_blocks);
    tcase_add_test(tc, second_frame);
    tcase_add_test(tc, every_truncation);
    tcase_add_test(tc, every_bit_flip);
    tcase_add_test(tc, debian_cloud_kernel);
    suite_add_tcase(s, tc);
    return s;
}

/* The XZ decoder (common/xz/) against the real `xz` tool: streams made here
 * by `xz` with the options Linux and users pass (checks, x86 filter, small
 * dictionaries, lc/lp/pb, blocks, concatenated streams, padding) decode to
 * the original bytes; every truncation and every bit flip of a stream is
 * refused with the right error; Debian's kernel payload (fixtures) decodes
 * as `xz --single-stream -dc` decodes it. Inputs are exactly sized heap
 * copies, so ASan sees any access outside them. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "suites.h"
#include "blob.h"
#include <xen/unxz.h>
#include <public/errno.h>

static uint64_t work[UNXZ_WORK_SIZE / 8];

/* Decodes z, which must give exactly want; one byte less room is ENOSPC. */
static void round_trip(const struct blob *want, const struct blob *z, unsigned int flags)
{
    uint8_t *out = malloc(want->n ? want->n : 1);
    uint8_t *in = malloc(z->n);
    struct unxz_result res;
    int rc;

    memcpy(in, z->p, z->n);
    rc = unxz(in, z->n, out, want->n, work, flags, &res);
    ck_assert_msg(rc == 0, "unxz: %s", unxz_strerror(rc));
    ck_assert_uint_eq(res.out_len, want->n);
    ck_assert_uint_eq(res.in_used, z->n);
    ck_assert(memcmp(out, want->p, want->n) == 0);
    if (want->n) {
        rc = unxz(in, z->n, out, want->n - 1, work, flags, &res);
        ck_assert_int_eq(rc, -UNXZ_ENOSPC);
        ck_assert_uint_le(res.out_len, want->n - 1);
    }
    free(in);
    free(out);
}

static void check_xz(const char *kind, size_t n, const char *args)
{
    struct blob data = blob_data(kind, n), z = blob_tool("xz", args, data.p, data.n);

    round_trip(&data, &z, 0);
    free(z.p);
    free(data.p);
}

START_TEST(sizes_and_checks)
{
    check_xz("random", 0, "");
    check_xz("random", 1, "");
    check_xz("random", 100000, "");
    check_xz("repeat", 1 << 20, "");
    check_xz("text", 300000, "--check=crc32");
    check_xz("text", 300000, "--check=crc64");
    check_xz("text", 300000, "--check=none");
    check_xz("text", 300000, "--check=sha256");
    /* SHA-256 padding: tails either side of 56 and of the 64-byte block. */
    static const size_t tails[] = { 1, 55, 56, 63, 64, 65, 119, 120, 128 };
    for (size_t i = 0; i < ARRAY_SIZE(tails); i++)
        check_xz("random", tails[i], "--check=sha256");
    check_xz("text", 0, "--check=none");
}
END_TEST

START_TEST(lzma_options)
{
    /* Data far beyond the dictionary; lc/lp/pb at their LZMA2 extremes. */
    check_xz("far", 400000, "--lzma2=dict=4KiB");
    check_xz("far", 400000, "-0");
    check_xz("far", 400000, "-6e");
    check_xz("text", 200000, "--lzma2=lc=0,lp=4,pb=0");
    check_xz("text", 200000, "--lzma2=lc=4,lp=0,pb=4");
    check_xz("random", 200000, "--lzma2=lc=1,lp=3,pb=2,mf=hc3,nice=273");
}
END_TEST

START_TEST(x86_filter)
{
    struct blob self = blob_read("/proc/self/exe"), z;

    check_xz("x86", 300000, "--x86 --lzma2");
    check_xz("x86", 300000, "--x86=start=305419896 --lzma2 --check=crc64");
    check_xz("x86", 4, "--x86 --lzma2");
    check_xz("x86", 5, "--x86 --lzma2");
    /* A real x86-64 program (this test), whose calls the filter changes. */
    z = blob_tool("xz", "--x86 --lzma2=dict=32MiB --check=crc32", self.p, self.n);
    round_trip(&self, &z, 0);
    free(z.p);
    free(self.p);
}
END_TEST

START_TEST(blocks_streams_padding)
{
    static const uint8_t zeros[8], junk[4] = { 0, 0, 0, 1 };
    struct blob a = blob_data("text", 100000), b = blob_data("x86", 50000);
    struct blob za = blob_tool("xz", "--block-size=10000 --check=crc64", a.p, a.n);
    struct blob zb = blob_tool("xz", "--x86 --lzma2 --block-size=7000", b.p, b.n);
    struct blob both = blob_copy(a.p, a.n), zz = blob_copy(za.p, za.n);
    uint8_t *out = malloc(a.n + b.n);
    struct unxz_result res;

    blob_append(&both, b.p, b.n);
    blob_append(&zz, zb.p, zb.n);
    round_trip(&a, &za, 0);
    round_trip(&both, &zz, 0);
    /* Padding between and after streams. */
    zz.n = za.n;
    blob_append(&zz, zeros, 8);
    blob_append(&zz, zb.p, zb.n);
    blob_append(&zz, zeros, 4);
    round_trip(&both, &zz, 0);
    /* Single stream: the first only, the rest not even looked at. */
    blob_append(&zz, junk, 4);
    ck_assert_int_eq(unxz(zz.p, zz.n, out, both.n, work, UNXZ_SINGLE_STREAM, &res), 0);
    ck_assert_uint_eq(res.in_used, za.n);
    ck_assert_uint_eq(res.out_len, a.n);
    ck_assert_int_eq(unxz(zz.p, zz.n, out, both.n, work, 0, &res), -UNXZ_ETRAILING);
    ck_assert_uint_eq(res.out_len, both.n);
    /* Padding must come in fours. */
    zz.n = za.n;
    blob_append(&zz, zeros, 3);
    ck_assert_int_eq(unxz(zz.p, zz.n, out, both.n, work, 0, NULL), -UNXZ_ETRAILING);
    free(zz.p), free(za.p), free(zb.p), free(a.p), free(b.p), free(both.p), free(out);
}
END_TEST

/* CRC32 the slow way (IEEE 802.3, reflected), for patched headers. */
static uint32_t crc32_bitwise(const uint8_t *p, size_t n)
{
    uint32_t crc = ~0u;

    while (n--) {
        crc ^= *p++;
        for (int i = 0; i < 8; i++)
            crc = (crc >> 1) ^ (crc & 1 ? 0xedb88320u : 0);
    }
    return ~crc;
}

START_TEST(unsupported)
{
    struct blob d = blob_data("text", 5000), z;
    uint8_t out[5000];
    int rc;

    /* Check IDs 2-3, 5-9, 11-15 are reserved: their sizes are known, their
     * meaning is not. The stream flags' CRC32 is recomputed. */
    z = blob_tool("xz", "--check=crc32", d.p, d.n);
    for (uint8_t id = 0; id < 16; id++) {
        uint32_t crc;

        z.p[7] = id;
        crc = crc32_bitwise(z.p + 6, 2);
        memcpy(z.p + 8, &crc, 4);
        rc = unxz(z.p, z.n, out, sizeof(out), work, 0, NULL);
        if (id == 1)
            ck_assert_int_eq(rc, 0);
        else if (id == 0 || id == 4 || id == 10)    /* known, but not what the blocks carry */
            ck_assert(rc < 0 && rc != -UNXZ_ECHECKTYPE);
        else
            ck_assert_int_eq(rc, -UNXZ_ECHECKTYPE);
    }
    free(z.p);
    z = blob_tool("xz", "--delta=dist=4 --lzma2", d.p, d.n);
    ck_assert_int_eq(unxz(z.p, z.n, out, sizeof(out), work, 0, NULL), -UNXZ_EFILTER);
    free(z.p);
    z = blob_tool("xz", "--arm --lzma2", d.p, d.n);
    ck_assert_int_eq(unxz(z.p, z.n, out, sizeof(out), work, 0, NULL), -UNXZ_EFILTER);
    free(z.p);
    z = blob_tool("xz", "--format=lzma", d.p, d.n);
    ck_assert_int_eq(unxz(z.p, z.n, out, sizeof(out), work, 0, NULL), -UNXZ_ENOTXZ);
    free(z.p);
    free(d.p);
}
END_TEST

START_TEST(arguments_and_strings)
{
    static const uint8_t z[] = { 0xfd, '7', 'z', 'X', 'Z' };
    uint8_t out[16];

    ck_assert_int_eq(unxz(z, sizeof(z), out, sizeof(out), NULL, 0, NULL), -UNXZ_EINVAL);
    ck_assert_int_eq(unxz(z, sizeof(z), out, sizeof(out), (char *)work + 4, 0, NULL), -UNXZ_EINVAL);
    ck_assert_int_eq(unxz(z, sizeof(z), out, sizeof(out), work, 2, NULL), -UNXZ_EINVAL);
    ck_assert_int_eq(unxz(z, 0, out, sizeof(out), work, 0, NULL), -UNXZ_ETRUNCATED);
    ck_assert_int_eq(unxz(z, sizeof(z), out, sizeof(out), work, 0, NULL), -UNXZ_ETRUNCATED);
    ck_assert_int_eq(unxz("hello, world", 12, out, sizeof(out), work, 0, NULL), -UNXZ_ENOTXZ);
    /* One distinct message per code. */
    for (int a = 0; a < UNXZ_NR_ERRORS; a++) {
        ck_assert_str_ne(unxz_strerror(-a), "unknown error");
        for (int b = 0; b < a; b++)
            ck_assert_str_ne(unxz_strerror(-a), unxz_strerror(-b));
    }
    ck_assert_str_eq(unxz_strerror(-UNXZ_NR_ERRORS), "unknown error");
    ck_assert_str_eq(unxz_strerror(1), "unknown error");
    ck_assert_int_eq(unxz_errno(0), 0);
    ck_assert_int_eq(unxz_errno(-UNXZ_ENOSPC), -XEN_ENOSPC);
    ck_assert_int_eq(unxz_errno(-UNXZ_EFILTER), -XEN_EOPNOTSUPP);
    ck_assert_int_eq(unxz_errno(-UNXZ_ECHECK), -XEN_EINVAL);
}
END_TEST

/* A small stream with two blocks, x86 + LZMA2 and CRC64: every field kind. */
static struct blob small_stream(struct blob *data, const char *args)
{
    *data = blob_data("x86", 3000);
    return blob_tool("xz", args, data->p, data->n);
}

START_TEST(every_truncation)
{
    struct blob d, z = small_stream(&d, "--x86 --lzma2 --block-size=1500 --check=crc64");
    uint8_t *out = malloc(d.n);

    for (size_t n = 0; n < z.n; n++) {
        uint8_t *in = malloc(n ? n : 1);
        int rc;

        memcpy(in, z.p, n);
        rc = unxz(in, n, out, d.n, work, 0, NULL);
        ck_assert_msg(rc == -UNXZ_ETRUNCATED, "%zu of %zu bytes: %s", n, z.n, unxz_strerror(rc));
        free(in);
    }
    free(out), free(z.p), free(d.p);
}
END_TEST

/* Every single-bit flip is refused, by the layer that owns the byte. */
static void flip_all(const char *args, bool crc)
{
    struct blob d, z = small_stream(&d, args);
    uint8_t *in = malloc(z.n), *out = malloc(2 * d.n);
    unsigned int seen[UNXZ_NR_ERRORS] = { 0 };

    for (size_t i = 0; i < z.n * 8; i++) {
        int rc;

        memcpy(in, z.p, z.n);
        in[i / 8] ^= 1u << (i % 8);
        rc = unxz(in, z.n, out, 2 * d.n, work, 0, NULL);
        ck_assert_msg(rc < 0 && rc > -UNXZ_NR_ERRORS, "bit %zu of %zu: %d", i, z.n * 8, rc);
        seen[-rc]++;
        if (i < 6 * 8)
            ck_assert_int_eq(rc, -UNXZ_ENOTXZ);
        else if (i < 12 * 8)
            ck_assert(rc == -UNXZ_EHEADER || rc == -UNXZ_ECHECKTYPE);
        else if (i >= (z.n - 12) * 8)
            ck_assert_int_eq(rc, -UNXZ_EFOOTER);
    }
    ck_assert_uint_gt(seen[UNXZ_EDATA] + seen[UNXZ_ECHECK], 0);
    ck_assert_uint_gt(seen[UNXZ_EINDEX], 0);
    if (crc)
        ck_assert_uint_gt(seen[UNXZ_ECHECK], 0);
    free(in), free(out), free(z.p), free(d.p);
}

START_TEST(every_bit_flip)
{
    flip_all("--x86 --lzma2 --block-size=1500 --check=crc64", true);
    flip_all("--block-size=1000 --check=crc32", true);
}
END_TEST

/* Debian's kernel as shipped: the setup header (Documentation/x86/boot.rst)
 * gives setup_sects at 0x1f1, payload_offset at 0x248 and payload_length at
 * 0x24c, from the protected-mode code at (setup_sects + 1) * 512. Linux
 * appends the uncompressed size (le32) after the stream. */
START_TEST(debian_kernel)
{
    const char *path = LINUX_FIXTURE_DIR "/vmlinuz";
    struct blob k, payload, ref;
    uint32_t off, len, size;
    struct unxz_result res;
    struct timespec t0, t1;
    size_t pm;
    uint8_t *out;
    int rc;

    if (access(path, R_OK)) {
        printf("unxz debian_kernel: SKIP, no %s (make -C fixtures builds it)\n", path);
        return;
    }
    k = blob_read(path);
    pm = ((size_t)(k.p[0x1f1] ? k.p[0x1f1] : 4) + 1) * 512;
    memcpy(&off, k.p + 0x248, 4);
    memcpy(&len, k.p + 0x24c, 4);
    ck_assert_uint_le(pm + off + len, k.n);
    payload = blob_copy(k.p + pm + off, len);
    memcpy(&size, payload.p + len - 4, 4);
    out = malloc(size);

    clock_gettime(CLOCK_MONOTONIC, &t0);
    rc = unxz(payload.p, payload.n, out, size, work, UNXZ_SINGLE_STREAM, &res);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    ck_assert_msg(rc == 0, "unxz: %s", unxz_strerror(rc));
    printf("unxz debian_kernel: %u -> %zu bytes in %.3f s (ASan/UBSan build)\n", len,
           res.out_len, (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9);
    ck_assert_uint_eq(res.out_len, size);
    ck_assert_uint_eq(res.in_used, len - 4);

    ref = blob_tool("xz", "--single-stream -dc", payload.p, payload.n);
    ck_assert_uint_eq(ref.n, size);
    ck_assert(memcmp(ref.p, out, size) == 0);
    free(ref.p), free(out), free(payload.p), free(k.p);
}
END_TEST

Suite *unxz_suite(void)
{
    Suite *s = suite_create("unxz");
    TCase *tc = tcase_create("xz");

    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, sizes_and_checks);
    tcase_add_test(tc, lzma_options);
    tcase_add_test(tc, x86_filter);
    tcase_add_test(tc, blocks_streams_padding);
    tcase_add_test(tc, unsupported);
    tcase_add_test(tc, arguments_and_strings);
    tcase_add_test(tc, every_truncation);
    tcase_add_test(tc, every_bit_flip);
    tcase_add_test(tc, debian_kernel);
    suite_add_tcase(s, tc);
    return s;
}

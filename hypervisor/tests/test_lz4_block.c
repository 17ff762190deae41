/* The LZ4 decoder (common/lz4/) on blocks written byte by byte, one rule
 * of the block format (lz4_Block_format.md) at a time: literal runs and
 * their long lengths, matches overlapping their own output, offsets 0 or
 * before the block's start, lengths running past the block, a block ending
 * in a match, no room, the 8 MiB of a legacy block, arguments; each with
 * the error it deserves and the whole output compared. Inputs are exactly
 * sized heap copies, so ASan sees any access outside them. */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include "suites.h"
#include "blob.h"
#include <xen/unlz4.h>
#include <public/errno.h>

static const uint8_t magic[4] = { 0x02, 0x21, 0x4c, 0x18 };

static void append32(struct blob *a, uint32_t v)
{
    uint8_t le[4] = { v, v >> 8, v >> 16, v >> 24 };

    blob_append(a, le, 4);
}

/* A stream of one block made of the given bytes. */
static struct blob one_block(const void *block, size_t n)
{
    struct blob z = { NULL, 0 };

    blob_append(&z, magic, 4);
    append32(&z, n);
    blob_append(&z, block, n);
    return z;
}

/* Decodes a hand-made block into exactly out_max bytes of room: the result
 * code, and the output in *got (caller frees). */
static int decode_block(const void *block, size_t n, size_t out_max, struct blob *got)
{
    struct blob z = one_block(block, n);
    uint8_t *in = malloc(z.n);
    struct unlz4_result res;
    int rc;

    memcpy(in, z.p, z.n);
    got->p = malloc(out_max ? out_max : 1);
    rc = unlz4(in, z.n, got->p, out_max, &res);
    got->n = res.out_len;
    ck_assert_uint_le(res.out_len, out_max);
    free(in), free(z.p);
    return rc;
}

static void expect_block(const void *block, size_t n, const char *want, size_t want_n)
{
    struct blob got;
    int rc = decode_block(block, n, want_n, &got);

    ck_assert_msg(rc == 0, "unlz4: %s", unlz4_strerror(rc));
    ck_assert_uint_eq(got.n, want_n);
    ck_assert(memcmp(got.p, want, want_n) == 0);
    free(got.p);
}

static void expect_error(const void *block, size_t n, size_t out_max, int err)
{
    struct blob got;
    int rc = decode_block(block, n, out_max, &got);

    ck_assert_msg(rc == err, "got '%s', want '%s'", unlz4_strerror(rc), unlz4_strerror(err));
    free(got.p);
}

START_TEST(literal_only)
{
    static const uint8_t hello[] = { 0x50, 'h', 'e', 'l', 'l', 'o' }, empty[] = { 0x00 };
    uint8_t lng[3 + 280];
    char want[280];

    expect_block(hello, sizeof(hello), "hello", 5);
    expect_block(empty, sizeof(empty), "", 0);
    /* 280 literals: 15 in the token, then 255 and 10. */
    lng[0] = 0xf0, lng[1] = 255, lng[2] = 10;
    for (int i = 0; i < 280; i++)
        want[i] = lng[3 + i] = 'a' + i % 26;
    expect_block(lng, sizeof(lng), want, 280);
    /* Exactly 15 literals still take one extra byte, of 0. */
    lng[1] = 0;
    memmove(lng + 2, lng + 3, 15);
    expect_block(lng, 2 + 15, want, 15);
}
END_TEST

START_TEST(overlapping_matches)
{
    /* "ab", then 12 bytes from 2 back: the match reads its own output. */
    static const uint8_t run2[] = { 0x28, 'a', 'b', 2, 0, 0x10, '!' };
    /* "xyz", 7 from 3 back, then "." */
    static const uint8_t run3[] = { 0x33, 'x', 'y', 'z', 3, 0, 0x10, '.' };
    /* One byte, then 4 + 15 + 255 + 1 = 275 copies of it from 1 back. */
    static const uint8_t run1[] = { 0x1f, 'z', 1, 0, 255, 1, 0x00 };
    /* Not overlapping: "abcdefgh" then 4 from 8 back, then "!". */
    static const uint8_t far[] = { 0x80, 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 8, 0, 0x10, '!' };
    char want[276];

    expect_block(run2, sizeof(run2), "ababababababab!", 15);
    expect_block(run3, sizeof(run3), "xyzxyzxyzx.", 11);
    memset(want, 'z', 276);
    expect_block(run1, sizeof(run1), want, 276);
    expect_block(far, sizeof(far), "abcdefghabcd!", 13);
}
END_TEST

START_TEST(bad_blocks)
{
    static const uint8_t off0[] = { 0x10, 'a', 0, 0, 0x00 };
    static const uint8_t before[] = { 0x10, 'a', 2, 0, 0x00 };
    static const uint8_t lit_past[] = { 0x50, 'h', 'e', 'l', 'l' };
    static const uint8_t lit_len_past[] = { 0xf0, 255, 255 };
    static const uint8_t ends_in_match[] = { 0x20, 'a', 'b', 2, 0 };
    static const uint8_t half_offset[] = { 0x20, 'a', 'b', 2 };
    static const uint8_t match_len_past[] = { 0x2f, 'a', 'b', 2, 0, 255 };
    static const uint8_t run2[] = { 0x28, 'a', 'b', 2, 0, 0x10, '!' };

    expect_error(off0, sizeof(off0), 64, -UNLZ4_EOFFSET);
    expect_error(before, sizeof(before), 64, -UNLZ4_EOFFSET);
    expect_error(lit_past, sizeof(lit_past), 64, -UNLZ4_EDATA);
    expect_error(lit_len_past, sizeof(lit_len_past), 64, -UNLZ4_EDATA);
    expect_error(ends_in_match, sizeof(ends_in_match), 64, -UNLZ4_EDATA);
    expect_error(half_offset, sizeof(half_offset), 64, -UNLZ4_EDATA);
    expect_error(match_len_past, sizeof(match_len_past), 64, -UNLZ4_EDATA);
    expect_error(off0, 0, 64, -UNLZ4_EBLOCKSIZE);
    /* No room: for the literals, for the match, for the last literal. */
    expect_error(run2, sizeof(run2), 1, -UNLZ4_ENOSPC);
    expect_error(run2, sizeof(run2), 13, -UNLZ4_ENOSPC);
    expect_error(run2, sizeof(run2), 14, -UNLZ4_ENOSPC);
    expect_error(run2, sizeof(run2), 0, -UNLZ4_ENOSPC);
}
END_TEST

/* Legacy blocks are independent: a match may not reach into the block
 * before, though those bytes are in the output buffer. */
START_TEST(blocks_are_independent)
{
    static const uint8_t b1[] = { 0x40, 'a', 'b', 'c', 'd' }, b2[] = { 0x10, 'e', 5, 0, 0x00 };
    static const uint8_t b2_own[] = { 0x10, 'e', 1, 0, 0x00 };
    struct blob z = one_block(b1, sizeof(b1)), z2 = { NULL, 0 };
    uint8_t out[64];
    struct unlz4_result res;

    blob_append(&z2, z.p, z.n);
    append32(&z, sizeof(b2)), blob_append(&z, b2, sizeof(b2));
    ck_assert_int_eq(unlz4(z.p, z.n, out, sizeof(out), &res), -UNLZ4_EOFFSET);
    ck_assert_uint_eq(res.out_len, 5);
    ck_assert_uint_eq(res.in_used, 4 + 4 + sizeof(b1));
    append32(&z2, sizeof(b2_own)), blob_append(&z2, b2_own, sizeof(b2_own));
    ck_assert_int_eq(unlz4(z2.p, z2.n, out, sizeof(out), &res), 0);
    ck_assert_uint_eq(res.out_len, 9);
    ck_assert(memcmp(out, "abcdeeeee", 9) == 0);
    free(z.p), free(z2.p);
}
END_TEST

/* A block may not decode to more than 8 MiB, whatever the room. */
START_TEST(block_size_limits)
{
    /* 1 literal, then a match of 4 + 15 + 255 * k + r from 1 back. */
    size_t want = UNLZ4_LEGACY_BLOCK_MAX + 1, mlen = want - 1 - 4 - 15;
    size_t k = mlen / 255, n = 0;
    uint8_t *blk = malloc(k + 16);
    struct blob z;
    uint8_t *out = malloc(want + 100);

    blk[n++] = 0x1f, blk[n++] = 'q', blk[n++] = 1, blk[n++] = 0;
    for (size_t i = 0; i < k; i++)
        blk[n++] = 255;
    blk[n++] = mlen - 255 * k;
    blk[n++] = 0x00;
    expect_error(blk, n, want + 100, -UNLZ4_EBLOCKSIZE);
    expect_error(blk, n, want - 1, -UNLZ4_ENOSPC);
    blk[n - 2]--;                               /* exactly 8 MiB */
    z = one_block(blk, n);
    ck_assert_int_eq(unlz4(z.p, z.n, out, want + 100, NULL), 0);
    ck_assert(out[0] == 'q' && out[want - 2] == 'q');
    free(z.p);
    /* Compressed sizes beyond LZ4's bound for 8 MiB, like another format's magic. */
    z = one_block(blk, 0);
    z.n = 4;
    append32(&z, 0x184d2204);                   /* the modern frame's magic */
    ck_assert_int_eq(unlz4(z.p, z.n, out, want, NULL), -UNLZ4_EBLOCKSIZE);
    z.n = 4;
    append32(&z, UNLZ4_LEGACY_BLOCK_MAX + UNLZ4_LEGACY_BLOCK_MAX / 255 + 17);
    ck_assert_int_eq(unlz4(z.p, z.n, out, want, NULL), -UNLZ4_EBLOCKSIZE);
    free(z.p), free(blk), free(out);
}
END_TEST

START_TEST(arguments_and_strings)
{
    uint8_t out[16];
    struct unlz4_result res;

    ck_assert_int_eq(unlz4(NULL, 4, out, sizeof(out), NULL), -UNLZ4_EINVAL);
    ck_assert_int_eq(unlz4(magic, 4, NULL, 1, NULL), -UNLZ4_EINVAL);
    ck_assert_int_eq(unlz4(magic, 4, NULL, 0, &res), 0);
    ck_assert_uint_eq(res.out_len, 0);
    ck_assert_uint_eq(res.in_used, 4);
    ck_assert_int_eq(unlz4(magic, 0, out, sizeof(out), NULL), -UNLZ4_ETRUNCATED);
    ck_assert_int_eq(unlz4(magic, 2, out, sizeof(out), NULL), -UNLZ4_ETRUNCATED);
    ck_assert_int_eq(unlz4("\x02\x21\x4d", 3, out, sizeof(out), NULL), -UNLZ4_ENOTLZ4);
    ck_assert_int_eq(unlz4("\x04\x22\x4d\x18", 4, out, sizeof(out), NULL), -UNLZ4_ENOTLZ4);
    ck_assert_int_eq(unlz4("\xfd" "7zXZ", 5, out, sizeof(out), NULL), -UNLZ4_ENOTLZ4);
    /* One distinct message per code. */
    for (int a = 0; a < UNLZ4_NR_ERRORS; a++) {
        ck_assert_str_ne(unlz4_strerror(-a), "unknown error");
        for (int b = 0; b < a; b++)
            ck_assert_str_ne(unlz4_strerror(-a), unlz4_strerror(-b));
    }
    ck_assert_str_eq(unlz4_strerror(-UNLZ4_NR_ERRORS), "unknown error");
    ck_assert_str_eq(unlz4_strerror(1), "unknown error");
    ck_assert_int_eq(unlz4_errno(0), 0);
    ck_assert_int_eq(unlz4_errno(-UNLZ4_ENOSPC), -XEN_ENOSPC);
    ck_assert_int_eq(unlz4_errno(-UNLZ4_EOFFSET), -XEN_EINVAL);
}
END_TEST

Suite *lz4_block_suite(void)
{
    Suite *s = suite_create("lz4_block");
    TCase *tc = tcase_create("block");

    tcase_add_test(tc, literal_only);
    tcase_add_test(tc, overlapping_matches);
    tcase_add_test(tc, bad_blocks);
    tcase_add_test(tc, blocks_are_independent);
    tcase_add_test(tc, block_size_limits);
    tcase_add_test(tc, arguments_and_strings);
    suite_add_tcase(s, tc);
    return s;
}

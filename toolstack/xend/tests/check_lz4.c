/* bzImages with Linux's legacy LZ4 payload: a stream made by the lz4 CLI
 * (`lz4 -l`, as Linux's build runs it) at test build time, its blocks
 * corrupted one way at a time, and Debian's cloud kernel. */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check_xend.h"
#include "pvh_elf.h"
#include "pvh_kernel.h"
#include "pvh_unlz4.h"

static uint8_t *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    uint8_t *buf;
    long n;

    ck_assert_msg(f != NULL, "cannot open %s", path);
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    rewind(f);
    buf = malloc((size_t)n + 1);
    ck_assert_ptr_nonnull(buf);
    ck_assert_uint_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    *len = (size_t)n;
    return buf;
}

static void put32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v, p[1] = (uint8_t)(v >> 8), p[2] = (uint8_t)(v >> 16), p[3] = (uint8_t)(v >> 24);
}

static uint32_t get32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* The stream behind a boot-protocol 2.15 setup header (Documentation/
 * x86/boot.rst: setup_sects, boot flag, "HdrS", payload offset/length)
 * and followed by the size trailer vmlinux_len. */
static uint8_t *wrap(const uint8_t *stream, size_t slen, uint32_t vmlinux_len, size_t *out_len)
{
    uint8_t *b = calloc(1, 1024 + slen + 4);

    ck_assert_ptr_nonnull(b);
    b[0x1f1] = 1;
    b[0x1fe] = 0x55, b[0x1ff] = 0xaa;
    memcpy(b + 0x202, "HdrS", 4);
    b[0x206] = 0x0f, b[0x207] = 0x02;
    put32(b + 0x24c, (uint32_t)slen + 4);
    memcpy(b + 1024, stream, slen);
    put32(b + 1024 + slen, vmlinux_len);
    *out_len = 1024 + slen + 4;
    return b;
}

static int unpack(const uint8_t *stream, size_t slen, uint32_t vlen, struct pvh_kernel *k,
                  char *why, size_t n)
{
    size_t len;
    uint8_t *bz = wrap(stream, slen, vlen, &len);
    int rc = pvh_kernel_unpack(bz, len, 64u << 20, k, why, n);

    free(bz);
    return rc;
}

/* The Makefile's input to `lz4 -l`: the text of `seq 1 N`, cut to
 * LZ4_PLAIN_LEN bytes (over 8 MiB, so two blocks). */
static uint8_t *plain_text(void)
{
    uint8_t *p = malloc(LZ4_PLAIN_LEN + 16);
    size_t at = 0;

    ck_assert_ptr_nonnull(p);
    for (unsigned i = 1; at < LZ4_PLAIN_LEN; i++)
        at += (size_t)sprintf((char *)p + at, "%u\n", i);
    return p;
}

START_TEST(test_lz4_cli_stream)
{
    size_t slen, b1, b2;
    uint8_t *s = slurp(LZ4_LEGACY_FILE, &slen), *plain = plain_text(), *t;
    struct pvh_kernel k;
    char why[160] = "";
    const uint32_t vlen = LZ4_PLAIN_LEN;

    /* The CLI's layout: magic, an 8 MiB block, the rest. */
    ck_assert_uint_eq(get32(s), PVH_LZ4_LEGACY_MAGIC);
    b1 = get32(s + 4);
    ck_assert_uint_lt(8 + b1 + 4, slen);
    b2 = get32(s + 8 + b1);
    ck_assert_uint_eq(8 + b1 + 4 + b2, slen);

    ck_assert_int_eq(unpack(s, slen, vlen, &k, why, sizeof(why)), 0);
    ck_assert_uint_eq(k.len, vlen);
    ck_assert_mem_eq(k.elf, plain, vlen);
    ck_assert_ptr_nonnull(strstr(k.what, ", lz4 "));
    pvh_kernel_free(&k);

    /* The size trailer disagrees with the stream, either way. */
    ck_assert_int_eq(unpack(s, slen, vlen + 1, &k, why, sizeof(why)), -EINVAL);
    ck_assert_ptr_nonnull(strstr(why, "lz4 payload: shorter"));
    ck_assert_ptr_null(k.owned);
    ck_assert_int_eq(unpack(s, slen, vlen - 1, &k, why, sizeof(why)), -EINVAL);
    ck_assert_ptr_nonnull(strstr(why, "longer"));
    /* Over the caller's limit before anything is decoded. */
    {
        size_t len;
        uint8_t *bz = wrap(s, slen, vlen, &len);
        ck_assert_int_eq(pvh_kernel_unpack(bz, len, vlen - 1, &k, why, sizeof(why)), -E2BIG);
        free(bz);
    }
    /* Truncated: inside the last block, inside a block size. */
    ck_assert_int_eq(unpack(s, slen - 3, vlen, &k, why, sizeof(why)), -EINVAL);
    ck_assert_ptr_nonnull(strstr(why, "truncated block"));
    ck_assert_int_eq(unpack(s, 8 + b1 + 2, vlen, &k, why, sizeof(why)), -EINVAL);
    ck_assert_ptr_nonnull(strstr(why, "truncated block size"));
    /* Only the first block: shorter than the trailer. */
    ck_assert_int_eq(unpack(s, 8 + b1, vlen, &k, why, sizeof(why)), -EINVAL);
    ck_assert_ptr_nonnull(strstr(why, "shorter"));

    t = malloc(slen + 4);
    ck_assert_ptr_nonnull(t);
    /* A block size over LZ4's bound for 8 MiB, and a zero one. */
    memcpy(t, s, slen);
    put32(t + 4, 0x7fffffff);
    ck_assert_int_eq(unpack(t, slen, vlen, &k, why, sizeof(why)), -EINVAL);
    ck_assert_ptr_nonnull(strstr(why, "bounds"));
    put32(t + 4, 0);
    ck_assert_int_eq(unpack(t, slen, vlen, &k, why, sizeof(why)), -EINVAL);
    /* A corrupt block: its first token claims a literal run past the end. */
    memcpy(t, s, slen);
    t[8] = 0xff, t[9] = 0xff, t[10] = 0xff;
    ck_assert_int_eq(unpack(t, slen, vlen, &k, why, sizeof(why)), -EINVAL);
    ck_assert_ptr_nonnull(strstr(why, "corrupt block"));
    ck_assert_ptr_null(k.owned);
    /* The magic between blocks (a concatenation) is skipped, as Linux does. */
    memcpy(t, s, 8 + b1);
    put32(t + 8 + b1, PVH_LZ4_LEGACY_MAGIC);
    memcpy(t + 8 + b1 + 4, s + 8 + b1, slen - 8 - b1);
    ck_assert_int_eq(unpack(t, slen + 4, vlen, &k, why, sizeof(why)), 0);
    ck_assert_mem_eq(k.elf, plain, vlen);
    pvh_kernel_free(&k);
    free(t);

    free(plain);
    free(s);
}
END_TEST

/* Debian's cloud kernel, the guide's domU kernel in the fixtures: its
 * payload is legacy LZ4 and holds an ELF with a PVH entry note. */
START_TEST(test_kernel_debian_cloud)
{
    const char *path = LINUX_FIXTURE_DIR "/vmlinuz-cloud";
    struct pvh_kernel k;
    struct pvh_image img;
    char why[160] = "";
    size_t n;
    uint8_t *buf;

    if (access(path, R_OK)) {
        printf("xend test_kernel_debian_cloud: SKIP, no %s (make -C fixtures builds it)\n", path);
        return;
    }
    buf = slurp(path, &n);
    ck_assert_msg(pvh_kernel_unpack(buf, n, 256u << 20, &k, why, sizeof(why)) == 0, "%s", why);
    ck_assert_ptr_nonnull(strstr(k.what, ", lz4 "));
    ck_assert_int_eq(pvh_elf_parse(k.elf, k.len, &img, why, sizeof(why)), 0);
    ck_assert_uint_ne(img.phys_entry, 0);
    pvh_kernel_free(&k);
    free(buf);
}
END_TEST

TCase *lz4_tcase(void)
{
    TCase *t = tcase_create("lz4");

    tcase_set_timeout(t, 60);
    tcase_add_test(t, test_lz4_cli_stream);
    tcase_add_test(t, test_kernel_debian_cloud);
    return t;
}

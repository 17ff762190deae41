/* The bzImage setup header: where the payload is, what compressed it and
 * what it decompresses to; every inconsistent header refused. */
#include <check.h>
#include <string.h>
#include "suites.h"
#include <asm/bzimage.h>

static uint8_t img[8192];

static void wr16(size_t off, uint16_t v) { memcpy(img + off, &v, 2); }
static void wr32(size_t off, uint32_t v) { memcpy(img + off, &v, 4); }

/* A bzImage of protocol 2.15 whose 2 setup sectors are followed by 512
 * bytes of decompressor, then an XZ payload of plen bytes (the trailer,
 * vmlinux_len, included) at payload_offset 512. */
static size_t make(unsigned int setup_sects, uint32_t plen, uint32_t vmlinux_len)
{
    size_t pm = ((setup_sects ? setup_sects : 4) + 1) * 512, end = pm + 512 + plen;

    memset(img, 0, sizeof(img));
    img[0x1f1] = (uint8_t)setup_sects;
    wr16(0x1fe, 0xaa55);
    memcpy(img + 0x202, "HdrS", 4);
    wr16(0x206, 0x20f);
    wr32(0x248, 512);
    wr32(0x24c, plen);
    memcpy(img + pm + 512, "\xfd" "7zXZ\0", 6);
    wr32(end - 4, vmlinux_len);
    return end;
}

START_TEST(finds_the_payload)
{
    struct bzimage_info bi;
    const char *err = NULL;
    size_t len = make(2, 100, 0x1234567);

    ck_assert(bzimage_is(img, len));
    ck_assert_int_eq(bzimage_parse(img, len, &bi, &err), 0);
    ck_assert_uint_eq(bi.version, 0x20f);
    ck_assert_ptr_eq(bi.payload, img + 3 * 512 + 512);
    ck_assert_uint_eq(bi.payload_len, 96);
    ck_assert_uint_eq(bi.vmlinux_len, 0x1234567);
    ck_assert_int_eq(bi.compression, BZIMAGE_XZ);
    ck_assert_str_eq(bzimage_compression_name(bi.compression), "xz");

    /* setup_sects 0 means 4 (the oldest loaders' rule). */
    len = make(0, 100, 7);
    ck_assert_int_eq(bzimage_parse(img, len, &bi, &err), 0);
    ck_assert_ptr_eq(bi.payload, img + 5 * 512 + 512);

    /* The compressor is read from the stream's magic. */
    memcpy((uint8_t *)bi.payload, "\x1f\x8b", 2);
    ck_assert_int_eq(bzimage_parse(img, len, &bi, &err), 0);
    ck_assert_int_eq(bi.compression, BZIMAGE_GZIP);
    memcpy((uint8_t *)bi.payload, "\x28\xb5\x2f\xfd", 4);
    ck_assert_int_eq(bzimage_parse(img, len, &bi, &err), 0);
    ck_assert_str_eq(bzimage_compression_name(bi.compression), "zstd");
    memcpy((uint8_t *)bi.payload, "\x02\x21\x4c\x18", 4);    /* lz4 -l: the cloud kernel */
    ck_assert_int_eq(bzimage_parse(img, len, &bi, &err), 0);
    ck_assert_int_eq(bi.compression, BZIMAGE_LZ4);
    ck_assert_str_eq(bzimage_compression_name(bi.compression), "lz4");
    memcpy((uint8_t *)bi.payload, "junk", 4);
    ck_assert_int_eq(bzimage_parse(img, len, &bi, &err), 0);
    ck_assert_int_eq(bi.compression, BZIMAGE_UNKNOWN);
}
END_TEST

START_TEST(refuses_bad_headers)
{
    struct bzimage_info bi;
    const char *err;
    size_t len;

#define REFUSED(n, what) do { \
        err = NULL; \
        ck_assert_int_eq(bzimage_parse(img, (n), &bi, &err), -1); \
        ck_assert_msg(err && strstr(err, what), "%s", err ? err : "(no error)"); \
    } while (0)

    len = make(2, 100, 1);
    REFUSED(0x24f, "not a bzImage");              /* shorter than the header */
    REFUSED(len - 1, "outside the image");        /* truncated */
    img[0x202] = 'X';
    REFUSED(len, "not a bzImage");
    len = make(2, 100, 1);
    wr16(0x1fe, 0);
    REFUSED(len, "not a bzImage");
    len = make(2, 100, 1);
    wr16(0x206, 0x207);
    REFUSED(len, "older than 2.08");
    len = make(2, 100, 1);
    wr32(0x248, 0xfffffff0);                      /* offset past the end */
    REFUSED(len, "outside the image");
    len = make(2, 100, 1);
    wr32(0x24c, 0xffffffff);                      /* length past the end */
    REFUSED(len, "outside the image");
    len = make(2, 100, 1);
    img[0x1f1] = 255;                             /* setup larger than the file */
    REFUSED(len, "outside the image");
    len = make(2, 4, 1);
    REFUSED(len, "too short");
    len = make(2, 100, 0);
    REFUSED(len, "decompresses to nothing");
    ck_assert(!bzimage_is(img, 0x24f));
#undef REFUSED
}
END_TEST

Suite *bzimage_suite(void)
{
    Suite *s = suite_create("bzimage");
    TCase *tc = tcase_create("core");

    tcase_add_test(tc, finds_the_payload);
    tcase_add_test(tc, refuses_bad_headers);
    suite_add_tcase(s, tc);
    return s;
}

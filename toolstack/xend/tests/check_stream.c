/* The save and migration stream (src/save_stream.c): a stream written and
 * read back whole; every truncation and every damaged bit refused before
 * the end record; records out of place, over their limits or malformed
 * refused with their reason. */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "check_xend.h"
#include "save_stream.h"

struct mem {
    uint8_t *buf;
    size_t len, cap, at;
    size_t biggest_read;
};

static int mem_write(void *ctx, const void *buf, size_t len)
{
    struct mem *m = ctx;

    if (m->len + len > m->cap) {
        m->cap = (m->len + len) * 2;
        m->buf = realloc(m->buf, m->cap);
        ck_assert_ptr_nonnull(m->buf);
    }
    memcpy(m->buf + m->len, buf, len);
    m->len += len;
    return 0;
}

static int mem_read(void *ctx, void *buf, size_t len)
{
    struct mem *m = ctx;

    if (len > m->biggest_read)
        m->biggest_read = len;
    if (len > m->len - m->at)
        return -EPIPE;
    memcpy(buf, m->buf + m->at, len);
    m->at += len;
    return 0;
}

static const char CONFIG[] = "(vm (name domu1) (memory 64) (vcpus 2))";
static const char CONTEXT[] = "an HVM context blob, opaque to the stream";

/* Writes the stream every test starts from into m: 3 pages (data, zero,
 * data) and one of each other record. */
static void write_sample(struct mem *m)
{
    struct ss_writer w = { mem_write, m, 0 };
    struct ss_header h = { SS_VERSION, SS_DOMAIN_PVH, 2, SS_PAGE_SHIFT, 0x10000, 66560,
                           { 0x12, [15] = 0x34 }, CONFIG, sizeof(CONFIG) - 1 };
    uint64_t pfn[3] = { 0x10, 0x11 | (uint64_t)SS_PAGE_ZERO << 60, 0xfeff };
    static uint8_t data[2][SS_PAGE_SIZE];
    struct ss_param p[2] = { { 1, 0xfeffc }, { 2, 3 } };
    struct ss_tsc_info t = { 0, 2000000, 123456789, 1 };
    const char *path[2] = { "data/counter", "memory/target" };
    const char *value[2] = { "41", "65536" };
    uint32_t vlen[2] = { 2, 5 };

    memset(data[0], 0xa5, SS_PAGE_SIZE);
    memset(data[1], 0x5a, SS_PAGE_SIZE);
    memset(m, 0, sizeof(*m));
    ck_assert_int_eq(ss_write_magic(&w), 0);
    ck_assert_int_eq(ss_write_header(&w, &h), 0);
    ck_assert_int_eq(ss_write_pages(&w, pfn, 3, data), 0);
    ck_assert_int_eq(ss_write_record(&w, SS_HVM_CONTEXT, CONTEXT, sizeof(CONTEXT)), 0);
    ck_assert_int_eq(ss_write_params(&w, p, 2), 0);
    ck_assert_int_eq(ss_write_tsc_info(&w, &t), 0);
    ck_assert_int_eq(ss_write_xenstore(&w, path, value, vlen, 2), 0);
    ck_assert_int_eq(ss_write_end(&w), 0);
    ck_assert_uint_eq(w.bytes, m->len);
    ck_assert_uint_eq(m->len % 8, 0);
}

/* Reads m to its end: 0, or the first refusal (-errno). */
static int read_all(struct mem *m, char *why)
{
    struct ss_reader r;
    struct ss_record rec;
    int rc;

    m->at = 0;
    ss_reader_init(&r, mem_read, m);
    if (!(rc = ss_read_magic(&r)))
        while ((rc = ss_read_record(&r, &rec)) == 1)
            ;
    if (why)
        strcpy(why, r.why);
    ss_reader_free(&r);
    return rc;
}

START_TEST(test_round_trip)
{
    struct mem m;
    struct ss_reader r;
    struct ss_record rec;
    struct ss_header h;
    struct ss_param p[4];
    struct ss_tsc_info t;
    const uint8_t *pfns, *data;
    const char *path, *value;
    uint32_t n, off = 0, plen, vlen;
    char why[160];

    write_sample(&m);
    ss_reader_init(&r, mem_read, &m);
    ck_assert_int_eq(ss_read_magic(&r), 0);

    ck_assert_int_eq(ss_read_record(&r, &rec), 1);
    ck_assert_int_eq(ss_parse_header(&rec, &h, why), 0);
    ck_assert_uint_eq(h.max_vcpus, 2);
    ck_assert_uint_eq(h.max_pfn, 0x10000);
    ck_assert_uint_eq(h.max_mem_kb, 66560);
    ck_assert(h.uuid[0] == 0x12 && h.uuid[15] == 0x34);
    ck_assert_uint_eq(h.config_len, strlen(CONFIG));
    ck_assert(!memcmp(h.config, CONFIG, h.config_len));

    ck_assert_int_eq(ss_read_record(&r, &rec), 1);
    ck_assert_int_eq(ss_parse_pages(&rec, r.max_pfn, &n, &pfns, &data, why), 0);
    ck_assert_uint_eq(n, 3);
    ck_assert_uint_eq(ss_pfn_at(pfns, 0), 0x10);
    ck_assert_uint_eq(SS_PAGE_KIND(ss_pfn_at(pfns, 1)), SS_PAGE_ZERO);
    ck_assert_uint_eq(ss_pfn_at(pfns, 1) & SS_PFN_MASK, 0x11);
    ck_assert_uint_eq(ss_pfn_at(pfns, 2), 0xfeff);
    ck_assert_uint_eq(data[0], 0xa5);
    ck_assert_uint_eq(data[SS_PAGE_SIZE - 1], 0xa5);
    ck_assert_uint_eq(data[SS_PAGE_SIZE], 0x5a);
    ck_assert_uint_eq(rec.len, 8 + 3 * 8 + 2 * SS_PAGE_SIZE);

    ck_assert_int_eq(ss_read_record(&r, &rec), 1);
    ck_assert_uint_eq(rec.type, SS_HVM_CONTEXT);
    ck_assert_uint_eq(rec.len, sizeof(CONTEXT));
    ck_assert_str_eq((const char *)rec.body, CONTEXT);

    ck_assert_int_eq(ss_read_record(&r, &rec), 1);
    ck_assert_int_eq(ss_parse_params(&rec, p, 4, &n, why), 0);
    ck_assert_uint_eq(n, 2);
    ck_assert_uint_eq(p[0].index, 1);
    ck_assert_uint_eq(p[0].value, 0xfeffc);
    ck_assert_uint_eq(p[1].value, 3);
    ck_assert_int_eq(ss_parse_params(&rec, p, 1, &n, why), -EINVAL);
    ck_assert_ptr_nonnull(strstr(why, "at most 1"));

    ck_assert_int_eq(ss_read_record(&r, &rec), 1);
    ck_assert_int_eq(ss_parse_tsc_info(&rec, &t, why), 0);
    ck_assert_uint_eq(t.khz, 2000000);
    ck_assert_uint_eq(t.nsec, 123456789);
    ck_assert_uint_eq(t.incarnation, 1);

    ck_assert_int_eq(ss_read_record(&r, &rec), 1);
    ck_assert_int_eq(ss_next_xenstore(&rec, &off, &path, &plen, &value, &vlen, why), 1);
    ck_assert(plen == 12 && !memcmp(path, "data/counter", 12));
    ck_assert(vlen == 2 && !memcmp(value, "41", 2));
    ck_assert_int_eq(ss_next_xenstore(&rec, &off, &path, &plen, &value, &vlen, why), 1);
    ck_assert(plen == 13 && !memcmp(path, "memory/target", 13));
    ck_assert_int_eq(ss_next_xenstore(&rec, &off, &path, &plen, &value, &vlen, why), 0);

    ck_assert_int_eq(ss_read_record(&r, &rec), 0);
    ck_assert(r.seen_end);
    ck_assert_uint_eq(r.records, 7);
    ck_assert_uint_eq(r.bytes, m.len);
    /* Nothing is read after the end. */
    ck_assert_int_eq(ss_read_record(&r, &rec), 0);
    ck_assert_uint_eq(m.at, m.len);
    ss_reader_free(&r);
    free(m.buf);
}
END_TEST

START_TEST(test_every_truncation)
{
    struct mem m;
    size_t full;
    char why[160];

    write_sample(&m);
    full = m.len;
    for (size_t len = 0; len < full; len++) {
        m.len = len;
        ck_assert_int_eq(read_all(&m, why), -EPIPE);
        ck_assert_msg(strstr(why, "the stream ends inside"), "%zu: %s", len, why);
    }
    m.len = full;
    ck_assert_int_eq(read_all(&m, NULL), 0);
    free(m.buf);
}
END_TEST

/* Every bit of the frames, header and small records, and every 61st bit
 * of the page data: never read through to the end. */
START_TEST(test_every_bit_flip)
{
    struct mem m;
    size_t pages_from, pages_to, tested = 0;
    char why[160];

    write_sample(&m);
    pages_from = 8 + 16 + 8 * ((48 + sizeof(CONFIG) - 1 + 7) / 8) + 16 + 8 + 24;
    pages_to = pages_from + 2 * SS_PAGE_SIZE;
    for (size_t bit = 0; bit < m.len * 8; bit++) {
        size_t byte = bit / 8;

        if (byte >= pages_from && byte < pages_to && bit % 61)
            continue;
        m.buf[byte] ^= (uint8_t)(1u << (bit % 8));
        ck_assert_msg(read_all(&m, why) < 0, "bit %zu flipped and the stream was read", bit);
        ck_assert_msg(why[0], "bit %zu: no reason given", bit);
        m.buf[byte] ^= (uint8_t)(1u << (bit % 8));
        tested++;
    }
    ck_assert_uint_gt(tested, 3000);
    free(m.buf);
}
END_TEST

START_TEST(test_order_and_limits)
{
    struct mem m = { 0 };
    struct ss_writer w = { mem_write, &m, 0 };
    struct ss_header h = { SS_VERSION, SS_DOMAIN_PVH, 1, SS_PAGE_SHIFT, 16, 1024, { 0 }, "(vm)", 4 };
    uint8_t frame[16] = { 0 };
    char why[160];

    /* Not a stream. */
    mem_write(&m, "XLABSAV?", 8);
    ck_assert_int_eq(read_all(&m, why), -EINVAL);
    ck_assert_ptr_nonnull(strstr(why, "not a save stream"));

    /* The end before any header. */
    m.len = 0;
    ss_write_magic(&w);
    ss_write_end(&w);
    ck_assert_int_eq(read_all(&m, why), -EINVAL);
    ck_assert_ptr_nonnull(strstr(why, "record 1 is end, not the header"));

    /* Two headers. */
    m.len = 0;
    ss_write_magic(&w);
    ss_write_header(&w, &h);
    ss_write_header(&w, &h);
    ss_write_end(&w);
    ck_assert_int_eq(read_all(&m, why), -EINVAL);
    ck_assert_ptr_nonnull(strstr(why, "record 2: a second header"));

    /* A length over its type's limit: refused from the frame, its body
     * never asked for. */
    m.len = 0;
    ss_write_magic(&w);
    ss_write_header(&w, &h);
    frame[0] = SS_TSC_INFO;
    frame[4] = 25;
    mem_write(&m, frame, sizeof(frame));
    m.biggest_read = 0;
    ck_assert_int_eq(read_all(&m, why), -EINVAL);
    ck_assert_ptr_nonnull(strstr(why, "record 2 (tsc-info): length 25 over its limit 24"));
    ck_assert_uint_le(m.biggest_read, 64);
    m.len -= sizeof(frame);
    frame[0] = 99;
    frame[4] = 0;
    mem_write(&m, frame, sizeof(frame));
    ck_assert_int_eq(read_all(&m, why), -EINVAL);
    ck_assert_ptr_nonnull(strstr(why, "unknown type 99"));
    m.len -= sizeof(frame);
    frame[0] = SS_PAGES;
    frame[4] = 0xff; frame[5] = 0xff; frame[6] = 0xff; frame[7] = 0xff;
    mem_write(&m, frame, sizeof(frame));
    m.biggest_read = 0;
    ck_assert_int_eq(read_all(&m, why), -EINVAL);
    ck_assert_ptr_nonnull(strstr(why, "over its limit"));
    ck_assert_uint_le(m.biggest_read, 64);

    /* Headers this xend does not read. */
    {
        static const struct { struct ss_header h; const char *why; } bad[] = {
            { { 2, SS_DOMAIN_PVH, 1, 12, 16, 1024, { 0 }, "(vm)", 4 }, "stream version 2" },
            { { 1, 7, 1, 12, 16, 1024, { 0 }, "(vm)", 4 }, "domain type 7" },
            { { 1, SS_DOMAIN_PVH, 1, 16, 16, 1024, { 0 }, "(vm)", 4 }, "page shift 16" },
            { { 1, SS_DOMAIN_PVH, 0, 12, 16, 1024, { 0 }, "(vm)", 4 }, "0 vCPUs" },
            { { 1, SS_DOMAIN_PVH, 1, 12, 0, 1024, { 0 }, "(vm)", 4 }, "max PFN" },
            { { 1, SS_DOMAIN_PVH, 1, 12, 16, 0, { 0 }, "(vm)", 4 }, "maximum memory 0 KiB" },
            { { 1, SS_DOMAIN_PVH, 1, 12, 16, 1024, { 0 }, "", 0 }, "no domain config" },
            { { 1, SS_DOMAIN_PVH, 1, 12, 16, 1024, { 0 }, "(v\0m)", 5 }, "a NUL" },
        };

        for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
            m.len = 0;
            ss_write_magic(&w);
            ss_write_header(&w, &bad[i].h);
            ss_write_end(&w);
            ck_assert_int_eq(read_all(&m, why), -EINVAL);
            ck_assert_msg(strstr(why, bad[i].why), "%zu: %s", i, why);
        }
    }
    free(m.buf);
}
END_TEST

/* A body checked by its parser; the record built by hand. */
static struct ss_record record(uint32_t type, const void *body, uint32_t len)
{
    return (struct ss_record){ type, len, body };
}

static void put64le(uint8_t *p, uint64_t v)
{
    for (int i = 0; i < 8; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

START_TEST(test_malformed_bodies)
{
    static uint8_t b[8 + 2 * 8 + SS_PAGE_SIZE];
    const uint8_t *pfns, *data;
    uint32_t n, off, plen, vlen;
    const char *path, *value;
    struct ss_record rec;
    struct ss_param p[2];
    char why[160];

    /* Pages: one of data, one zero. */
    memset(b, 0, sizeof(b));
    b[0] = 2;
    put64le(b + 8, 5);
    put64le(b + 16, 6 | (uint64_t)SS_PAGE_ZERO << 60);
    rec = record(SS_PAGES, b, sizeof(b));
    ck_assert_int_eq(ss_parse_pages(&rec, 7, &n, &pfns, &data, why), 0);
    ck_assert_int_eq(ss_parse_pages(&rec, 6, &n, &pfns, &data, why), -EINVAL);
    ck_assert_ptr_nonnull(strstr(why, "PFN 0x6 beyond the header's max 0x6"));
    rec.len -= 8;
    ck_assert_int_eq(ss_parse_pages(&rec, 7, &n, &pfns, &data, why), -EINVAL);
    ck_assert_ptr_nonnull(strstr(why, "need"));
    rec.len += 8;
    put64le(b + 16, 6 | 2ull << 60);
    ck_assert_int_eq(ss_parse_pages(&rec, 7, &n, &pfns, &data, why), -EINVAL);
    ck_assert_ptr_nonnull(strstr(why, "unknown kind 2"));
    put64le(b + 16, 6 | 1ull << 55);
    ck_assert_int_eq(ss_parse_pages(&rec, 7, &n, &pfns, &data, why), -EINVAL);
    ck_assert_ptr_nonnull(strstr(why, "reserved bits"));
    b[0] = 0;
    ck_assert_int_eq(ss_parse_pages(&rec, 7, &n, &pfns, &data, why), -EINVAL);
    ck_assert_ptr_nonnull(strstr(why, "a batch of 0"));

    /* Params: the count and the length disagree. */
    memset(b, 0, 40);
    b[0] = 2;
    rec = record(SS_HVM_PARAMS, b, 24);
    ck_assert_int_eq(ss_parse_params(&rec, p, 2, &n, why), -EINVAL);
    ck_assert_ptr_nonnull(strstr(why, "24 bytes for 2 pairs"));
    rec.len = 40;
    b[12] = 1;
    ck_assert_int_eq(ss_parse_params(&rec, p, 2, &n, why), -EINVAL);
    ck_assert_ptr_nonnull(strstr(why, "reserved"));

    /* TSC info of the wrong size. */
    rec = record(SS_TSC_INFO, b, 16);
    ck_assert_int_eq(ss_parse_tsc_info(&rec, &(struct ss_tsc_info){ 0 }, why), -EINVAL);

    /* Xenstore: a path that would leave the domain's home, one running
     * past the record, stray bytes. */
    {
        static const struct { const char *bytes; uint32_t len; const char *why; } bad[] = {
            { "\x07\0\0\0\x01\0\0\0/local/x", 16, "not a relative xenstore path" },
            { "\x05\0\0\0\x01\0\0\0../0/x", 14, "not a relative xenstore path" },
            { "\x04\0\0\0\x01\0\0\0a//bx", 13, "not a relative xenstore path" },
            { "\x02\0\0\0\x01\0\0\0a/x", 11, "not a relative xenstore path" },
            { "\x00\0\0\0\x01\0\0\0x", 9, "not a relative xenstore path" },
            { "\x04\0\0\0\x09\0\0\0datax", 13, "runs past the record" },
            { "\x01\0\0\0\x01\0\0\0axyz", 12, "stray bytes" },
        };

        for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
            int rc;

            rec = record(SS_XENSTORE, bad[i].bytes, bad[i].len);
            off = 0;
            while ((rc = ss_next_xenstore(&rec, &off, &path, &plen, &value, &vlen, why)) == 1)
                ;
            ck_assert_int_eq(rc, -EINVAL);
            ck_assert_msg(strstr(why, bad[i].why), "%zu: %s", i, why);
        }
    }
}
END_TEST

TCase *stream_tcase(void)
{
    TCase *tc = tcase_create("save_stream");

    tcase_add_test(tc, test_round_trip);
    tcase_add_test(tc, test_every_truncation);
    tcase_add_test(tc, test_every_bit_flip);
    tcase_add_test(tc, test_order_and_limits);
    tcase_add_test(tc, test_malformed_bodies);
    tcase_set_timeout(tc, 120);
    return tc;
}

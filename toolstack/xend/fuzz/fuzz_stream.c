/* The save stream reader on arbitrary bytes (what `xm restore` and the
 * relocation server take in): every record is read, checked and its body
 * parsed without a crash, a leak or undefined behaviour; every refusal
 * says why; and a stream read to its end writes back to the same bytes
 * (the format has one encoding). */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "save_stream.h"

struct cursor {
    const uint8_t *data;
    size_t size, at;
};

static int cursor_read(void *ctx, void *buf, size_t len)
{
    struct cursor *c = ctx;

    if (len > c->size - c->at)
        return -EPIPE;
    memcpy(buf, c->data + c->at, len);
    c->at += len;
    return 0;
}

static int compare_write(void *ctx, const void *buf, size_t len)
{
    struct cursor *c = ctx;

    if (len > c->size - c->at || memcmp(c->data + c->at, buf, len))
        abort();    /* read back, it writes otherwise */
    c->at += len;
    return 0;
}

static void parse_body(const struct ss_record *rec, uint64_t max_pfn)
{
    char why[160] = "";
    const uint8_t *pfns, *data;
    struct ss_param p[SS_PARAMS_MAX];
    struct ss_tsc_info t;
    const char *path, *value;
    uint32_t n, off = 0, plen, vlen;
    int rc = 0;

    switch (rec->type) {
    case SS_PAGES:
        if (!(rc = ss_parse_pages(rec, max_pfn, &n, &pfns, &data, why)))
            for (uint32_t i = 0; i < n; i++)
                if ((ss_pfn_at(pfns, i) & SS_PFN_MASK) >= max_pfn)
                    abort();
        break;
    case SS_HVM_PARAMS:
        rc = ss_parse_params(rec, p, SS_PARAMS_MAX, &n, why);
        break;
    case SS_TSC_INFO:
        rc = ss_parse_tsc_info(rec, &t, why);
        break;
    case SS_XENSTORE:
        while ((rc = ss_next_xenstore(rec, &off, &path, &plen, &value, &vlen, why)) == 1)
            if (!plen || path[0] == '/')
                abort();
        break;
    }
    if (rc < 0 && !why[0])
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct cursor in = { data, size, 0 }, again = { data, size, 0 };
    struct ss_writer w = { compare_write, &again, 0 };
    struct ss_reader r;
    struct ss_record rec;
    int rc;

    ss_reader_init(&r, cursor_read, &in);
    if (!(rc = ss_read_magic(&r)))
        ss_write_magic(&w);
    while (!rc && (rc = ss_read_record(&r, &rec)) >= 0) {
        parse_body(&rec, r.max_pfn);
        if (rec.type == SS_HEADER && r.records != 1)
            abort();
        ss_write_record(&w, rec.type, rec.body, rec.len);
        if (rc == 0) {
            if (!r.seen_end || again.at != in.at)
                abort();
            break;
        }
        rc = 0;
    }
    if (rc < 0 && !r.why[0])
        abort();
    ss_reader_free(&r);
    return 0;
}

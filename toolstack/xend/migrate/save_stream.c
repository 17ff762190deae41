/* The save and migration stream's records (see save_stream.h). Pure:
 * bytes in and out through callbacks. All integers little-endian. */
#include "save_stream.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

/* A record's frame: type, body length, CRC-32 of type, length and body,
 * a zero word; then the body, padded with zeros to 8 bytes. */
#define FRAME_LEN 16u
#define PAD8(n) (((n) + 7u) & ~7u)
/* The header's fields before its config. */
#define HEADER_FIXED 48u

static void put32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

static void put64(uint8_t *p, uint64_t v)
{
    for (int i = 0; i < 8; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

static uint32_t get32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t get64(const uint8_t *p)
{
    return (uint64_t)get32(p) | (uint64_t)get32(p + 4) << 32;
}

static __attribute__((format(printf, 2, 3))) int refuse(char *why, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(why, 160, fmt, ap);
    va_end(ap);
    return -EINVAL;
}

const char *ss_type_name(uint32_t type)
{
    static const char *const name[] = {
        [SS_HEADER] = "header", [SS_PAGES] = "pages", [SS_HVM_CONTEXT] = "hvm-context",
        [SS_HVM_PARAMS] = "hvm-params", [SS_TSC_INFO] = "tsc-info",
        [SS_XENSTORE] = "xenstore", [SS_END] = "end",
    };

    return type < sizeof(name) / sizeof(name[0]) && name[type] ? name[type] : "unknown";
}

/* The largest body a record of this type may have; 0 for an unknown type. */
static uint32_t body_max(uint32_t type)
{
    switch (type) {
    case SS_HEADER:      return HEADER_FIXED + SS_CONFIG_MAX;
    case SS_PAGES:       return SS_RECORD_MAX;
    case SS_HVM_CONTEXT: return SS_HVM_CONTEXT_MAX;
    case SS_HVM_PARAMS:  return 8 + SS_PARAMS_MAX * 16;
    case SS_TSC_INFO:    return 24;
    case SS_XENSTORE:    return SS_XENSTORE_MAX;
    case SS_END:         return 0;
    }
    return 0;
}

/* The frame's CRC-32: of the type and length, then the body, which may
 * come in parts (the writer's pages batch). */
static uint32_t frame_crc(uint32_t type, uint32_t len, const void *const *part,
                          const uint32_t *plen, unsigned int nparts)
{
    uint8_t tl[8];
    uLong c = crc32(0L, Z_NULL, 0);

    put32(tl, type);
    put32(tl + 4, len);
    c = crc32(c, tl, sizeof(tl));
    for (unsigned int i = 0; i < nparts; i++)
        if (plen[i])
            c = crc32(c, part[i], plen[i]);
    return (uint32_t)c;
}

/* ---- writing ---- */

static int out(struct ss_writer *w, const void *buf, size_t len)
{
    int rc = w->write(w->ctx, buf, len);

    if (!rc)
        w->bytes += len;
    return rc;
}

int ss_write_magic(struct ss_writer *w)
{
    return out(w, SS_MAGIC, SS_MAGIC_LEN);
}

/* A record whose body comes in parts (the pages batch: its PFNs, then the
 * caller's page data, not copied). */
static int write_parts(struct ss_writer *w, uint32_t type, const void *const *part,
                       const uint32_t *plen, unsigned int nparts)
{
    static const uint8_t zero[8];
    uint8_t frame[FRAME_LEN];
    uint32_t len = 0;
    int rc;

    for (unsigned int i = 0; i < nparts; i++)
        len += plen[i];
    put32(frame, type);
    put32(frame + 4, len);
    put32(frame + 8, frame_crc(type, len, part, plen, nparts));
    put32(frame + 12, 0);
    if ((rc = out(w, frame, sizeof(frame))))
        return rc;
    for (unsigned int i = 0; i < nparts; i++)
        if (plen[i] && (rc = out(w, part[i], plen[i])))
            return rc;
    return PAD8(len) > len ? out(w, zero, PAD8(len) - len) : 0;
}

int ss_write_record(struct ss_writer *w, uint32_t type, const void *body, uint32_t len)
{
    return write_parts(w, type, &body, &len, 1);
}

int ss_write_header(struct ss_writer *w, const struct ss_header *h)
{
    uint8_t fixed[HEADER_FIXED];
    const void *part[2] = { fixed, h->config };
    uint32_t plen[2] = { sizeof(fixed), h->config_len };

    put32(fixed, h->version);
    put32(fixed + 4, h->domain_type);
    put32(fixed + 8, h->max_vcpus);
    put32(fixed + 12, h->page_shift);
    put64(fixed + 16, h->max_pfn);
    put64(fixed + 24, h->max_mem_kb);
    memcpy(fixed + 32, h->uuid, 16);
    return write_parts(w, SS_HEADER, part, plen, 2);
}

int ss_write_pages(struct ss_writer *w, const uint64_t *pfn, uint32_t n, const void *data)
{
    uint8_t *words;
    uint32_t ndata = 0;
    int rc;

    if (n > SS_BATCH_MAX)
        return -E2BIG;
    words = malloc(8 + 8 * (size_t)n);
    if (!words)
        return -ENOMEM;
    put32(words, n);
    put32(words + 4, 0);
    for (uint32_t i = 0; i < n; i++) {
        put64(words + 8 + 8 * i, pfn[i]);
        ndata += SS_PAGE_KIND(pfn[i]) == SS_PAGE_DATA;
    }
    {
        const void *part[2] = { words, data };
        uint32_t plen[2] = { 8 + 8 * n, ndata * SS_PAGE_SIZE };

        rc = write_parts(w, SS_PAGES, part, plen, 2);
    }
    free(words);
    return rc;
}

int ss_write_params(struct ss_writer *w, const struct ss_param *p, uint32_t n)
{
    uint8_t body[8 + SS_PARAMS_MAX * 16];

    if (n > SS_PARAMS_MAX)
        return -E2BIG;
    put32(body, n);
    put32(body + 4, 0);
    for (uint32_t i = 0; i < n; i++) {
        put32(body + 8 + 16 * i, p[i].index);
        put32(body + 12 + 16 * i, 0);
        put64(body + 16 + 16 * i, p[i].value);
    }
    return ss_write_record(w, SS_HVM_PARAMS, body, 8 + 16 * n);
}

int ss_write_tsc_info(struct ss_writer *w, const struct ss_tsc_info *t)
{
    uint8_t body[24];

    put32(body, t->mode);
    put32(body + 4, t->khz);
    put64(body + 8, t->nsec);
    put32(body + 16, t->incarnation);
    put32(body + 20, 0);
    return ss_write_record(w, SS_TSC_INFO, body, sizeof(body));
}

/* Each node: path length and value length (32 bits each), the path, the
 * value; no padding between nodes. */
int ss_write_xenstore(struct ss_writer *w, const char *const *path,
                      const char *const *value, const uint32_t *vlen, uint32_t n)
{
    size_t len = 0, at = 0;
    uint8_t *body;
    int rc;

    for (uint32_t i = 0; i < n; i++)
        len += 8 + strlen(path[i]) + vlen[i];
    if (len > SS_XENSTORE_MAX)
        return -E2BIG;
    body = malloc(len ? len : 1);
    if (!body)
        return -ENOMEM;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t plen = (uint32_t)strlen(path[i]);

        put32(body + at, plen);
        put32(body + at + 4, vlen[i]);
        memcpy(body + at + 8, path[i], plen);
        memcpy(body + at + 8 + plen, value[i], vlen[i]);
        at += 8 + plen + vlen[i];
    }
    rc = ss_write_record(w, SS_XENSTORE, body, (uint32_t)len);
    free(body);
    return rc;
}

int ss_write_end(struct ss_writer *w)
{
    return ss_write_record(w, SS_END, NULL, 0);
}

/* ---- reading ---- */

void ss_reader_init(struct ss_reader *r, ss_read_fn read, void *ctx)
{
    memset(r, 0, sizeof(*r));
    r->read = read;
    r->ctx = ctx;
}

void ss_reader_free(struct ss_reader *r)
{
    free(r->body);
    r->body = NULL;
    r->cap = 0;
}

static int in(struct ss_reader *r, void *buf, size_t len, const char *what)
{
    int rc = r->read(r->ctx, buf, len);

    if (rc == -EPIPE)
        snprintf(r->why, sizeof(r->why), "the stream ends inside %s (after %llu bytes)",
                 what, (unsigned long long)r->bytes);
    else if (rc)
        snprintf(r->why, sizeof(r->why), "reading %s: %s", what, strerror(-rc));
    else
        r->bytes += len;
    return rc;
}

int ss_read_magic(struct ss_reader *r)
{
    char magic[SS_MAGIC_LEN];
    int rc = in(r, magic, sizeof(magic), "its magic");

    if (rc)
        return rc;
    if (memcmp(magic, SS_MAGIC, SS_MAGIC_LEN))
        return refuse(r->why, "not a save stream (no " "XLABSAV magic)");
    return 0;
}

int ss_read_record(struct ss_reader *r, struct ss_record *rec)
{
    uint8_t frame[FRAME_LEN];
    uint32_t type, len, crc, padded;
    char what[48];
    int rc;

    if (r->seen_end)
        return 0;
    snprintf(what, sizeof(what), "record %llu's frame", (unsigned long long)r->records + 1);
    if ((rc = in(r, frame, sizeof(frame), what)))
        return rc;
    type = get32(frame);
    len = get32(frame + 4);
    crc = get32(frame + 8);
    if (get32(frame + 12))
        return refuse(r->why, "record %llu: reserved word not zero",
                      (unsigned long long)r->records + 1);
    if (!body_max(type) && type != SS_END)
        return refuse(r->why, "record %llu: unknown type %u",
                      (unsigned long long)r->records + 1, type);
    if (len > body_max(type))
        return refuse(r->why, "record %llu (%s): length %u over its limit %u",
                      (unsigned long long)r->records + 1, ss_type_name(type), len, body_max(type));
    if (!r->seen_header && type != SS_HEADER)
        return refuse(r->why, "record 1 is %s, not the header", ss_type_name(type));
    if (r->seen_header && type == SS_HEADER)
        return refuse(r->why, "record %llu: a second header", (unsigned long long)r->records + 1);
    padded = PAD8(len);
    if (padded > r->cap) {
        uint8_t *b = realloc(r->body, padded);

        if (!b)
            return -ENOMEM;
        r->body = b;
        r->cap = padded;
    }
    snprintf(what, sizeof(what), "record %llu (%s)", (unsigned long long)r->records + 1,
             ss_type_name(type));
    if (padded && (rc = in(r, r->body, padded, what)))
        return rc;
    if (frame_crc(type, len, (const void *const[]){ r->body }, &len, 1) != crc)
        return refuse(r->why, "record %llu (%s): checksum mismatch",
                      (unsigned long long)r->records + 1, ss_type_name(type));
    for (uint32_t i = len; i < padded; i++)
        if (r->body[i])
            return refuse(r->why, "record %llu (%s): padding not zero",
                          (unsigned long long)r->records + 1, ss_type_name(type));
    r->records++;
    rec->type = type;
    rec->len = len;
    rec->body = r->body;
    if (type == SS_HEADER) {
        struct ss_header h;

        if ((rc = ss_parse_header(rec, &h, r->why)))
            return rc;
        r->max_pfn = h.max_pfn;
        r->seen_header = true;
    }
    if (type == SS_END) {
        r->seen_end = true;
        return 0;
    }
    return 1;
}

int ss_parse_header(const struct ss_record *rec, struct ss_header *h, char *why)
{
    const uint8_t *b = rec->body;

    if (rec->type != SS_HEADER || rec->len < HEADER_FIXED)
        return refuse(why, "header: %u bytes, shorter than its %u", rec->len, HEADER_FIXED);
    h->version = get32(b);
    h->domain_type = get32(b + 4);
    h->max_vcpus = get32(b + 8);
    h->page_shift = get32(b + 12);
    h->max_pfn = get64(b + 16);
    h->max_mem_kb = get64(b + 24);
    memcpy(h->uuid, b + 32, 16);
    h->config = (const char *)b + HEADER_FIXED;
    h->config_len = rec->len - HEADER_FIXED;
    if (h->version != SS_VERSION)
        return refuse(why, "header: stream version %u, this xend reads %u", h->version, SS_VERSION);
    if (h->domain_type != SS_DOMAIN_PVH)
        return refuse(why, "header: domain type %u, not PVH (%u)", h->domain_type, SS_DOMAIN_PVH);
    if (h->page_shift != SS_PAGE_SHIFT)
        return refuse(why, "header: page shift %u, not %u", h->page_shift, SS_PAGE_SHIFT);
    if (!h->max_vcpus || h->max_vcpus > 128)
        return refuse(why, "header: %u vCPUs", h->max_vcpus);
    if (!h->max_pfn || h->max_pfn > SS_PFN_MASK)
        return refuse(why, "header: max PFN %#llx", (unsigned long long)h->max_pfn);
    if (h->max_mem_kb < 4 || h->max_mem_kb > (1ull << 42))
        return refuse(why, "header: maximum memory %llu KiB", (unsigned long long)h->max_mem_kb);
    if (!h->config_len || memchr(h->config, '\0', h->config_len))
        return refuse(why, "header: %s domain config", h->config_len ? "a NUL in its" : "no");
    return 0;
}

uint64_t ss_pfn_at(const uint8_t *pfns, uint32_t i)
{
    return get64(pfns + 8 * (size_t)i);
}

int ss_parse_pages(const struct ss_record *rec, uint64_t max_pfn, uint32_t *n,
                   const uint8_t **pfns, const uint8_t **data, char *why)
{
    uint32_t count, ndata = 0;
    uint64_t want;

    if (rec->type != SS_PAGES || rec->len < 8)
        return refuse(why, "pages: %u bytes, shorter than its 8", rec->len);
    count = get32(rec->body);
    if (!count || count > SS_BATCH_MAX || get32(rec->body + 4))
        return refuse(why, "pages: a batch of %u (1 to %u)", count, SS_BATCH_MAX);
    if (rec->len < 8 + 8 * (uint64_t)count)
        return refuse(why, "pages: %u bytes for %u PFNs", rec->len, count);
    for (uint32_t i = 0; i < count; i++) {
        uint64_t w = ss_pfn_at(rec->body + 8, i);
        unsigned int kind = SS_PAGE_KIND(w);

        if ((w & ~SS_PFN_MASK) >> 52 & 0xff)
            return refuse(why, "pages: PFN word %#llx has reserved bits", (unsigned long long)w);
        if (kind != SS_PAGE_DATA && kind != SS_PAGE_ZERO)
            return refuse(why, "pages: PFN %#llx of unknown kind %u",
                          (unsigned long long)(w & SS_PFN_MASK), kind);
        if ((w & SS_PFN_MASK) >= max_pfn)
            return refuse(why, "pages: PFN %#llx beyond the header's max %#llx",
                          (unsigned long long)(w & SS_PFN_MASK), (unsigned long long)max_pfn);
        ndata += kind == SS_PAGE_DATA;
    }
    want = 8 + 8 * (uint64_t)count + (uint64_t)ndata * SS_PAGE_SIZE;
    if (rec->len != want)
        return refuse(why, "pages: %u bytes, %u PFNs with %u pages of data need %llu",
                      rec->len, count, ndata, (unsigned long long)want);
    *n = count;
    *pfns = rec->body + 8;
    *data = rec->body + 8 + 8 * (size_t)count;
    return 0;
}

int ss_parse_params(const struct ss_record *rec, struct ss_param *p, uint32_t max,
                    uint32_t *n, char *why)
{
    uint32_t count;

    if (rec->type != SS_HVM_PARAMS || rec->len < 8)
        return refuse(why, "hvm-params: %u bytes, shorter than its 8", rec->len);
    count = get32(rec->body);
    if (get32(rec->body + 4) || rec->len != 8 + 16 * (uint64_t)count)
        return refuse(why, "hvm-params: %u bytes for %u pairs", rec->len, count);
    if (count > max)
        return refuse(why, "hvm-params: %u pairs, at most %u", count, max);
    for (uint32_t i = 0; i < count; i++) {
        const uint8_t *e = rec->body + 8 + 16 * (size_t)i;

        if (get32(e + 4))
            return refuse(why, "hvm-params: pair %u: reserved word not zero", i);
        p[i].index = get32(e);
        p[i].value = get64(e + 8);
    }
    *n = count;
    return 0;
}

int ss_parse_tsc_info(const struct ss_record *rec, struct ss_tsc_info *t, char *why)
{
    if (rec->type != SS_TSC_INFO || rec->len != 24 || get32(rec->body + 20))
        return refuse(why, "tsc-info: %u bytes, not its 24", rec->len);
    t->mode = get32(rec->body);
    t->khz = get32(rec->body + 4);
    t->nsec = get64(rec->body + 8);
    t->incarnation = get32(rec->body + 16);
    return 0;
}

/* Relative, no empty component, only xenstored's node-name characters
 * (so it cannot climb out of the home it is written under). */
static bool path_ok(const char *p, uint32_t len)
{
    if (!len || p[0] == '/' || p[len - 1] == '/')
        return false;
    for (uint32_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)p[i];

        if (c == '/' ? p[i + 1] == '/' :
            !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_' || c == '@'))
            return false;
    }
    return true;
}

int ss_next_xenstore(const struct ss_record *rec, uint32_t *off, const char **path,
                     uint32_t *plen, const char **value, uint32_t *vlen, char *why)
{
    uint32_t at = *off, pl, vl;

    if (rec->type != SS_XENSTORE)
        return refuse(why, "xenstore: a %s record", ss_type_name(rec->type));
    if (at == rec->len)
        return 0;
    if (rec->len - at < 8)
        return refuse(why, "xenstore: %u stray bytes at offset %u", rec->len - at, at);
    pl = get32(rec->body + at);
    vl = get32(rec->body + at + 4);
    if (pl > rec->len - at - 8 || vl > rec->len - at - 8 - pl)
        return refuse(why, "xenstore: the node at offset %u runs past the record", at);
    *path = (const char *)rec->body + at + 8;
    *value = (const char *)rec->body + at + 8 + pl;
    if (!path_ok(*path, pl))
        return refuse(why, "xenstore: node at offset %u: '%.*s' is not a relative xenstore path",
                      at, (int)(pl < 64 ? pl : 64), *path);
    *plen = pl;
    *vlen = vl;
    *off = at + 8 + pl + vl;
    return 1;
}

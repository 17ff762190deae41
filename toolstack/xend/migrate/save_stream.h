/* The save and migration stream (docs/save-stream.md): what `xm save`
 * writes, `xm restore` reads and the relocation server receives. A magic
 * and then records, each with its type, length and CRC-32, so that a
 * truncated or damaged stream is refused before a domain is resumed from
 * it. Pure code: records go out through a write callback and come in
 * through a read callback; each record's body has its own parser. */
#ifndef SAVE_STREAM_H
#define SAVE_STREAM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SS_MAGIC       "XLABSAV\n"
#define SS_MAGIC_LEN   8
#define SS_VERSION     1
#define SS_PAGE_SHIFT  12
#define SS_PAGE_SIZE   (1u << SS_PAGE_SHIFT)

enum ss_type {
    SS_HEADER = 1,          /* first, once: version, domain, its (vm ...) */
    SS_PAGES = 2,           /* a batch of guest pages by PFN */
    SS_HVM_CONTEXT = 3,     /* XEN_DOMCTL_gethvmcontext's blob, as is */
    SS_HVM_PARAMS = 4,      /* (index, value) pairs */
    SS_TSC_INFO = 5,        /* XEN_DOMCTL_gettscinfo's facts */
    SS_XENSTORE = 6,        /* the guest's own nodes, relative paths */
    SS_END = 7,             /* last, once, empty */
};

/* Limits a reader holds a stream to (a record claiming more is refused
 * before its body is read). */
#define SS_BATCH_MAX       1024u                       /* pages per SS_PAGES */
#define SS_CONFIG_MAX      (64u * 1024)
#define SS_HVM_CONTEXT_MAX (1024u * 1024)
#define SS_PARAMS_MAX      256u
#define SS_XENSTORE_MAX    (1024u * 1024)
#define SS_RECORD_MAX      (8u + SS_BATCH_MAX * (8u + SS_PAGE_SIZE))

/* SS_PAGES: each PFN word holds the PFN in its low 52 bits and the page's
 * kind in its top 4; only SS_PAGE_DATA pages carry their 4 KiB, in order. */
#define SS_PFN_MASK        ((1ull << 52) - 1)
#define SS_PAGE_KIND(w)    ((unsigned int)((w) >> 60))
enum ss_page_kind {
    SS_PAGE_DATA = 0,       /* present: its contents follow */
    SS_PAGE_ZERO = 1,       /* present, all zero: populate, nothing sent */
};

enum ss_domain_type { SS_DOMAIN_PVH = 1 };

struct ss_header {
    uint32_t version;
    uint32_t domain_type;       /* enum ss_domain_type */
    uint32_t max_vcpus;
    uint32_t page_shift;
    uint64_t max_pfn;           /* every PFN of the stream is below it */
    uint64_t max_mem_kb;        /* the domain's maximum reservation */
    uint8_t uuid[16];           /* its handle, kept across a move */
    const char *config;         /* the (vm ...) record, not NUL-terminated */
    uint32_t config_len;
};

struct ss_tsc_info {
    uint32_t mode;
    uint32_t khz;
    uint64_t nsec;
    uint32_t incarnation;
};

struct ss_param {
    uint32_t index;
    uint64_t value;
};

/* ---- writing: every call returns 0 or the write callback's -errno ---- */
typedef int (*ss_write_fn)(void *ctx, const void *buf, size_t len);

struct ss_writer {
    ss_write_fn write;
    void *ctx;
    uint64_t bytes;             /* written so far, for the logs */
};

int ss_write_magic(struct ss_writer *w);
/* One record of any type: its frame, body, padding. */
int ss_write_record(struct ss_writer *w, uint32_t type, const void *body, uint32_t len);
int ss_write_header(struct ss_writer *w, const struct ss_header *h);
/* n pages (n <= SS_BATCH_MAX): pfn[i] with its kind in the top bits;
 * data holds the SS_PAGE_DATA ones, SS_PAGE_SIZE each, in order. */
int ss_write_pages(struct ss_writer *w, const uint64_t *pfn, uint32_t n, const void *data);
int ss_write_params(struct ss_writer *w, const struct ss_param *p, uint32_t n);
int ss_write_tsc_info(struct ss_writer *w, const struct ss_tsc_info *t);
/* n nodes: path[i] relative to the domain's home, value[i] of vlen[i]. */
int ss_write_xenstore(struct ss_writer *w, const char *const *path,
                      const char *const *value, const uint32_t *vlen, uint32_t n);
int ss_write_end(struct ss_writer *w);

/* ---- reading ---- */
/* Reads exactly len bytes: 0, -EPIPE at the end of the stream (short), or
 * another -errno. */
typedef int (*ss_read_fn)(void *ctx, void *buf, size_t len);

struct ss_reader {
    ss_read_fn read;
    void *ctx;
    uint8_t *body;              /* the current record's, malloc'd */
    size_t cap;
    uint64_t max_pfn;           /* from the header */
    bool seen_header, seen_end;
    uint64_t records, bytes;
    char why[160];              /* the reason of the last refusal */
};

struct ss_record {
    uint32_t type;
    uint32_t len;
    const uint8_t *body;        /* valid until the next ss_read_record */
};

void ss_reader_init(struct ss_reader *r, ss_read_fn read, void *ctx);
void ss_reader_free(struct ss_reader *r);
/* The magic: 0, or -EINVAL (not a save stream) / the read's -errno. */
int ss_read_magic(struct ss_reader *r);
/* The next record, its checksum and its place checked (the header first,
 * nothing after the end) and, for the header, its body too: 1 with *rec,
 * 0 once the end record was read, -errno with r->why otherwise. */
int ss_read_record(struct ss_reader *r, struct ss_record *rec);

/* The bodies (0, or -EINVAL with why[160] filled). */
int ss_parse_header(const struct ss_record *rec, struct ss_header *h, char *why);
/* *pfn points into the record (n words, unaligned-safe via ss_pfn_at);
 * *data at the first page's contents. Every PFN is checked against
 * max_pfn, every kind known, the length exact. */
int ss_parse_pages(const struct ss_record *rec, uint64_t max_pfn, uint32_t *n,
                   const uint8_t **pfns, const uint8_t **data, char *why);
uint64_t ss_pfn_at(const uint8_t *pfns, uint32_t i);
/* Up to max pairs into p. */
int ss_parse_params(const struct ss_record *rec, struct ss_param *p, uint32_t max,
                    uint32_t *n, char *why);
int ss_parse_tsc_info(const struct ss_record *rec, struct ss_tsc_info *t, char *why);
/* The xenstore nodes one at a time: *off starts at 0; 1 with the next
 * node (path NUL-free and relative, pointers into the record), 0 after
 * the last, -EINVAL on a malformed record. */
int ss_next_xenstore(const struct ss_record *rec, uint32_t *off, const char **path,
                     uint32_t *plen, const char **value, uint32_t *vlen, char *why);

const char *ss_type_name(uint32_t type);

#endif

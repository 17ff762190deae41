/* A minimal gcov runtime for the coverage build (gcc 12 layout, as in gcc's
 * gcov-io.h and libgcov): objects register with __gcov_init; at power-off
 * gcov_dump() serializes each one as .gcda words and writes them to the
 * trace channel; tools/gcov-extract.c turns the records back into files. */
#include <xen/gcov.h>
#include <xen/lib.h>
#include <xen/trace.h>

#ifdef CONFIG_COVERAGE

#define GCOV_COUNTERS          8            /* gcc >= 10 */
#define GCOV_DATA_MAGIC        0x67636461u  /* "gcda" */
#define GCOV_TAG_FUNCTION      0x01000000u
#define GCOV_TAG_COUNTER_BASE  0x01a10000u
#define GCOV_TAG_OBJECT_SUMMARY 0xa1000000u
#define WORDS_PER_RECORD       32   /* 256 hex digits: fits a record */

typedef int64_t gcov_type;

struct gcov_ctr_info {
    unsigned int num;
    gcov_type *values;
};

struct gcov_info;
struct gcov_fn_info {
    const struct gcov_info *key;
    unsigned int ident, lineno_checksum, cfg_checksum;
    struct gcov_ctr_info ctrs[];            /* one per merge[] entry set */
};

struct gcov_info {
    unsigned int version;
    struct gcov_info *next;
    unsigned int stamp;
    unsigned int checksum;                  /* new in gcc 12 */
    const char *filename;
    void (*merge[GCOV_COUNTERS])(gcov_type *, unsigned int);
    unsigned int n_functions;
    const struct gcov_fn_info *const *functions;
};

void __gcov_init(struct gcov_info *info);
void __gcov_merge_add(gcov_type *counters, unsigned int n);
void __gcov_exit(void);

static struct gcov_info *gcov_list;

void __gcov_init(struct gcov_info *info)
{
    info->next = gcov_list;
    gcov_list = info;
}

/* Merging with an earlier run's file is the host tool's business (there is
 * none: each boot writes fresh files). */
void __gcov_merge_add(gcov_type *counters, unsigned int n)
{
    (void)counters;
    (void)n;
}

void __gcov_exit(void)
{
}

/* All objects are serialized into this buffer first and only then written
 * out: writing calls instrumented code (trace, vsnprintf), whose counters
 * must not change halfway through being copied. */
#define SNAPSHOT_WORDS (128u * 1024)
static uint32_t snapshot[SNAPSHOT_WORDS];

struct gcda_writer {
    uint32_t *buf;
    unsigned int count, limit;
};

static void put(struct gcda_writer *w, uint32_t v)
{
    if (w->count < w->limit)
        w->buf[w->count] = v;
    w->count++;
}

static void put64(struct gcda_writer *w, uint64_t v)
{
    put(w, (uint32_t)v);
    put(w, (uint32_t)(v >> 32));
}

static void write_gcda(struct gcda_writer *w, const struct gcov_info *gi)
{
    put(w, GCOV_DATA_MAGIC);
    put(w, gi->version);
    put(w, gi->stamp);
    put(w, gi->checksum);
    put(w, GCOV_TAG_OBJECT_SUMMARY);
    put(w, 8);                              /* lengths are in bytes since gcc 12 */
    put(w, 1);                              /* runs */
    put(w, 0);                              /* sum_max: unused by gcov's line counts */
    for (unsigned int f = 0; f < gi->n_functions; f++) {
        const struct gcov_fn_info *fi = gi->functions[f];
        const struct gcov_ctr_info *ci;

        put(w, GCOV_TAG_FUNCTION);
        if (!fi || fi->key != gi) {         /* COMDAT copy owned elsewhere */
            put(w, 0);
            continue;
        }
        put(w, 12);
        put(w, fi->ident);
        put(w, fi->lineno_checksum);
        put(w, fi->cfg_checksum);
        ci = fi->ctrs;
        for (unsigned int t = 0; t < GCOV_COUNTERS; t++) {
            if (!gi->merge[t])
                continue;
            put(w, GCOV_TAG_COUNTER_BASE + (t << 17));
            put(w, ci->num * 8);
            for (unsigned int i = 0; i < ci->num; i++)
                put64(w, (uint64_t)ci->values[i]);
            ci++;
        }
    }
}

static void emit_object(unsigned int obj, const struct gcov_info *gi,
                        const uint32_t *words, unsigned int n)
{
    static const char digits[] = "0123456789abcdef";
    char hex[WORDS_PER_RECORD * 8 + 1];

    trace(TRC_GCOV, "file", "obj=%u words=%u path=%s", obj, n, gi->filename);
    for (unsigned int off = 0; off < n; off += WORDS_PER_RECORD) {
        unsigned int k = MIN(n - off, WORDS_PER_RECORD);

        for (unsigned int i = 0; i < k; i++)
            for (unsigned int d = 0; d < 8; d++)
                hex[8 * i + d] = digits[(words[off + i] >> (28 - 4 * d)) & 0xf];
        hex[8 * k] = '\0';
        trace(TRC_GCOV, "data", "obj=%u off=%u hex=%s", obj, off, hex);
    }
}

void gcov_dump(void)
{
    struct gcda_writer w = { snapshot, 0, SNAPSHOT_WORDS };
    unsigned int obj = 0, start[512], nr = 0;
    const struct gcov_info *gi;

    /* The counters are what a coverage build is for: they go out whatever
     * trace= selected (the caller runs alone: smp_send_stop()). */
    trace_mask |= 1u << TRC_GCOV;
    for (gi = gcov_list; gi && nr < ARRAY_SIZE(start); gi = gi->next) {
        start[nr++] = w.count;
        write_gcda(&w, gi);
    }
    if (w.count > w.limit || gi) {
        trace(TRC_GCOV, "error", "reason=snapshot_too_small words=%u", w.count);
        return;
    }
    for (gi = gcov_list; obj < nr; gi = gi->next, obj++) {
        unsigned int end = obj + 1 < nr ? start[obj + 1] : w.count;

        emit_object(obj, gi, snapshot + start[obj], end - start[obj]);
    }
    trace(TRC_GCOV, "end", "objs=%u", obj);
}

#else

void gcov_dump(void)
{
}

#endif

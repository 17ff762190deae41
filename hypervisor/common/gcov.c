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
#define WORDS_PER_RECORD       48

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

/* Words go out in batches; 'emit' is NULL when only counting. */
struct gcda_writer {
    unsigned int obj, count, batched;
    uint32_t batch[WORDS_PER_RECORD];
    bool emit;
};

static void flush(struct gcda_writer *w)
{
    char hex[WORDS_PER_RECORD * 8 + 1];

    if (!w->batched)
        return;
    for (unsigned int i = 0; i < w->batched; i++)
        snprintf(hex + 8 * i, 9, "%08x", w->batch[i]);
    trace(TRC_GCOV, "data", "obj=%u off=%u hex=%s", w->obj, w->count - w->batched, hex);
    w->batched = 0;
}

static void put(struct gcda_writer *w, uint32_t v)
{
    w->count++;
    if (!w->emit)
        return;
    w->batch[w->batched++] = v;
    if (w->batched == WORDS_PER_RECORD)
        flush(w);
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
    put(w, 0);                              /* sum_max: unused by gcov -b output */
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

void gcov_dump(void)
{
    unsigned int obj = 0;

    for (const struct gcov_info *gi = gcov_list; gi; gi = gi->next, obj++) {
        struct gcda_writer w = { .obj = obj };

        write_gcda(&w, gi);                 /* first pass: size only */
        trace(TRC_GCOV, "file", "obj=%u words=%u path=%s", obj, w.count, gi->filename);
        w = (struct gcda_writer){ .obj = obj, .emit = true };
        write_gcda(&w, gi);
        flush(&w);
    }
    trace(TRC_GCOV, "end", "objs=%u", obj);
}

#else

void gcov_dump(void)
{
}

#endif

/* gcov-extract: reads hypervisor trace logs (docs/trace-format.md) and
 * writes the .gcda files their "gcov" records carry, at the paths they name.
 * A log holds one dump per power-off or reboot of its host; every dump of
 * every log given is summed into one set of files, as libgcov merges the
 * runs of a program (gcov-tool merge gives the same result).
 * Usage: gcov-extract <trace.log>...
 * Exit status: 0 when every log held at least one dump, every dump was
 * complete and of the same build, and every file was written. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_OBJS 4096
#define MAX_WORDS (16u << 20)

/* The .gcda layout of gcc 12 (gcc/gcov-io.h), as common/gcov.c writes it:
 * magic, version, stamp, checksum, then records of tag, length in bytes
 * and payload. */
#define GCDA_HEADER_WORDS      4
#define GCOV_TAG_FUNCTION      0x01000000u
#define GCOV_TAG_COUNTER_BASE  0x01a10000u
#define GCOV_TAG_OBJECT_SUMMARY 0xa1000000u
#define GCOV_COUNTERS          8
/* Counter kinds merged by adding (__gcov_merge_add): arcs, interval, pow2.
 * The others (top-n, time profile, ior, and) need -fprofile-values or
 * -fprofile-generate, which the coverage build does not use. */
#define GCOV_COUNTERS_ADDED    3

/* One object of the dump being read, by its index in the records. */
struct obj {
    char *path;
    uint32_t *words;
    unsigned int nr_words, filled;
};

/* The sum of every complete dump so far, by path. */
struct merged {
    char *path;
    uint32_t *words;
    unsigned int nr_words;
};

static struct obj objs[MAX_OBJS];
static struct merged *merged;
static unsigned int nr_merged;

/* Value of " key=" in a record, copied up to the next space; NULL if absent. */
static const char *field(const char *rec, const char *key, char *buf, size_t size)
{
    char pat[32];
    const char *p;
    size_t n = 0;

    snprintf(pat, sizeof(pat), " %s=", key);
    p = strstr(rec, pat);
    if (!p)
        return NULL;
    p += strlen(pat);
    while (p[n] && p[n] != ' ' && p[n] != '\n' && n + 1 < size) {
        buf[n] = p[n];
        n++;
    }
    buf[n] = '\0';
    return buf;
}

static int num_field(const char *rec, const char *key, unsigned long *out)
{
    char buf[32], *end;

    if (!field(rec, key, buf, sizeof(buf)) || !buf[0])
        return -1;
    errno = 0;
    *out = strtoul(buf, &end, 10);
    return *end || errno ? -1 : 0;
}

static int on_file(const char *rec)
{
    unsigned long obj, words;
    char path[4096];

    if (num_field(rec, "obj", &obj) || num_field(rec, "words", &words) ||
        !field(rec, "path", path, sizeof(path)) || obj >= MAX_OBJS || words > MAX_WORDS)
        return -1;
    free(objs[obj].path);
    free(objs[obj].words);
    objs[obj].path = strdup(path);
    objs[obj].words = calloc(words ? words : 1, sizeof(uint32_t));
    objs[obj].nr_words = (unsigned int)words;
    objs[obj].filled = 0;
    return objs[obj].path && objs[obj].words ? 0 : -1;
}

static int on_data(const char *rec)
{
    static char hex[8 * 64 + 2];
    unsigned long obj, off;
    size_t len;
    struct obj *o;

    if (num_field(rec, "obj", &obj) || num_field(rec, "off", &off) ||
        !field(rec, "hex", hex, sizeof(hex)) || obj >= MAX_OBJS)
        return -1;
    o = &objs[obj];
    len = strlen(hex);
    if (!o->words || len % 8 || off + len / 8 > o->nr_words || off != o->filled)
        return -1;
    for (size_t i = 0; i < len / 8; i++) {
        char w[9], *end;

        memcpy(w, hex + 8 * i, 8);
        w[8] = '\0';
        o->words[off + i] = (uint32_t)strtoul(w, &end, 16);
        if (*end)
            return -1;
    }
    o->filled += (unsigned int)(len / 8);
    return 0;
}

/* Adds the counters of 'add' into 'acc', two .gcda images of one object
 * (same build: same header and the same records in the same order). */
static int gcda_merge(uint32_t *acc, const uint32_t *add, unsigned int n, const char **why)
{
    unsigned int i;

    *why = "not the same build (header differs)";
    if (n < GCDA_HEADER_WORDS || memcmp(acc, add, GCDA_HEADER_WORDS * 4))
        return -1;
    for (i = GCDA_HEADER_WORDS; i < n; ) {
        uint32_t tag, len, words, t;
        uint32_t *a;
        const uint32_t *b;

        *why = "records differ (another build?)";
        if (n - i < 2 || add[i] != acc[i] || add[i + 1] != acc[i + 1])
            return -1;
        tag = acc[i];
        len = acc[i + 1];
        words = len / 4;
        *why = "record runs past the end";
        if (len % 4 || words > n - i - 2)
            return -1;
        a = acc + i + 2;
        b = add + i + 2;
        t = (tag - GCOV_TAG_COUNTER_BASE) >> 17;
        if (tag == GCOV_TAG_OBJECT_SUMMARY && words == 2) {
            a[0] += b[0];                   /* runs */
            a[1] += b[1];                   /* sum_max: sum of each run's max */
        } else if (tag == GCOV_TAG_FUNCTION) {
            *why = "function records differ (another build?)";
            if (memcmp(a, b, len))
                return -1;
        } else if (tag == GCOV_TAG_COUNTER_BASE + (t << 17) && t < GCOV_COUNTERS_ADDED &&
                   words % 2 == 0) {
            for (uint32_t k = 0; k < words; k += 2) {  /* 64-bit, low word first */
                uint64_t v = ((uint64_t)a[k + 1] << 32 | a[k]) +
                             ((uint64_t)b[k + 1] << 32 | b[k]);

                a[k] = (uint32_t)v;
                a[k + 1] = (uint32_t)(v >> 32);
            }
        } else {
            *why = "a record this tool cannot merge";
            return -1;
        }
        i += 2 + words;
    }
    return 0;
}

/* Sums one object of a complete dump into the merged set (the first dump
 * of a path hands its words over). */
static int merge_obj(const char *log, struct obj *o)
{
    struct merged *m = NULL, *grown;
    const char *why = "sizes differ (another build?)";

    if (o->filled != o->nr_words) {
        fprintf(stderr, "gcov-extract: %s: %s: %u of %u words received\n", log, o->path,
                o->filled, o->nr_words);
        return -1;
    }
    for (unsigned int k = 0; k < nr_merged && !m; k++)
        if (!strcmp(merged[k].path, o->path))
            m = &merged[k];
    if (m) {
        if (m->nr_words == o->nr_words && !gcda_merge(m->words, o->words, o->nr_words, &why))
            return 0;
        fprintf(stderr, "gcov-extract: %s: %s: cannot merge: %s\n", log, o->path, why);
        return -1;
    }
    grown = realloc(merged, (nr_merged + 1) * sizeof(*merged));
    if (!grown)
        return -1;
    merged = grown;
    merged[nr_merged++] = (struct merged){ o->path, o->words, o->nr_words };
    o->path = NULL;
    o->words = NULL;
    return 0;
}

/* A dump ended ("gcov end"): merge its objects and forget them. */
static int end_dump(const char *log)
{
    int bad = 0;

    for (unsigned int i = 0; i < MAX_OBJS; i++) {
        struct obj *o = &objs[i];

        if (!o->path)
            continue;
        bad |= merge_obj(log, o) != 0;
        free(o->path);
        free(o->words);
        *o = (struct obj){ 0 };
    }
    return bad ? -1 : 0;
}

/* Reads one log; returns 0 when it held at least one dump, all complete. */
static int read_log(const char *log)
{
    char line[8192], cls[16], ev[16];
    unsigned long lineno = 0;
    int dumps = 0, open_dump = 0, bad = 0;
    FILE *f = fopen(log, "r");

    if (!f) {
        fprintf(stderr, "gcov-extract: %s: %s\n", log, strerror(errno));
        return -1;
    }
    while (fgets(line, sizeof(line), f)) {
        unsigned long long seq, ns;
        unsigned int cpu;
        int rc = 0;

        lineno++;
        if (sscanf(line, "%llu %llu %u %15s %15s", &seq, &ns, &cpu, cls, ev) != 5 ||
            strcmp(cls, "gcov"))
            continue;
        if (!strcmp(ev, "file")) {
            rc = on_file(line);
            open_dump = 1;
        } else if (!strcmp(ev, "data")) {
            rc = on_data(line);
        } else if (!strcmp(ev, "end")) {
            bad |= end_dump(log) != 0;
            open_dump = 0;
            dumps++;
        } else if (!strcmp(ev, "error")) {
            rc = -1;
        }
        if (rc) {
            fprintf(stderr, "%s:%lu: malformed or out-of-order gcov record\n", log, lineno);
            bad = 1;
        }
    }
    fclose(f);
    if (open_dump || !dumps) {
        fprintf(stderr, "%s:%lu: %s (did the host power off or reboot cleanly?)\n", log,
                lineno, dumps ? "last dump has no 'gcov end' record" : "no 'gcov end' record");
        bad = 1;
    }
    return bad ? -1 : 0;
}

static int write_files(void)
{
    int bad = 0, written = 0;

    for (unsigned int i = 0; i < nr_merged; i++) {
        struct merged *m = &merged[i];
        FILE *f = fopen(m->path, "wb");

        /* The image and the host share byte order (x86): words as stored. */
        if (!f || fwrite(m->words, 4, m->nr_words, f) != m->nr_words || fclose(f)) {
            fprintf(stderr, "gcov-extract: %s: %s\n", m->path, strerror(errno));
            bad = 1;
            continue;
        }
        written++;
    }
    printf("gcov-extract: %d .gcda files written\n", written);
    return bad;
}

static void reset(void)
{
    for (unsigned int i = 0; i < MAX_OBJS; i++) {
        free(objs[i].path);
        free(objs[i].words);
        objs[i] = (struct obj){ 0 };
    }
    for (unsigned int i = 0; i < nr_merged; i++) {
        free(merged[i].path);
        free(merged[i].words);
    }
    free(merged);
    merged = NULL;
    nr_merged = 0;
}

int main(int argc, char **argv)
{
    int bad = 0, rc;

    reset();                                /* main() may run twice (tests) */
    if (argc < 2) {
        fprintf(stderr, "usage: gcov-extract <trace.log>...\n");
        return 2;
    }
    for (int i = 1; i < argc; i++)
        bad |= read_log(argv[i]) != 0;
    /* Nothing is written unless every log was good: a partial sum would
     * pass for a smaller coverage. */
    rc = bad ? 1 : write_files();
    reset();
    return rc;
}

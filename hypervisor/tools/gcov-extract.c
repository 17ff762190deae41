/* gcov-extract: reads a hypervisor trace log (docs/trace-format.md) and
 * writes the .gcda files its "gcov" records carry, at the paths they name.
 * Usage: gcov-extract <trace.log>
 * Exit status: 0 when every announced file was complete and written. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_OBJS 4096
#define MAX_WORDS (16u << 20)

struct obj {
    char *path;
    uint32_t *words;
    unsigned int nr_words, filled;
};

static struct obj objs[MAX_OBJS];

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

static int write_files(void)
{
    int bad = 0, written = 0;

    for (unsigned int i = 0; i < MAX_OBJS; i++) {
        struct obj *o = &objs[i];
        FILE *f;

        if (!o->path)
            continue;
        if (o->filled != o->nr_words) {
            fprintf(stderr, "gcov-extract: %s: %u of %u words received\n", o->path,
                    o->filled, o->nr_words);
            bad = 1;
            continue;
        }
        f = fopen(o->path, "wb");
        /* The image and the host share byte order (x86): words as stored. */
        if (!f || fwrite(o->words, 4, o->nr_words, f) != o->nr_words || fclose(f)) {
            fprintf(stderr, "gcov-extract: %s: %s\n", o->path, strerror(errno));
            bad = 1;
            continue;
        }
        written++;
    }
    printf("gcov-extract: %d .gcda files written\n", written);
    return bad;
}

int main(int argc, char **argv)
{
    char line[8192], cls[16], ev[16];
    unsigned long lineno = 0;
    int ended = 0, bad = 0;
    FILE *f;

    for (unsigned int i = 0; i < MAX_OBJS; i++) {   /* main() may run twice (tests) */
        free(objs[i].path);
        free(objs[i].words);
        objs[i] = (struct obj){ 0 };
    }
    if (argc != 2) {
        fprintf(stderr, "usage: gcov-extract <trace.log>\n");
        return 2;
    }
    f = fopen(argv[1], "r");
    if (!f) {
        fprintf(stderr, "gcov-extract: %s: %s\n", argv[1], strerror(errno));
        return 2;
    }
    while (fgets(line, sizeof(line), f)) {
        unsigned long long seq, ns;
        unsigned int cpu;
        int rc = 0;

        lineno++;
        if (sscanf(line, "%llu %llu %u %15s %15s", &seq, &ns, &cpu, cls, ev) != 5 ||
            strcmp(cls, "gcov"))
            continue;
        if (!strcmp(ev, "file"))
            rc = on_file(line);
        else if (!strcmp(ev, "data"))
            rc = on_data(line);
        else if (!strcmp(ev, "end"))
            ended = 1;
        if (rc) {
            fprintf(stderr, "%s:%lu: malformed or out-of-order gcov record\n", argv[1], lineno);
            bad = 1;
        }
    }
    fclose(f);
    if (!ended) {
        fprintf(stderr, "%s:%lu: no 'gcov end' record (did the run power off cleanly?)\n",
                argv[1], lineno);
        return 1;
    }
    return write_files() || bad;
}

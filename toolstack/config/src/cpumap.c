/* The cpus= mini-language of section 6.4: comma separated items, each a
 * pCPU "5", a range "0-3", or an exclusion "^1" / "^2-3", applied in order
 * (so "0-3,^1,1" gives 0-3 again, as in xend). Empty items are ignored. */
#include "xmconfig.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool xm_cpumap_test(const struct xm_cpumap *m, unsigned cpu)
{
    return cpu < XM_MAX_PCPUS && (m->bits[cpu / 64] >> (cpu % 64)) & 1;
}

void xm_cpumap_set(struct xm_cpumap *m, unsigned cpu)
{
    if (cpu < XM_MAX_PCPUS)
        m->bits[cpu / 64] |= 1ULL << (cpu % 64);
}

static void cpumap_clear(struct xm_cpumap *m, unsigned cpu)
{
    m->bits[cpu / 64] &= ~(1ULL << (cpu % 64));
}

unsigned xm_cpumap_count(const struct xm_cpumap *m)
{
    unsigned n = 0;
    for (size_t i = 0; i < XM_CPUMAP_WORDS; i++)
        n += (unsigned)__builtin_popcountll(m->bits[i]);
    return n;
}

static const char *skip_blanks(const char *p, const char *end)
{
    while (p < end && isspace((unsigned char)*p))
        p++;
    return p;
}

/* A pCPU number between p and end (blanks around allowed, as Python's
 * int() allows them). */
static int parse_cpu(const char *p, const char *end, unsigned *cpu,
                     char *err, size_t errlen)
{
    p = skip_blanks(p, end);
    while (end > p && isspace((unsigned char)end[-1]))
        end--;
    unsigned long v = 0;
    if (p == end) {
        snprintf(err, errlen, "missing CPU number");
        return -1;
    }
    for (const char *q = p; q < end; q++) {
        if (!isdigit((unsigned char)*q)) {
            snprintf(err, errlen, "'%.*s' is not a CPU number",
                     (int)(end - p > 32 ? 32 : end - p), p);
            return -1;
        }
        v = v * 10 + (unsigned long)(*q - '0');
        if (v >= XM_MAX_PCPUS) {
            snprintf(err, errlen, "CPU number '%.*s' is above the limit of "
                     "%d", (int)(end - p > 32 ? 32 : end - p), p,
                     XM_MAX_PCPUS - 1);
            return -1;
        }
    }
    *cpu = (unsigned)v;
    return 0;
}

static int apply_item(const char *p, const char *end, struct xm_cpumap *m,
                      char *err, size_t errlen)
{
    p = skip_blanks(p, end);
    if (p == end)
        return 0;
    bool exclude = *p == '^';
    if (exclude)
        p++;
    const char *dash = memchr(p, '-', (size_t)(end - p));
    unsigned lo, hi;
    if (parse_cpu(p, dash ? dash : end, &lo, err, errlen) < 0)
        return -1;
    hi = lo;
    if (dash && parse_cpu(dash + 1, end, &hi, err, errlen) < 0)
        return -1;
    if (hi < lo) {
        snprintf(err, errlen, "range %u-%u goes backwards", lo, hi);
        return -1;
    }
    for (unsigned c = lo; c <= hi; c++) {
        if (exclude)
            cpumap_clear(m, c);
        else
            xm_cpumap_set(m, c);
    }
    return 0;
}

int xm_cpumap_parse(const char *spec, struct xm_cpumap *out,
                    char *err, size_t errlen)
{
    memset(out, 0, sizeof(*out));
    const char *p = spec;
    for (;;) {
        const char *comma = strchr(p, ',');
        const char *end = comma ? comma : p + strlen(p);
        if (apply_item(p, end, out, err, errlen) < 0)
            return -1;
        if (!comma)
            return 0;
        p = comma + 1;
    }
}

size_t xm_cpumap_format(const struct xm_cpumap *m, char *buf, size_t len)
{
    size_t at = 0;
    if (len)
        buf[0] = '\0';
    for (unsigned c = 0; c < XM_MAX_PCPUS; c++) {
        if (!xm_cpumap_test(m, c))
            continue;
        unsigned e = c;
        while (e + 1 < XM_MAX_PCPUS && xm_cpumap_test(m, e + 1))
            e++;
        char item[32];
        const char *sep = at ? "," : "";
        int n = e > c ? snprintf(item, sizeof(item), "%s%u-%u", sep, c, e)
                      : snprintf(item, sizeof(item), "%s%u", sep, c);
        if (at < len)
            snprintf(buf + at, len - at, "%s", item);
        at += (size_t)n;
        c = e;
    }
    return at;
}

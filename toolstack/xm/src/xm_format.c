/* xm's list and info output (see xm_format.h). */
#include "xm_format.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static long long int_of(const struct sxp *x, const char *key, long long dflt)
{
    const char *v = sxp_child_value(x, key, NULL);
    char *end;
    long long n;

    if (!v)
        return dflt;
    n = strtoll(v, &end, 10);
    return end == v ? dflt : n;
}

static double float_of(const struct sxp *x, const char *key)
{
    const char *v = sxp_child_value(x, key, NULL);
    return v ? strtod(v, NULL) : 0.0;
}

/* Text into a memstream; finish() closes it and returns the text. */
static char *finish(FILE *f, char **s)
{
    if (fclose(f)) {
        free(*s);
        return NULL;
    }
    return *s;
}

static bool is_domain(const struct sxp *x)
{
    const char *n = sxp_name(x);
    return n && !strcmp(n, "domain");
}

char *xm_format_list(const struct sxp *domains)
{
    char *s = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&s, &len);

    if (!f)
        return NULL;
    fprintf(f, "%-40s %5s %5s %5s %10s %9s\n", "Name", "ID", "Mem", "VCPUs",
            "State", "Time(s)");
    for (size_t i = 1; i < domains->n; i++) {
        const struct sxp *d = &domains->items[i];
        if (!is_domain(d))
            continue;
        /* VCPUs: those online while the domain is up (xm 4.1). */
        fprintf(f, "%-40s %5s %5lld %5lld %10s %8.1f\n",
                sxp_child_value(d, "name", "??"), sxp_child_value(d, "domid", ""),
                int_of(d, "memory", 0),
                int_of(d, "online_vcpus", int_of(d, "vcpus", 0)),
                sxp_child_value(d, "state", ""), float_of(d, "cpu_time"));
    }
    return finish(f, &s);
}

char *xm_format_long(const struct sxp *domains)
{
    char *s = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&s, &len);

    if (!f)
        return NULL;
    for (size_t i = 1; i < domains->n; i++) {
        const struct sxp *d = &domains->items[i];
        if (!is_domain(d))
            continue;
        fputs("(domain\n", f);
        for (size_t k = 1; k < d->n; k++) {
            char *line = sxp_format(&d->items[k], false);
            if (!line) {
                fclose(f);
                free(s);
                return NULL;
            }
            fprintf(f, "    %s\n", line);
            free(line);
        }
        fputs(")\n", f);
    }
    return finish(f, &s);
}

char *xm_format_info(const struct sxp *node)
{
    char *s = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&s, &len);

    if (!f)
        return NULL;
    for (size_t i = 1; i < node->n; i++) {
        const struct sxp *kv = &node->items[i];
        const char *key = sxp_name(kv);
        if (!key)
            continue;
        if (kv->n < 2 || kv->items[1].kind != SXP_ATOM)
            fprintf(f, "%-23s: (none)\n", key);
        else
            fprintf(f, "%-23s: %s\n", key, kv->items[1].atom);
    }
    return finish(f, &s);
}

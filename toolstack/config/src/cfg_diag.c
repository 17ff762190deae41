/* Collects warnings and errors with their file:line, in input order. */
#define _POSIX_C_SOURCE 200809L
#include "cfg_diag.h"

#include <stdlib.h>
#include <string.h>

static char *vformat(const char *fmt, va_list ap)
{
    va_list cp;
    va_copy(cp, ap);
    int n = vsnprintf(NULL, 0, fmt, cp);
    va_end(cp);
    if (n < 0)
        return NULL;
    char *s = malloc((size_t)n + 1);
    if (s)
        vsnprintf(s, (size_t)n + 1, fmt, ap);
    return s;
}

static char *format(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = vformat(fmt, ap);
    va_end(ap);
    return s;
}

void cfg_diag_vadd(struct cfg_diags *d, enum cfg_diag_level level,
                   const char *file, unsigned line, const char *key,
                   const char *fmt, va_list ap)
{
    if (d->n == d->cap) {
        size_t cap = d->cap ? d->cap * 2 : 8;
        struct cfg_diag *v = realloc(d->v, cap * sizeof(*v));
        if (!v)
            return;   /* out of memory: the message is lost, not the caller */
        d->v = v;
        d->cap = cap;
    }
    char *body = vformat(fmt, ap);
    if (!body)
        return;
    char where[64] = "";
    if (line)
        snprintf(where, sizeof(where), ":%u", line);
    const char *lvl = level == CFG_WARNING ? "warning: " : "";
    char *text = key ? format("%s%s: %skey '%s': %s", file ? file : "<input>",
                              where, lvl, key, body)
                     : format("%s%s: %s%s", file ? file : "<input>", where,
                              lvl, body);
    free(body);
    if (!text)
        return;
    struct cfg_diag *m = &d->v[d->n++];
    m->level = level;
    m->line = line;
    m->key = key ? strdup(key) : NULL;
    m->text = text;
}

void cfg_diag_add(struct cfg_diags *d, enum cfg_diag_level level,
                  const char *file, unsigned line, const char *key,
                  const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    cfg_diag_vadd(d, level, file, line, key, fmt, ap);
    va_end(ap);
}

size_t cfg_diags_count(const struct cfg_diags *d, enum cfg_diag_level level)
{
    size_t n = 0;
    for (size_t i = 0; i < d->n; i++)
        n += d->v[i].level == level;
    return n;
}

const struct cfg_diag *cfg_diags_find(const struct cfg_diags *d,
                                      const char *needle)
{
    for (size_t i = 0; i < d->n; i++)
        if (strstr(d->v[i].text, needle))
            return &d->v[i];
    return NULL;
}

void cfg_diags_print(const struct cfg_diags *d, FILE *out)
{
    for (size_t i = 0; i < d->n; i++)
        fprintf(out, "%s\n", d->v[i].text);
}

void cfg_diags_free(struct cfg_diags *d)
{
    for (size_t i = 0; i < d->n; i++) {
        free(d->v[i].key);
        free(d->v[i].text);
    }
    free(d->v);
    d->v = NULL;
    d->n = d->cap = 0;
}

#include "vars.h"
#include "util.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void vars_init(struct vars *vs)
{
    vs->v = NULL;
    vs->n = vs->cap = 0;
}

void vars_free(struct vars *vs)
{
    for (int i = 0; i < vs->n; i++) {
        free(vs->v[i].name);
        free(vs->v[i].value);
    }
    free(vs->v);
    vars_init(vs);
}

void vars_copy(struct vars *dst, const struct vars *src)
{
    vars_init(dst);
    for (int i = 0; i < src->n; i++)
        vars_set(dst, src->v[i].name, src->v[i].value, src->v[i].prio);
}

void vars_set(struct vars *vs, const char *name, const char *value, int prio)
{
    for (int i = 0; i < vs->n; i++) {
        if (strcmp(vs->v[i].name, name) == 0) {
            if (prio < vs->v[i].prio)
                return;
            free(vs->v[i].value);
            vs->v[i].value = xstrdup(value);
            vs->v[i].prio = prio;
            return;
        }
    }
    if (vs->n == vs->cap) {
        vs->cap = vs->cap ? vs->cap * 2 : 16;
        vs->v = xrealloc(vs->v, (size_t)vs->cap * sizeof *vs->v);
    }
    vs->v[vs->n].name = xstrdup(name);
    vs->v[vs->n].value = xstrdup(value);
    vs->v[vs->n].prio = prio;
    vs->n++;
}

const char *vars_get(const struct vars *vs, const char *name)
{
    for (int i = 0; i < vs->n; i++)
        if (strcmp(vs->v[i].name, name) == 0)
            return vs->v[i].value;
    return NULL;
}

int vars_name_ok(const char *s, int len)
{
    if (len <= 0 || !(isalpha((unsigned char)s[0]) || s[0] == '_'))
        return 0;
    for (int i = 1; i < len; i++)
        if (!(isalnum((unsigned char)s[i]) || s[i] == '_'))
            return 0;
    return 1;
}

/* Finds the '}' closing the ${ that starts at p (p points after "${"),
 * skipping nested ${...}. */
static const char *closing_brace(const char *p)
{
    int depth = 1;
    for (; *p; p++) {
        if (p[0] == '$' && p[1] == '{') {
            depth++;
            p++;
        } else if (*p == '}' && --depth == 0) {
            return p;
        }
    }
    return NULL;
}

static int expand_into(const struct vars *vs, const char *src, size_t n,
                       struct strbuf *out, char *errbuf, int errlen, int depth)
{
    const char *end = src + n;
    if (depth > 16) {
        snprintf(errbuf, (size_t)errlen, "variables nested too deeply");
        return -1;
    }
    for (const char *p = src; p < end; p++) {
        if (!(p[0] == '$' && p + 1 < end && p[1] == '{')) {
            sb_addc(out, *p);
            continue;
        }
        const char *body = p + 2, *close = closing_brace(body);
        if (!close || close >= end) {
            snprintf(errbuf, (size_t)errlen, "unterminated ${ (missing })");
            return -1;
        }
        const char *dflt = strstr(body, ":-");
        int has_dflt = dflt && dflt < close;
        int nlen = (int)((has_dflt ? dflt : close) - body);
        if (!vars_name_ok(body, nlen)) {
            snprintf(errbuf, (size_t)errlen, "bad variable name '%.*s'", nlen, body);
            return -1;
        }
        char name[128];
        snprintf(name, sizeof name, "%.*s", nlen, body);
        const char *val = vars_get(vs, name);
        if (val) {
            sb_adds(out, val);
        } else if (has_dflt) {
            if (expand_into(vs, dflt + 2, (size_t)(close - dflt - 2), out, errbuf, errlen,
                            depth + 1) < 0)
                return -1;
        } else {
            snprintf(errbuf, (size_t)errlen,
                     "undefined variable ${%s} (define it, pass --define %s=..., or write ${%s:-default})",
                     name, name, name);
            return -1;
        }
        p = close;
    }
    return 0;
}

char *vars_expand(const struct vars *vs, const char *src, char *errbuf, int errlen)
{
    struct strbuf out;
    sb_init(&out);
    if (expand_into(vs, src, strlen(src), &out, errbuf, errlen, 0) < 0) {
        sb_free(&out);
        return NULL;
    }
    return sb_steal(&out);
}

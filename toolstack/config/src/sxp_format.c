/* Writing S-expressions back as text that sxp_parse reads unchanged. */
#define _POSIX_C_SOURCE 200809L
#include "sxp.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct out {
    char *s;
    size_t n, cap;
    bool oom;
};

static void put(struct out *o, const char *s, size_t n)
{
    if (o->oom)
        return;
    if (o->n + n + 1 > o->cap) {
        size_t cap = (o->cap ? o->cap : 64);
        while (cap < o->n + n + 1)
            cap *= 2;
        char *t = realloc(o->s, cap);
        if (!t) {
            o->oom = true;
            return;
        }
        o->s = t;
        o->cap = cap;
    }
    memcpy(o->s + o->n, s, n);
    o->n += n;
    o->s[o->n] = '\0';
}

static bool needs_quotes(const char *a)
{
    if (!*a || *a == '#')
        return true;
    for (const char *p = a; *p; p++)
        if ((unsigned char)*p <= ' ' || strchr("()'\"\\", *p) ||
            (unsigned char)*p >= 0x7f)
            return true;
    return false;
}

static void put_atom(struct out *o, const char *a)
{
    if (!needs_quotes(a)) {
        put(o, a, strlen(a));
        return;
    }
    put(o, "'", 1);
    for (const unsigned char *p = (const unsigned char *)a; *p; p++) {
        char esc[8];
        if (*p == '\'' || *p == '\\')
            snprintf(esc, sizeof(esc), "\\%c", *p);
        else if (*p < ' ' || *p == 0x7f)
            snprintf(esc, sizeof(esc), "\\x%02x", *p);
        else
            snprintf(esc, sizeof(esc), "%c", *p);
        put(o, esc, strlen(esc));
    }
    put(o, "'", 1);
}

static void put_expr(struct out *o, const struct sxp *x, const char *sep)
{
    if (x->kind == SXP_ATOM) {
        put_atom(o, x->atom ? x->atom : "");
        return;
    }
    put(o, "(", 1);
    for (size_t i = 0; i < x->n; i++) {
        if (i)
            put(o, sep, strlen(sep));
        put_expr(o, &x->items[i], " ");
    }
    put(o, ")", 1);
}

char *sxp_format(const struct sxp *x, bool doc_form)
{
    struct out o = { 0 };
    put(&o, "", 0);
    if (doc_form && x->kind == SXP_LIST) {
        for (size_t i = 0; i < x->n; i++) {
            put_expr(&o, &x->items[i], " ");
            put(&o, "\n", 1);
        }
    } else {
        put_expr(&o, x, " ");
    }
    if (o.oom) {
        free(o.s);
        return NULL;
    }
    return o.s;
}

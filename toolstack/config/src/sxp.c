/* Reading and writing S-expressions (see sxp.h). */
#define _POSIX_C_SOURCE 200809L
#include "cfg_grow.h"
#include "sxp.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct reader {
    const char *p, *end;
    unsigned line;
    const char *file;
    struct cfg_diags *diags;
    bool failed;
};

static void fail(struct reader *r, unsigned line, const char *msg)
{
    if (!r->failed)
        cfg_diag_add(r->diags, CFG_ERROR, r->file, line, NULL, "%s", msg);
    r->failed = true;
}

static void skip_space(struct reader *r)
{
    while (r->p < r->end) {
        if (*r->p == '#') {
            while (r->p < r->end && *r->p != '\n')
                r->p++;
        } else if (isspace((unsigned char)*r->p)) {
            r->line += *r->p == '\n';
            r->p++;
        } else {
            return;
        }
    }
}

static bool is_atom_char(char c)
{
    return c && !isspace((unsigned char)c) && !strchr("()'\"", c);
}

static bool push(struct sxp *list, const struct sxp *item)
{
    if (!cfg_grow(&list->items, list->n, sizeof(*list->items)))
        return false;
    list->items[list->n++] = *item;
    return true;
}

static int hexval(char c)
{
    if (isdigit((unsigned char)c))
        return c - '0';
    c = (char)tolower((unsigned char)c);
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* The character after a backslash at r->p; advances past the escape. */
static int read_escape(struct reader *r)
{
    static const char from[] = "ntr", to[] = "\n\t\r";
    char c = *r->p++;
    const char *m = strchr(from, c);
    if (c == 'x' && r->end - r->p >= 2) {
        int h = hexval(r->p[0]), l = hexval(r->p[1]);
        if (h >= 0 && l >= 0 && (h || l)) {
            r->p += 2;
            return h * 16 + l;
        }
    }
    return m && c ? to[m - from] : c;
}

static bool read_quoted(struct reader *r, struct sxp *x)
{
    char q = *r->p++;
    size_t cap = 16, n = 0;
    char *s = malloc(cap);
    while (s && r->p < r->end && *r->p != q && *r->p != '\n' && *r->p) {
        bool esc = *r->p == '\\' && r->end - r->p > 1 && r->p[1] != '\0' &&
                   r->p[1] != '\n';
        int c = esc ? (r->p++, read_escape(r)) : *r->p++;
        if (n + 2 > cap) {
            char *t = realloc(s, cap *= 2);
            if (!t)
                break;
            s = t;
        }
        s[n++] = (char)c;
    }
    if (!s || r->p >= r->end || *r->p != q) {
        free(s);
        fail(r, r->line, r->p < r->end && *r->p == '\0'
             ? "NUL byte in a quoted string"
             : q == '"' ? "unterminated string (a \" without its closing \")"
                        : "unterminated string (a ' without its closing ')");
        return false;
    }
    r->p++;
    s[n] = '\0';
    x->atom = s;
    x->quoted = true;
    return true;
}

static bool read_expr(struct reader *r, struct sxp *x, int depth);

static bool read_list(struct reader *r, struct sxp *x, int depth)
{
    unsigned open = r->line;
    x->kind = SXP_LIST;
    r->p++;
    for (;;) {
        skip_space(r);
        if (r->p >= r->end) {
            fail(r, open, "'(' opened here is never closed");
            return false;
        }
        if (*r->p == ')') {
            r->p++;
            return true;
        }
        struct sxp item = { 0 };
        if (!read_expr(r, &item, depth + 1) || !push(x, &item)) {
            sxp_free(&item);
            return false;
        }
    }
}

static bool read_expr(struct reader *r, struct sxp *x, int depth)
{
    x->line = r->line;
    x->kind = SXP_ATOM;
    if (depth > SXP_MAX_DEPTH) {
        fail(r, r->line, "lists nested too deeply");
        return false;
    }
    char c = *r->p;
    if (c == '(')
        return read_list(r, x, depth);
    if (c == '\'' || c == '"')
        return read_quoted(r, x);
    if (c == ')') {
        fail(r, r->line, "')' without a matching '('");
        return false;
    }
    if (c == '\0') {
        fail(r, r->line, "NUL byte");
        return false;
    }
    const char *s = r->p;
    while (r->p < r->end && is_atom_char(*r->p))
        r->p++;
    x->atom = strndup(s, (size_t)(r->p - s));
    return x->atom != NULL;
}

int sxp_parse(const char *text, size_t len, const char *file,
              struct sxp *doc, struct cfg_diags *diags)
{
    struct reader r = { text, text + len, 1, file, diags, false };
    memset(doc, 0, sizeof(*doc));
    doc->kind = SXP_LIST;
    doc->line = 1;
    for (;;) {
        skip_space(&r);
        if (r.p >= r.end || r.failed)
            break;
        struct sxp item = { 0 };
        if (!read_expr(&r, &item, 1) || !push(doc, &item)) {
            sxp_free(&item);
            fail(&r, r.line, "out of memory");
        }
    }
    return r.failed ? -1 : 0;
}

void sxp_free(struct sxp *x)
{
    for (size_t i = 0; i < x->n; i++)
        sxp_free(&x->items[i]);
    free(x->items);
    free(x->atom);
    memset(x, 0, sizeof(*x));
}

const char *sxp_name(const struct sxp *x)
{
    return x->kind == SXP_LIST && x->n && x->items[0].kind == SXP_ATOM
               ? x->items[0].atom : NULL;
}

const struct sxp *sxp_child(const struct sxp *x, const char *name)
{
    for (size_t i = 0; x->kind == SXP_LIST && i < x->n; i++) {
        const char *n = sxp_name(&x->items[i]);
        if (n && !strcmp(n, name))
            return &x->items[i];
    }
    return NULL;
}

const char *sxp_child_value(const struct sxp *x, const char *name,
                            const char *dflt)
{
    const struct sxp *c = sxp_child(x, name);
    return c && c->n > 1 && c->items[1].kind == SXP_ATOM ? c->items[1].atom
                                                         : dflt;
}

#include "lines.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

static int is_blank(char c)
{
    return c == ' ' || c == '\t';
}

static int is_blank_line(const char *s)
{
    while (is_blank(*s))
        s++;
    return *s == '\0' || *s == '#';
}

void lines_split(const char *text, struct lines *out)
{
    int cap = 0, lineno = 0;
    struct strbuf cur;
    int start = 0, open = 0;
    out->l = NULL;
    out->n = 0;
    sb_init(&cur);
    const char *p = text;
    while (*p) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        lineno++;
        if (len && p[len - 1] == '\r')
            len--;
        if (!open)
            start = lineno;
        int cont = len > 0 && p[len - 1] == '\\';
        sb_addn(&cur, p, cont ? len - 1 : len);
        open = cont;
        if (!cont || !nl) {
            if (!is_blank_line(cur.buf)) {
                if (out->n == cap) {
                    cap = cap ? cap * 2 : 32;
                    out->l = xrealloc(out->l, (size_t)cap * sizeof *out->l);
                }
                out->l[out->n].text = xstrdup(cur.buf);
                out->l[out->n].lineno = start;
                out->n++;
            }
            cur.len = 0;
            cur.buf[0] = '\0';
        }
        p = nl ? nl + 1 : p + len;
    }
    sb_free(&cur);
}

void lines_free(struct lines *ls)
{
    for (int i = 0; i < ls->n; i++)
        free(ls->l[i].text);
    free(ls->l);
    ls->l = NULL;
    ls->n = 0;
}

static void skip_blanks(struct cursor *c)
{
    while (is_blank(*c->p))
        c->p++;
}

int cur_at_end(struct cursor *c)
{
    skip_blanks(c);
    return *c->p == '\0' || *c->p == '#';
}

char *cur_word(struct cursor *c)
{
    if (cur_at_end(c))
        return NULL;
    const char *s = c->p;
    while (*c->p && !is_blank(*c->p))
        c->p++;
    return xstrndup(s, (size_t)(c->p - s));
}

char *cur_quoted(struct cursor *c, const char **err)
{
    skip_blanks(c);
    if (*c->p != '"') {
        *err = "expected \"text\" in double quotes";
        return NULL;
    }
    const char *s = ++c->p;
    while (*c->p && *c->p != '"') {
        if (*c->p == '\\' && c->p[1])
            c->p++;
        c->p++;
    }
    if (*c->p != '"') {
        *err = "unterminated \"text\" (missing closing \")";
        return NULL;
    }
    char *r = xstrndup(s, (size_t)(c->p - s));
    c->p++;
    return r;
}

char *cur_regex(struct cursor *c, int *icase, const char **err)
{
    struct strbuf sb;
    skip_blanks(c);
    if (*c->p != '/') {
        *err = "expected a /regex/";
        return NULL;
    }
    c->p++;
    sb_init(&sb);
    while (*c->p && *c->p != '/') {
        if (c->p[0] == '\\' && c->p[1] == '/') {
            sb_addc(&sb, '/');
            c->p += 2;
            continue;
        }
        if (c->p[0] == '\\' && c->p[1]) {
            sb_addn(&sb, c->p, 2);
            c->p += 2;
            continue;
        }
        sb_addc(&sb, *c->p++);
    }
    if (*c->p != '/') {
        sb_free(&sb);
        *err = "unterminated /regex/ (missing closing /; write \\/ for a slash)";
        return NULL;
    }
    c->p++;
    *icase = 0;
    if (*c->p == 'i') {
        *icase = 1;
        c->p++;
    }
    if (*c->p && !is_blank(*c->p)) {
        sb_free(&sb);
        *err = "unexpected text after /regex/ (only the flag i may follow)";
        return NULL;
    }
    return sb_steal(&sb);
}

char *cur_rest(struct cursor *c)
{
    skip_blanks(c);
    const char *s = c->p, *end = c->p;
    char quote = 0;
    int word_start = 1;
    for (const char *p = s; *p; p++) {
        if (quote) {
            if (*p == quote)
                quote = 0;
            else if (*p == '\\' && quote == '"' && p[1])
                p++;
            word_start = 0;
        } else if (*p == '\'' || *p == '"') {
            quote = *p;
            word_start = 0;
        } else if (*p == '\\' && p[1]) {
            p++;
            word_start = 0;
        } else if (*p == '#' && word_start) {
            break;
        } else {
            word_start = is_blank(*p);
        }
        end = p + 1;
    }
    while (end > s && is_blank(end[-1]))
        end--;
    c->p = s + strlen(s);
    return xstrndup(s, (size_t)(end - s));
}

/* Statements of the xm config Python subset (see pyconf.h). */
#define _POSIX_C_SOURCE 200809L
#include "cfg_grow.h"
#include "pyconf.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_LIST_DEPTH 8   /* xm needs 1; bounded so hostile input can't
                              exhaust the stack */

struct parser {
    struct py_lexer lx;
    struct py_token tok;
    const char *file;
    const char *key;       /* statement being parsed, for messages */
    struct cfg_diags *diags;
    bool failed;
};

static void advance(struct parser *ps)
{
    free(ps->tok.text);
    py_lex(&ps->lx, &ps->tok);
}

/* Describes the current token for "expected X, got Y" messages. */
static void describe(const struct py_token *t, char *buf, size_t len)
{
    switch (t->kind) {
    case T_EOF:     snprintf(buf, len, "end of file"); break;
    case T_NEWLINE: snprintf(buf, len, "end of line"); break;
    case T_NAME:    snprintf(buf, len, "'%.40s'", t->text); break;
    case T_STR:     snprintf(buf, len, "string '%.40s'", t->text); break;
    case T_INT:     snprintf(buf, len, "%lld", t->num); break;
    case T_EQ:      snprintf(buf, len, "'='"); break;
    case T_LBRACK:  snprintf(buf, len, "'['"); break;
    case T_RBRACK:  snprintf(buf, len, "']'"); break;
    case T_COMMA:   snprintf(buf, len, "','"); break;
    case T_MINUS:   snprintf(buf, len, "'-'"); break;
    case T_OTHER:   snprintf(buf, len, "'%s'", t->text); break;
    case T_ERROR:   snprintf(buf, len, "%s", t->err); break;
    }
}

static void fail(struct parser *ps, const char *expected, const char *hint)
{
    if (ps->failed)
        return;
    ps->failed = true;
    if (ps->tok.kind == T_ERROR) {
        cfg_diag_add(ps->diags, CFG_ERROR, ps->file, ps->tok.line, ps->key,
                     "%s", ps->tok.err);
        return;
    }
    char got[96];
    describe(&ps->tok, got, sizeof(got));
    cfg_diag_add(ps->diags, CFG_ERROR, ps->file, ps->tok.line, ps->key,
                 "expected %s, got %s%s", expected, got, hint ? hint : "");
}

static bool parse_value(struct parser *ps, struct py_value *v, int depth);

static bool append_item(struct py_value *list, struct py_value *item)
{
    if (!cfg_grow(&list->items, list->n, sizeof(*list->items)))
        return false;
    list->items[list->n++] = *item;
    return true;
}

static bool parse_list(struct parser *ps, struct py_value *v, int depth)
{
    v->kind = PY_LIST;
    advance(ps);   /* '[' */
    while (ps->tok.kind != T_RBRACK) {
        struct py_value item = { 0 };
        if (!parse_value(ps, &item, depth + 1)) {
            py_value_free(&item);
            return false;
        }
        if (!append_item(v, &item)) {
            py_value_free(&item);
            fail(ps, "memory", NULL);
            return false;
        }
        if (ps->tok.kind == T_COMMA)
            advance(ps);
        else if (ps->tok.kind != T_RBRACK) {
            fail(ps, "',' or ']' in the list", NULL);
            return false;
        }
    }
    advance(ps);   /* ']' */
    return true;
}

/* One or more adjacent string literals, joined as Python does. */
static bool parse_string(struct parser *ps, struct py_value *v)
{
    v->kind = PY_STR;
    v->str = ps->tok.text;
    ps->tok.text = NULL;
    advance(ps);
    size_t len = strlen(v->str), cap = len + 1;
    while (ps->tok.kind == T_STR) {
        size_t b = strlen(ps->tok.text);
        if (len + b + 1 > cap) {
            cap = 2 * (len + b + 1);   /* doubling: many pieces stay linear */
            char *s = realloc(v->str, cap);
            if (!s) {
                fail(ps, "memory", NULL);
                return false;
            }
            v->str = s;
        }
        memcpy(v->str + len, ps->tok.text, b + 1);
        len += b;
        advance(ps);
    }
    return true;
}

static bool parse_name_value(struct parser *ps, struct py_value *v, int depth)
{
    static const struct { const char *name; enum py_kind kind; int num; }
    consts[] = { { "True", PY_INT, 1 }, { "False", PY_INT, 0 },
                 { "None", PY_NONE, 0 } };
    for (size_t i = 0; i < sizeof(consts) / sizeof(consts[0]); i++) {
        if (strcmp(ps->tok.text, consts[i].name) == 0) {
            v->kind = consts[i].kind;
            v->num = consts[i].num;
            advance(ps);
            return true;
        }
    }
    fail(ps, "a value (a quoted string, an integer, a list, True, False or "
         "None)", depth > 0 ? " (is a ']' missing above?)" : NULL);
    return false;
}

static bool parse_value(struct parser *ps, struct py_value *v, int depth)
{
    v->line = ps->tok.line;
    if (depth > MAX_LIST_DEPTH) {
        fail(ps, "at most 8 nested lists", NULL);
        return false;
    }
    switch (ps->tok.kind) {
    case T_STR:
        return parse_string(ps, v);
    case T_INT:
        v->kind = PY_INT;
        v->num = ps->tok.num;
        advance(ps);
        return true;
    case T_MINUS:
        advance(ps);
        if (ps->tok.kind != T_INT) {
            fail(ps, "an integer after '-'", NULL);
            return false;
        }
        v->kind = PY_INT;
        v->num = -ps->tok.num;
        advance(ps);
        return true;
    case T_LBRACK:
        return parse_list(ps, v, depth);
    case T_NAME:
        return parse_name_value(ps, v, depth);
    default:
        fail(ps, "a value (a quoted string, an integer, a list, True, False "
             "or None)", NULL);
        return false;
    }
}

static bool add_statement(struct py_file *f, char *name, unsigned line,
                          struct py_value *v)
{
    if (!cfg_grow(&f->v, f->n, sizeof(*f->v)))
        return false;
    f->v[f->n].name = name;
    f->v[f->n].line = line;
    f->v[f->n].value = *v;
    f->n++;
    return true;
}

/* Python 2.7's reserved words (Language Reference 2.3.1, print and exec
 * included), and None, which Python 2.7 refuses as an assignment target
 * too ("cannot assign to None"). */
static bool is_keyword(const char *name)
{
    static const char *const kw[] = {
        "and", "as", "assert", "break", "class", "continue", "def", "del",
        "elif", "else", "except", "exec", "finally", "for", "from",
        "global", "if", "import", "in", "is", "lambda", "not", "or", "pass",
        "print", "raise", "return", "try", "while", "with", "yield", "None",
    };
    for (size_t i = 0; i < sizeof(kw) / sizeof(kw[0]); i++)
        if (!strcmp(name, kw[i]))
            return true;
    return false;
}

static bool parse_statement(struct parser *ps, struct py_file *out)
{
    if (ps->tok.kind != T_NAME) {
        ps->key = NULL;
        fail(ps, "a statement 'name = value'", NULL);
        return false;
    }
    if (is_keyword(ps->tok.text)) {
        char *kw = ps->tok.text;
        unsigned line = ps->tok.line;
        ps->tok.text = NULL;
        advance(ps);
        ps->key = NULL;
        ps->failed = true;
        if (ps->tok.kind == T_EQ)
            cfg_diag_add(ps->diags, CFG_ERROR, ps->file, line, NULL,
                         "'%s' is a Python keyword, not a name (Python "
                         "refuses '%s = ...' as a syntax error)", kw, kw);
        else   /* import, print, if ...: Python code, not a setting */
            cfg_diag_add(ps->diags, CFG_ERROR, ps->file, line, NULL,
                         "a Python '%s' statement is not supported here "
                         "(only 'name = value' lines)", kw);
        free(kw);
        return false;
    }
    if (!strcmp(ps->tok.text, "True") || !strcmp(ps->tok.text, "False")) {
        /* Python 2 lets True/False be rebound, but here they stay the
         * constants 1/0, so a later 'x = True' would differ: refused. */
        ps->failed = true;
        cfg_diag_add(ps->diags, CFG_ERROR, ps->file, ps->tok.line, NULL,
                     "'%s' is a constant here and cannot be assigned",
                     ps->tok.text);
        return false;
    }
    char *name = ps->tok.text;
    unsigned line = ps->tok.line;
    ps->tok.text = NULL;
    ps->key = name;
    advance(ps);
    struct py_value v = { 0 };
    bool ok = false;
    if (ps->tok.kind != T_EQ)
        fail(ps, "'=' after the name", NULL);
    else {
        advance(ps);
        ok = parse_value(ps, &v, 0);
    }
    if (ok && ps->tok.kind != T_NEWLINE && ps->tok.kind != T_EOF) {
        fail(ps, "end of line after the value", NULL);
        ok = false;
    }
    if (ok && !add_statement(out, name, line, &v)) {
        fail(ps, "memory", NULL);
        ok = false;
    }
    if (!ok) {
        py_value_free(&v);
        free(name);
    }
    ps->key = NULL;
    return ok;
}

unsigned pyconf_count_lines(const char *text, size_t len)
{
    unsigned n = 0;
    for (size_t i = 0; i < len; i++)
        n += text[i] == '\n' || (text[i] == '\r' &&
                                  (i + 1 == len || text[i + 1] != '\n'));
    if (len && text[len - 1] != '\n' && text[len - 1] != '\r')
        n++;
    return n;
}

/* "\r\n" and a lone "\r" become "\n", as Python 2.7's tokenizer reads
 * files (universal newlines): continuation lines and newlines inside
 * triple-quoted strings are then the same in CRLF and LF files. */
static char *normalize_newlines(const char *text, size_t *len)
{
    char *s = malloc(*len + 1);
    size_t n = 0;
    if (!s)
        return NULL;
    for (size_t i = 0; i < *len; i++) {
        s[n++] = text[i] == '\r' ? '\n' : text[i];
        if (text[i] == '\r' && i + 1 < *len && text[i + 1] == '\n')
            i++;
    }
    *len = n;
    return s;
}

int pyconf_parse(const char *text, size_t len, const char *file,
                 struct py_file *out, struct cfg_diags *diags)
{
    struct parser ps = { .file = file, .diags = diags };
    out->v = NULL;
    out->n = 0;
    char *norm = normalize_newlines(text, &len);
    if (!norm) {
        cfg_diag_add(diags, CFG_ERROR, file, 0, NULL, "out of memory");
        return -1;
    }
    py_lexer_init(&ps.lx, norm, len);
    py_lex(&ps.lx, &ps.tok);
    while (ps.tok.kind != T_EOF && !ps.failed) {
        if (ps.tok.kind == T_NEWLINE) {
            advance(&ps);
            continue;
        }
        if (parse_statement(&ps, out) && ps.tok.kind == T_NEWLINE)
            advance(&ps);
    }
    free(ps.tok.text);
    free(norm);
    return ps.failed ? -1 : 0;
}

void py_value_free(struct py_value *v)
{
    for (size_t i = 0; i < v->n; i++)
        py_value_free(&v->items[i]);
    free(v->items);
    free(v->str);
    v->items = NULL;
    v->str = NULL;
    v->n = 0;
}

void pyconf_free(struct py_file *f)
{
    for (size_t i = 0; i < f->n; i++) {
        free(f->v[i].name);
        py_value_free(&f->v[i].value);
    }
    free(f->v);
    f->v = NULL;
    f->n = 0;
}

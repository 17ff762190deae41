/* String literals of the xm config Python subset (see pyconf.h), decoded
 * as Python 2.7 decodes them (Language Reference 2.4.1 "String literals").
 * Strings are C strings here, so an escape giving a NUL byte is refused. */
#define _POSIX_C_SOURCE 200809L
#include "pyconf.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct buf {
    char *s;
    size_t n, cap;
    bool oom;
};

static void buf_put(struct buf *b, int c)
{
    if (b->n + 1 >= b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 32;
        char *s = realloc(b->s, cap);
        if (!s) {
            b->oom = true;
            return;
        }
        b->s = s;
        b->cap = cap;
    }
    b->s[b->n++] = (char)c;
    b->s[b->n] = '\0';
}

/* A u'' literal is Unicode in Python; here it becomes UTF-8 text. */
static void buf_put_utf8(struct buf *b, unsigned long cp)
{
    if (cp < 0x80) {
        buf_put(b, (int)cp);
    } else if (cp < 0x800) {
        buf_put(b, (int)(0xc0 | cp >> 6));
        buf_put(b, (int)(0x80 | (cp & 0x3f)));
    } else if (cp < 0x10000) {
        buf_put(b, (int)(0xe0 | cp >> 12));
        buf_put(b, (int)(0x80 | ((cp >> 6) & 0x3f)));
        buf_put(b, (int)(0x80 | (cp & 0x3f)));
    } else {
        buf_put(b, (int)(0xf0 | cp >> 18));
        buf_put(b, (int)(0x80 | ((cp >> 12) & 0x3f)));
        buf_put(b, (int)(0x80 | ((cp >> 6) & 0x3f)));
        buf_put(b, (int)(0x80 | (cp & 0x3f)));
    }
}

__attribute__((format(printf, 3, 4)))
static void set_error(struct py_token *t, unsigned line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    t->kind = T_ERROR;
    t->line = line;
    vsnprintf(t->err, sizeof(t->err), fmt, ap);
    va_end(ap);
}

/* Exactly n hex digits from off, or -1 (Python: "truncated \xXX"). */
static long hex_digits(const struct py_lexer *lx, size_t off, int n)
{
    long v = 0;
    for (int i = 0; i < n; i++) {
        int c = py_peek(lx, off + (size_t)i);
        if (c < 0 || !isxdigit(c))
            return -1;
        v = v * 16 + (isdigit(c) ? c - '0' : tolower(c) - 'a' + 10);
    }
    return v;
}

/* One decoded character: a byte in a byte string, a code point (as UTF-8)
 * in a u'' string. */
static bool put_char(struct py_lexer *lx, struct buf *b, struct py_token *t,
                     unsigned long v, bool uni, const char *what)
{
    if (v == 0) {
        set_error(t, lx->line, "bad %s escape (a NUL byte: strings here "
                  "cannot hold one)", what);
        return false;
    }
    if (uni && ((v >= 0xd800 && v <= 0xdfff) || v > 0x10ffff)) {
        set_error(t, lx->line, "bad %s escape (a surrogate or beyond "
                  "U+10FFFF: not a character UTF-8 can carry)", what);
        return false;
    }
    if (uni)
        buf_put_utf8(b, v);
    else
        buf_put(b, (int)(v & 0xff));
    return true;
}

/* \xhh, and in u'' strings \uXXXX and \UXXXXXXXX; lx->p is on the letter. */
static bool hex_escape(struct py_lexer *lx, struct buf *b, struct py_token *t,
                       bool uni)
{
    int c = py_peek(lx, 0), n = c == 'x' ? 2 : c == 'u' ? 4 : 8;
    const char *what = c == 'x' ? "\\x" : c == 'u' ? "\\u" : "\\U";
    long v = hex_digits(lx, 1, n);
    if (v < 0) {
        set_error(t, lx->line, "bad %s escape (needs %d hex digits)", what, n);
        return false;
    }
    lx->p += 1 + n;
    return put_char(lx, b, t, (unsigned long)v, uni, what);
}

/* One escape after a backslash in a non-raw string (2.4.1's table);
 * unknown escapes keep their backslash, as Python's do. */
static bool lex_escape(struct py_lexer *lx, struct buf *b, struct py_token *t,
                       bool uni)
{
    static const char from[] = "\\'\"abfnrtv", to[] = "\\'\"\a\b\f\n\r\t\v";
    int c = py_peek(lx, 0);
    const char *m = c > 0 ? strchr(from, c) : NULL;
    if (c == '\n') {   /* backslash-newline: both vanish */
        lx->p++;
        lx->line++;
        return true;
    }
    if (c >= '0' && c <= '7') {   /* \ooo: up to three octal digits */
        unsigned long v = 0;
        int n = 0;
        while (n < 3 && py_peek(lx, (size_t)n) >= '0' &&
               py_peek(lx, (size_t)n) <= '7')
            v = v * 8 + (unsigned long)(py_peek(lx, (size_t)n++) - '0');
        lx->p += n;
        /* Python 2 byte strings keep the low byte ('\777' is '\xff'); a
         * u'' string takes the code point. */
        return put_char(lx, b, t, uni ? v : v & 0xff, uni, "octal");
    }
    if (c == 'x' || (uni && (c == 'u' || c == 'U')))
        return hex_escape(lx, b, t, uni);
    if (uni && c == 'N') {
        set_error(t, lx->line, "\\N{name} escapes (Unicode character names) "
                  "are not supported");
        return false;
    }
    if (m) {
        lx->p++;
        buf_put(b, to[m - from]);
        return true;
    }
    buf_put(b, '\\');   /* the character itself follows normally */
    return true;
}

/* In a raw string a backslash stays, and so does the character after it,
 * even a quote or a newline (2.4.1: r"\"" is two characters); ur''
 * strings still decode \u and \U (Python 2's raw-unicode-escape). */
static bool raw_escape(struct py_lexer *lx, struct buf *b, struct py_token *t,
                       bool uni)
{
    int c = py_peek(lx, 0);
    if (uni && (c == 'u' || c == 'U'))
        return hex_escape(lx, b, t, uni);
    buf_put(b, '\\');
    if (c > 0) {   /* EOF and NUL are reported by the caller's loop */
        lx->p++;
        lx->line += c == '\n';
        buf_put(b, c);
    }
    return true;
}

int py_string_prefix(const struct py_lexer *lx)
{
    /* Python 2.7's stringprefix: r, u, ur, b, br in either case. */
    static const char *const prefixes[] = { "", "r", "u", "b", "ur", "br" };
    for (size_t i = 0; i < sizeof(prefixes) / sizeof(*prefixes); i++) {
        size_t n = strlen(prefixes[i]), k;
        for (k = 0; k < n; k++)
            if (tolower(py_peek(lx, k)) != prefixes[i][k])
                break;
        int q = py_peek(lx, n);
        if (k == n && (q == '\'' || q == '"'))
            return (int)n;
    }
    return -1;
}

void py_lex_string(struct py_lexer *lx, struct py_token *t)
{
    int pre = py_string_prefix(lx);
    bool raw = false, uni = false;
    for (int i = 0; i < pre; i++) {
        raw |= tolower(py_peek(lx, (size_t)i)) == 'r';
        uni |= tolower(py_peek(lx, (size_t)i)) == 'u';
    }
    lx->p += pre;
    char q = *lx->p;
    bool triple = py_peek(lx, 1) == q && py_peek(lx, 2) == q;
    const char *qs = triple ? (q == '"' ? "\"\"\"" : "'''")
                            : (q == '"' ? "\"" : "'");
    unsigned start = lx->line;
    struct buf b = { 0 };
    bool ok = true;
    lx->p += triple ? 3 : 1;
    buf_put(&b, '\0');
    b.n = 0;
    for (;;) {
        int c = py_peek(lx, 0);
        if (c == -1 || (c == '\n' && !triple)) {
            set_error(t, start, "unterminated string (opened with %s on "
                      "this line)", qs);
            ok = false;
            break;
        }
        if (c == q && (!triple || (py_peek(lx, 1) == q &&
                                   py_peek(lx, 2) == q))) {
            lx->p += triple ? 3 : 1;
            break;
        }
        if (c == '\0') {
            set_error(t, lx->line, "NUL byte in string");
            ok = false;
            break;
        }
        lx->p++;
        if (c == '\\') {
            ok = raw ? raw_escape(lx, &b, t, uni) : lex_escape(lx, &b, t, uni);
            if (!ok)
                break;
            continue;
        }
        lx->line += c == '\n';
        buf_put(&b, c);
    }
    if (ok && b.oom) {
        set_error(t, start, "out of memory");
        ok = false;
    }
    if (!ok) {
        free(b.s);
        return;
    }
    t->kind = T_STR;
    t->line = start;
    t->text = b.s;
}

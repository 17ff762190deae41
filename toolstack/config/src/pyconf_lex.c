/* Tokens of the xm config Python subset (see pyconf.h). */
#define _POSIX_C_SOURCE 200809L
#include "pyconf.h"

#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct buf {
    char *s;
    size_t n, cap;
};

static bool buf_put(struct buf *b, char c)
{
    if (b->n + 1 >= b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 32;
        char *s = realloc(b->s, cap);
        if (!s)
            return false;
        b->s = s;
        b->cap = cap;
    }
    b->s[b->n++] = c;
    b->s[b->n] = '\0';
    return true;
}

void py_lexer_init(struct py_lexer *lx, const char *text, size_t len)
{
    lx->p = text;
    lx->end = text + len;
    lx->line = 1;
    lx->depth = 0;
    lx->at_line_start = 1;
    /* A UTF-8 byte-order mark, which Python 2 accepts before the code. */
    if (len >= 3 && !memcmp(text, "\xef\xbb\xbf", 3))
        lx->p += 3;
}

/* Bytes of the line break at off ("\n" or "\r\n"), 0 if none: CRLF files
 * continue lines with a backslash too, as Python's universal newlines. */
static size_t newline_at(const struct py_lexer *lx, size_t off)
{
    if (lx->p + off < lx->end && lx->p[off] == '\n')
        return 1;
    if (lx->p + off + 1 < lx->end && lx->p[off] == '\r' &&
        lx->p[off + 1] == '\n')
        return 2;
    return 0;
}

static void set_error(struct py_token *t, unsigned line, const char *msg)
{
    t->kind = T_ERROR;
    t->line = line;
    snprintf(t->err, sizeof(t->err), "%s", msg);
}

static int peek(const struct py_lexer *lx, size_t off)
{
    return lx->p + off < lx->end ? (unsigned char)lx->p[off] : -1;
}

/* Skips blanks, comments and (inside brackets) newlines. Returns false on
 * an indented statement, which Python rejects. */
static bool skip_space(struct py_lexer *lx, struct py_token *t)
{
    for (;;) {
        bool line_start = lx->at_line_start && lx->depth == 0;
        const char *s = lx->p;
        while (lx->p < lx->end && (*lx->p == ' ' || *lx->p == '\t' ||
                                   *lx->p == '\f' || *lx->p == '\r'))
            lx->p++;
        int c = peek(lx, 0);
        if (c == '#') {
            while (lx->p < lx->end && *lx->p != '\n')
                lx->p++;
            continue;
        }
        if (c == '\\' && newline_at(lx, 1)) {   /* explicit continuation */
            lx->p += 1 + newline_at(lx, 1);
            lx->line++;
            lx->at_line_start = 0;
            continue;
        }
        if (c == '\n' && (lx->depth > 0 || lx->at_line_start)) {
            lx->p++;   /* blank line, or a newline inside brackets */
            lx->line++;
            continue;
        }
        if (line_start && lx->p != s && c != -1 && c != '\n') {
            set_error(t, lx->line, "unexpected indentation (a statement "
                      "must start in column 1)");
            return false;
        }
        return true;
    }
}

static int hexval(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = tolower(c);
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* One escape after a backslash (Python rules; unknown ones stay as is). */
static bool lex_escape(struct py_lexer *lx, struct buf *b, struct py_token *t)
{
    int c = peek(lx, 0);
    static const char from[] = "\\'\"abfnrtv", to[] = "\\'\"\a\b\f\n\r\t\v";
    const char *m = c > 0 ? strchr(from, c) : NULL;
    if (newline_at(lx, 0)) {   /* backslash-newline: both vanish */
        lx->p += newline_at(lx, 0);
        lx->line++;
        return true;
    }
    if (c >= '0' && c <= '7') {   /* \ooo: up to three octal digits */
        int v = 0, n = 0;
        while (n < 3 && peek(lx, n) >= '0' && peek(lx, n) <= '7')
            v = v * 8 + (peek(lx, n++) - '0');
        if ((v & 0xff) == 0) {
            set_error(t, lx->line, "bad octal escape (a NUL byte)");
            return false;
        }
        lx->p += n;
        return buf_put(b, (char)(v & 0xff));
    }
    if (m) {
        lx->p++;
        return buf_put(b, to[m - from]);
    }
    if (c == 'x') {
        int h = hexval(peek(lx, 1)), l = hexval(peek(lx, 2));
        if (h < 0 || l < 0 || (h == 0 && l == 0)) {
            set_error(t, lx->line, "bad \\x escape (two hex digits, not 00)");
            return false;
        }
        lx->p += 3;
        return buf_put(b, (char)(h * 16 + l));
    }
    return buf_put(b, '\\');   /* the character itself follows normally */
}

static void lex_string(struct py_lexer *lx, struct py_token *t, bool raw)
{
    char q = *lx->p;
    bool triple = peek(lx, 1) == q && peek(lx, 2) == q;
    unsigned start = lx->line;
    struct buf b = { 0 };
    lx->p += triple ? 3 : 1;
    buf_put(&b, '\0');
    b.n = 0;
    for (;;) {
        int c = peek(lx, 0);
        if (c == -1 || (c == '\n' && !triple)) {
            char msg[96];
            snprintf(msg, sizeof(msg), "unterminated string (opened with "
                     "%s on this line)", triple ? (q == '"' ? "\"\"\"" : "'''")
                                             : (q == '"' ? "\"" : "'"));
            set_error(t, start, msg);
            free(b.s);
            return;
        }
        if (c == q && (!triple || (peek(lx, 1) == q && peek(lx, 2) == q))) {
            lx->p += triple ? 3 : 1;
            break;
        }
        if (c == '\0') {
            set_error(t, lx->line, "NUL byte in string");
            free(b.s);
            return;
        }
        lx->p++;
        if (c == '\\' && !raw) {
            if (!lex_escape(lx, &b, t)) {
                free(b.s);
                return;
            }
            continue;
        }
        if (c == '\n')
            lx->line++;
        if (!buf_put(&b, (char)c)) {
            set_error(t, start, "out of memory");
            free(b.s);
            return;
        }
    }
    t->kind = T_STR;
    t->line = start;
    t->text = b.s;
}

static void lex_number(struct py_lexer *lx, struct py_token *t)
{
    const char *s = lx->p;
    int base = 10;
    if (s[0] == '0' && lx->end - s > 1 && (s[1] == 'x' || s[1] == 'X')) {
        base = 16;
        lx->p += 2;
    }
    const char *digits = lx->p;
    while (lx->p < lx->end && (base == 16 ? isxdigit((unsigned char)*lx->p)
                                          : isdigit((unsigned char)*lx->p)))
        lx->p++;
    const char *digits_end = lx->p;
    int c = peek(lx, 0);
    if (c == 'L' || c == 'l') {   /* Python 2's long suffix: 512L */
        lx->p++;
        c = peek(lx, 0);
    }
    t->line = lx->line;
    if (c == '.' || c == 'e' || c == 'E') {
        set_error(t, lx->line, "floating-point numbers are not supported");
        return;
    }
    if (digits_end == digits || (c != -1 && (isalnum(c) || c == '_'))) {
        set_error(t, lx->line, "malformed number");
        return;
    }
    if (base == 10 && s[0] == '0' && digits_end - s > 1) {
        set_error(t, lx->line, "integer with a leading zero (octal in "
                  "Python 2): write it without the zero or quote it");
        return;
    }
    char tmp[32];
    size_t n = (size_t)(digits_end - digits);
    if (n >= sizeof(tmp)) {
        set_error(t, lx->line, "integer too large");
        return;
    }
    memcpy(tmp, digits, n);
    tmp[n] = '\0';
    errno = 0;
    long long v = strtoll(tmp, NULL, base);
    if (errno) {
        set_error(t, lx->line, "integer too large");
        return;
    }
    t->kind = T_INT;
    t->num = v;
}

static bool is_string_prefix(const struct py_lexer *lx, size_t n, bool *raw)
{
    int q = peek(lx, n);
    if (q != '\'' && q != '"')
        return false;
    *raw = false;
    for (size_t i = 0; i < n; i++) {
        int c = tolower(peek(lx, i));
        if (c == 'r')
            *raw = true;
        else if (c != 'u')
            return false;
    }
    return true;
}

static void lex_name(struct py_lexer *lx, struct py_token *t)
{
    const char *s = lx->p;
    while (lx->p < lx->end && (isalnum((unsigned char)*lx->p) ||
                               *lx->p == '_'))
        lx->p++;
    t->kind = T_NAME;
    t->line = lx->line;
    t->text = strndup(s, (size_t)(lx->p - s));
    if (!t->text)
        set_error(t, lx->line, "out of memory");
}

static void lex_punct(struct py_lexer *lx, struct py_token *t, int c)
{
    static const char chars[] = "=[],-";
    static const enum py_tok kinds[] = { T_EQ, T_LBRACK, T_RBRACK, T_COMMA,
                                         T_MINUS };
    const char *m = c ? strchr(chars, c) : NULL;
    t->line = lx->line;
    if (c == '\0') {
        set_error(t, lx->line, "NUL byte");
        lx->p++;
        return;
    }
    lx->p++;
    if (c == '[')
        lx->depth++;
    if (c == ']' && lx->depth > 0)
        lx->depth--;
    if (m) {
        t->kind = kinds[m - chars];
        return;
    }
    t->kind = T_OTHER;
    char txt[8];
    if (c >= 0x20 && c < 0x7f)
        snprintf(txt, sizeof(txt), "%c", c);
    else
        snprintf(txt, sizeof(txt), "\\x%02x", (unsigned)(c & 0xff));
    t->text = strdup(txt);
}

void py_lex(struct py_lexer *lx, struct py_token *t)
{
    memset(t, 0, sizeof(*t));
    if (!skip_space(lx, t))
        return;
    int c = peek(lx, 0);
    bool raw = false;
    t->line = lx->line;
    if (c == -1) {
        t->kind = T_EOF;
        return;
    }
    lx->at_line_start = 0;
    if (c == '\n') {
        lx->p++;
        lx->line++;
        lx->at_line_start = 1;
        t->kind = T_NEWLINE;
    } else if (c == '\'' || c == '"') {
        lex_string(lx, t, false);
    } else if ((is_string_prefix(lx, 1, &raw) ||
                is_string_prefix(lx, 2, &raw))) {
        while (*lx->p != '\'' && *lx->p != '"')
            lx->p++;
        lex_string(lx, t, raw);
    } else if (isdigit(c)) {
        lex_number(lx, t);
    } else if (isalpha(c) || c == '_') {
        lex_name(lx, t);
    } else {
        lex_punct(lx, t, c);
    }
}

/* Tokens of the xm config Python subset (see pyconf.h). */
#define _POSIX_C_SOURCE 200809L
#include "pyconf.h"

#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void py_lexer_init(struct py_lexer *lx, const char *text, size_t len)
{
    lx->p = text;
    lx->end = text + len;
    lx->line = 1;
    lx->depth = 0;
    lx->at_line_start = 1;
    /* A UTF-8 byte-order mark, which Python 2 accepts before the code. */
    if (len >= 3 && !memcmp(text, UTF8_BOM, 3))
        lx->p += 3;
}

static void set_error(struct py_token *t, unsigned line, const char *msg)
{
    t->kind = T_ERROR;
    t->line = line;
    snprintf(t->err, sizeof(t->err), "%s", msg);
}

/* Skips blanks, comments and (inside brackets) newlines. Returns false on
 * an indented statement, which Python rejects. */
static bool skip_space(struct py_lexer *lx, struct py_token *t)
{
    for (;;) {
        bool line_start = lx->at_line_start && lx->depth == 0;
        const char *s = lx->p;
        while (lx->p < lx->end && (*lx->p == ' ' || *lx->p == '\t' ||
                                   *lx->p == '\f'))
            lx->p++;
        int c = py_peek(lx, 0);
        if (c == '#') {
            while (lx->p < lx->end && *lx->p != '\n')
                lx->p++;
            continue;
        }
        if (c == '\\' && py_peek(lx, 1) == '\n') {   /* continuation */
            lx->p += 2;
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

static bool is_digit(char c, int base)
{
    if (base == 16)
        return isxdigit((unsigned char)c);
    return c >= '0' && c < '0' + (base < 10 ? base : 10);
}

static void lex_number(struct py_lexer *lx, struct py_token *t)
{
    const char *s = lx->p;
    int base = 10;
    /* Python 2.7 integer literals (2.4.4): 0x/0X hex, 0o/0O octal, 0b/0B
     * binary, optionally followed by the long suffix l/L. */
    if (s[0] == '0' && lx->end - s > 1) {
        int c1 = tolower((unsigned char)s[1]);
        base = c1 == 'x' ? 16 : c1 == 'o' ? 8 : c1 == 'b' ? 2 : 10;
        lx->p += base == 10 ? 0 : 2;
    }
    const char *digits = lx->p;
    while (lx->p < lx->end && is_digit(*lx->p, base))
        lx->p++;
    const char *digits_end = lx->p;
    int c = py_peek(lx, 0);
    if (c == 'L' || c == 'l') {   /* Python 2's long suffix: 512L */
        lx->p++;
        c = py_peek(lx, 0);
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
    int c = py_peek(lx, 0);
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
    } else if (py_string_prefix(lx) >= 0) {
        py_lex_string(lx, t);
    } else if (lx->end - lx->p >= 3 && !memcmp(lx->p, UTF8_BOM, 3)) {
        set_error(t, lx->line, "a UTF-8 byte-order mark is only allowed at "
                  "the start of the file");
        lx->p += 3;
    } else if (isdigit(c)) {
        lex_number(lx, t);
    } else if (isalpha(c) || c == '_') {
        lex_name(lx, t);
    } else {
        lex_punct(lx, t, c);
    }
}

/* The subset of Python that xm configuration files use (xm exec'd them as
 * Python): "name = value" lines, values being strings ('..', "..", triple
 * quoted, r/u/b prefixes, adjacent literals joined), integers, True/False/
 * None and lists that may span lines with trailing commas; '#' comments and
 * backslash line continuation. Lexical rules are Python 2.7's (Language
 * Reference, chapter 2), which xm 4.1's execfile applied. Anything else is a syntax error that names
 * file:line, the key being assigned and what was expected. */
#ifndef PYCONF_H
#define PYCONF_H

#include <stddef.h>

#include "cfg_diag.h"

enum py_kind { PY_NONE, PY_INT, PY_STR, PY_LIST };

struct py_value {
    enum py_kind kind;
    unsigned line;
    long long num;            /* PY_INT (True/False are 1/0) */
    char *str;                /* PY_STR, NUL-terminated, no NUL inside */
    struct py_value *items;   /* PY_LIST */
    size_t n;
};

struct py_assign {
    char *name;
    unsigned line;
    struct py_value value;
};

struct py_file {
    struct py_assign *v;
    size_t n;
};

/* Returns 0, or -1 after reporting the first syntax error (Python stops at
 * the first one too); out holds the statements before the error. */
int pyconf_parse(const char *text, size_t len, const char *file,
                 struct py_file *out, struct cfg_diags *diags);
void pyconf_free(struct py_file *f);
void py_value_free(struct py_value *v);

/* Lexer, shared with the parser only. */
enum py_tok {
    T_EOF, T_NEWLINE, T_NAME, T_STR, T_INT, T_EQ, T_LBRACK, T_RBRACK,
    T_COMMA, T_MINUS, T_OTHER, T_ERROR,
};

struct py_token {
    enum py_tok kind;
    unsigned line;
    char *text;      /* T_NAME, T_STR (decoded), T_OTHER (the character) */
    long long num;   /* T_INT */
    char err[96];    /* T_ERROR: what went wrong */
};

struct py_lexer {
    const char *p, *end;
    unsigned line;
    int depth;            /* open brackets: newlines inside are ignored */
    int at_line_start;
};

#define UTF8_BOM "\xef\xbb\xbf"

/* Lines of text as Python counts them: "\n", "\r\n" and a lone "\r"
 * each end one (universal newlines, which xm's execfile read with). */
unsigned pyconf_count_lines(const char *text, size_t len);

/* text must use "\n" line ends only (pyconf_parse converts them). */
void py_lexer_init(struct py_lexer *lx, const char *text, size_t len);
/* Next token; caller frees tok->text. */
void py_lex(struct py_lexer *lx, struct py_token *tok);

static inline int py_peek(const struct py_lexer *lx, size_t off)
{
    return lx->p + off < lx->end ? (unsigned char)lx->p[off] : -1;
}

/* pyconf_str.c: length of the string prefix (r, u, ur, b, br) if a string
 * literal starts at lx->p, else -1; and the literal, decoded. */
int py_string_prefix(const struct py_lexer *lx);
void py_lex_string(struct py_lexer *lx, struct py_token *tok);

#endif

/* The console matcher: serial bytes go in, \r, NULs and terminal escape
 * sequences come out (even when a sequence is split between reads), and
 * regexes are searched from a cursor just after the previous match. */
#ifndef HARNESS_MATCHER_H
#define HARNESS_MATCHER_H
#include <regex.h>
#include <stddef.h>

#include "util.h"

struct esc_filter {
    int state;
};

/* Appends the cleaned bytes of in[0..n) to out. */
void esc_filter_feed(struct esc_filter *f, const char *in, size_t n, struct strbuf *out);

struct matcher {
    struct strbuf text;  /* everything seen, cleaned */
    struct esc_filter f;
    size_t cursor;       /* searches start here */
    size_t scan;         /* complete lines before this were searched already */
};

void matcher_init(struct matcher *m);
void matcher_free(struct matcher *m);
void matcher_feed(struct matcher *m, const char *data, size_t n);
/* Starts waiting for a new regex: forget what was scanned for the old one. */
void matcher_begin(struct matcher *m);
/* When nothing but the rest of an unfinished line follows the cursor (a shell
 * prompt that an expect step just matched, say), moves the cursor back to that
 * line's start so the prompt can be found again; otherwise does nothing. */
void matcher_rewind_line(struct matcher *m);
/* Searches re from the cursor; on a match moves the cursor past it, sets
 * *start and *end (either may be NULL) and returns 1. Matches never span lines
 * (REG_NEWLINE), so complete lines that did not match are not searched again. */
int matcher_search(struct matcher *m, const regex_t *re, size_t *start, size_t *end);
/* The last n lines of text (new string). */
char *matcher_tail(const struct matcher *m, int n);
/* The last n lines of any text (new string). */
char *text_tail(const char *text, size_t len, int n);

#endif

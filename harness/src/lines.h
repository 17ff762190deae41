/* The lexical layer shared by scenario and profile files: logical lines
 * (a trailing backslash joins the next line) and a cursor that takes
 * words, "quoted text", /regexes/ and the rest of a line. A '#' at the
 * start of a word, outside quotes and regexes, starts a comment. */
#ifndef HARNESS_LINES_H
#define HARNESS_LINES_H
#include <stddef.h>

struct line {
    char *text; /* joined, without the newline */
    int lineno; /* where it starts */
};

struct lines {
    struct line *l;
    int n;
};

/* Splits text into logical lines; drops blank and comment-only lines. */
void lines_split(const char *text, struct lines *out);
void lines_free(struct lines *ls);

struct cursor {
    const char *p;
};

/* True when only blanks and a comment remain. */
int cur_at_end(struct cursor *c);
/* Next blank-separated word (new string), NULL at the end. */
char *cur_word(struct cursor *c);
/* "text": the raw content between the quotes, escapes kept, so that
 * cescape_decode can run after variable expansion. NULL + *err on error. */
char *cur_quoted(struct cursor *c, const char **err);
/* /regex/ with optional trailing i: '\/' becomes '/', other escapes stay.
 * NULL + *err on error. */
char *cur_regex(struct cursor *c, int *icase, const char **err);
/* The rest of the line with its comment removed, trimmed; quotes ('...'
 * and "...") protect '#'. Never NULL. */
char *cur_rest(struct cursor *c);

#endif

/* Diagnostics shared by the configuration parsers: every message names the
 * file and line it is about, so a user can fix a config without guessing. */
#ifndef CFG_DIAG_H
#define CFG_DIAG_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

enum cfg_diag_level { CFG_WARNING, CFG_ERROR };

struct cfg_diag {
    enum cfg_diag_level level;
    unsigned line;   /* 0 when the message is about the whole file */
    char *key;       /* the key concerned, or NULL */
    char *text;      /* full message: "file:line: key 'k': ..." */
};

struct cfg_diags {
    struct cfg_diag *v;
    size_t n, cap;
};

/* Appends a message. Errors read "file:line: key 'k': <fmt>", warnings
 * "file:line: warning: key 'k': <fmt>"; key may be NULL. */
void cfg_diag_add(struct cfg_diags *d, enum cfg_diag_level level,
                  const char *file, unsigned line, const char *key,
                  const char *fmt, ...) __attribute__((format(printf, 6, 7)));
void cfg_diag_vadd(struct cfg_diags *d, enum cfg_diag_level level,
                   const char *file, unsigned line, const char *key,
                   const char *fmt, va_list ap);

size_t cfg_diags_count(const struct cfg_diags *d, enum cfg_diag_level level);
/* First message containing needle (any level), or NULL: handy in tests and
 * for callers that look for one specific complaint. */
const struct cfg_diag *cfg_diags_find(const struct cfg_diags *d,
                                      const char *needle);
void cfg_diags_print(const struct cfg_diags *d, FILE *out);
void cfg_diags_free(struct cfg_diags *d);

#endif

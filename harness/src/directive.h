/* What scenario and profile files share above the lexer: ${NAME}
 * expansion of an argument and /regex/ arguments, with any error reported
 * at the directive's file:line. */
#ifndef HARNESS_DIRECTIVE_H
#define HARNESS_DIRECTIVE_H
#include "lines.h"
#include "pattern.h"
#include "util.h"
#include "vars.h"

struct dctx {
    const char *file;
    int line;               /* of the directive being parsed */
    const struct vars *vars;
    struct diag *d;
};

/* Sets d to "file:line: " and the message; for the caller's error path. */
void dctx_error(struct dctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Expands raw (which it frees); NULL for a NULL raw or, with the error in
 * d, for an undefined variable. */
char *dctx_expand(struct dctx *c, char *raw);
/* Reads /regex/[i] at the cursor, expands and compiles it into pt. kw, when
 * not NULL, names the directive in a lexer error. 0, or -1 with d set. */
int dctx_regex(struct dctx *c, struct cursor *cur, const char *kw, struct pattern *pt);

#endif

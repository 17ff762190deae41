#include "directive.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

void dctx_error(struct dctx *c, const char *fmt, ...)
{
    char msg[sizeof c->d->msg];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    diag_set(c->d, c->file, c->line, "%s", msg);
}

char *dctx_expand(struct dctx *c, char *raw)
{
    char err[300];
    if (!raw)
        return NULL;
    char *r = vars_expand(c->vars, raw, err, sizeof err);
    free(raw);
    if (!r)
        dctx_error(c, "%s", err);
    return r;
}

int dctx_regex(struct dctx *c, struct cursor *cur, const char *kw, struct pattern *pt)
{
    const char *e = NULL;
    char err[400];
    int icase;
    char *raw = cur_regex(cur, &icase, &e);
    if (!raw) {
        if (kw)
            dctx_error(c, "%s: %s", kw, e);
        else
            dctx_error(c, "%s", e);
        return -1;
    }
    char *src = dctx_expand(c, raw);
    if (!src)
        return -1;
    int rc = pattern_compile(pt, src, icase, err, sizeof err);
    free(src);
    if (rc < 0)
        dctx_error(c, "%s", err);
    return rc;
}

#include "directive.h"

#include <stdlib.h>

char *dctx_expand(struct dctx *c, char *raw)
{
    char err[300];
    if (!raw)
        return NULL;
    char *r = vars_expand(c->vars, raw, err, sizeof err);
    free(raw);
    if (!r)
        diag_set(c->d, c->file, c->line, "%s", err);
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
            diag_set(c->d, c->file, c->line, "%s: %s", kw, e);
        else
            diag_set(c->d, c->file, c->line, "%s", e);
        return -1;
    }
    char *src = dctx_expand(c, raw);
    if (!src)
        return -1;
    int rc = pattern_compile(pt, src, icase, err, sizeof err);
    free(src);
    if (rc < 0)
        diag_set(c->d, c->file, c->line, "%s", err);
    return rc;
}

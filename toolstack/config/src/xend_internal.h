/* Shared by the xend-config.sxp files; not part of the public API. */
#ifndef XEND_INTERNAL_H
#define XEND_INTERNAL_H

#include "xendconfig.h"

struct xend_ctx {
    const char *file;
    const char *key;
    unsigned line;
    struct cfg_diags *diags;
};

void xend_error(struct xend_ctx *cx, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void xend_warn(struct xend_ctx *cx, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Stores the value of entry e ("(key value)") in cfg. Returns 0 when it
 * was stored, 1 when the key was ignored (with a warning), -1 on error. */
int xend_key_apply(struct xend_config *cfg, const struct sxp *e,
                   struct xend_ctx *cx);

#endif

/* Shared by the xm config files; not part of the public API. */
#ifndef XM_INTERNAL_H
#define XM_INTERNAL_H

#include "pyconf.h"
#include "xmconfig.h"

/* Label of xm command-line variables in messages. */
#define OVERRIDE_LABEL "<command line>"

struct xm_ctx {
    const char *file;
    const char *key;
    unsigned line;
    struct cfg_diags *diags;
};

/* Lookup result for a key name. */
enum xm_key_status { XM_KEY_KNOWN, XM_KEY_UNSUPPORTED, XM_KEY_UNKNOWN };

enum xm_key_status xm_key_lookup(const char *key, bool *hvm_only);

/* The checks across keys, once the whole file is read (xm_checks.c). */
int xm_config_check(struct xm_domain_config *cfg, struct cfg_diags *diags);

/* Converts v and stores it in cfg; reports errors through cx. */
int xm_key_apply(struct xm_domain_config *cfg, const struct py_value *v,
                 struct xm_ctx *cx);

void xm_error(struct xm_ctx *cx, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void xm_warn(struct xm_ctx *cx, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* "expected <what>, got <v>" as an error; returns -1. */
int xm_expected(struct xm_ctx *cx, const char *what, const struct py_value *v);

typedef int key_fn(struct xm_domain_config *, const struct py_value *,
                   struct xm_ctx *);
key_fn xm_set_cpus, xm_set_disk, xm_set_vif;

/* Describes a value for "got ..." in messages. */
void xm_describe(const struct py_value *v, char *buf, size_t len);

#endif

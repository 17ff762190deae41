/* The xm <-> xend request and reply lines (see xend_api.h). */
#include "xend_api.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct { int err; const char *name; } errnos[] = {
    { EPERM, "EPERM" }, { ENOENT, "ENOENT" }, { ESRCH, "ESRCH" },
    { E2BIG, "E2BIG" }, { ENOMEM, "ENOMEM" }, { EACCES, "EACCES" },
    { EBUSY, "EBUSY" }, { EEXIST, "EEXIST" }, { EINVAL, "EINVAL" },
    { ENOSPC, "ENOSPC" }, { ENOSYS, "ENOSYS" }, { ETIMEDOUT, "ETIMEDOUT" },
    { EIO, "EIO" }, { EAGAIN, "EAGAIN" }, { EOPNOTSUPP, "EOPNOTSUPP" },
};

const char *xend_errno_name(int err)
{
    for (size_t i = 0; i < sizeof(errnos) / sizeof(errnos[0]); i++)
        if (errnos[i].err == err)
            return errnos[i].name;
    return "EIO";
}

int xend_errno_value(const char *name)
{
    for (size_t i = 0; i < sizeof(errnos) / sizeof(errnos[0]); i++)
        if (!strcmp(errnos[i].name, name))
            return errnos[i].err;
    return 0;
}

static int refuse(char **why, int err, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int refuse(char **why, int err, const char *fmt, ...)
{
    va_list ap;
    char buf[256];

    va_start(ap, fmt);
    vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    *why = strdup(buf);
    return -err;
}

/* Parses text as exactly one top-level list; the first syntax error
 * becomes *why. */
static int parse_one(const char *text, size_t len, const char *what,
                     struct sxp *doc, char **why)
{
    struct cfg_diags diags = { 0 };
    int rc = 0;

    memset(doc, 0, sizeof(*doc));
    if (memchr(text, '\0', len))
        rc = refuse(why, EINVAL, "%s: a NUL byte", what);
    else if (sxp_parse(text, len, what, doc, &diags) < 0)
        rc = refuse(why, EINVAL, "%s", diags.n ? diags.v[0].text : what);
    else if (doc->n != 1 || doc->items[0].kind != SXP_LIST ||
             !sxp_name(&doc->items[0]))
        rc = refuse(why, EINVAL, "%s: expected one (name ...) expression",
                    what);
    cfg_diags_free(&diags);
    return rc;
}

static int parse_list(const struct sxp *x, struct xend_request *req,
                      char **why)
{
    for (size_t i = 1; i < x->n; i++) {
        const struct sxp *arg = &x->items[i];
        const char *name = sxp_name(arg);

        if (!name || strcmp(name, "domains"))
            return refuse(why, EINVAL, "request: list takes only (domains ...)");
        for (size_t j = 1; j < arg->n; j++) {
            char **v;
            if (arg->items[j].kind != SXP_ATOM || !*arg->items[j].atom)
                return refuse(why, EINVAL, "request: a domain is a name or an id");
            v = realloc(req->domains, (req->n_domains + 1) * sizeof(*v));
            if (!v)
                return refuse(why, ENOMEM, "request: out of memory");
            req->domains = v;
            if (!(v[req->n_domains] = strdup(arg->items[j].atom)))
                return refuse(why, ENOMEM, "request: out of memory");
            req->n_domains++;
        }
    }
    return 0;
}

/* The operations on one domain with arguments after it. */
static const struct { const char *name; enum xend_op op; size_t n_args; } with_args[] = {
    { "vcpu-pin", XEND_OP_VCPU_PIN, 2 }, { "vcpu-set", XEND_OP_VCPU_SET, 1 },
    { "mem-set", XEND_OP_MEM_SET, 1 }, { "sysrq", XEND_OP_SYSRQ, 1 },
    { "save", XEND_OP_SAVE, 1 }, { "migrate", XEND_OP_MIGRATE, 4 },
};

static int parse_with_args(const struct sxp *x, size_t n_args, struct xend_request *req,
                           char **why)
{
    if (x->n != 2 + n_args)
        return refuse(why, EINVAL, "request: %s takes a domain and %zu argument(s)",
                      sxp_name(x), n_args);
    for (size_t i = 1; i < x->n; i++)
        if (x->items[i].kind != SXP_ATOM || !*x->items[i].atom)
            return refuse(why, EINVAL, "request: %s takes atoms", sxp_name(x));
    if (!(req->domains = calloc(1, sizeof(char *))) ||
        !(req->domains[0] = strdup(x->items[1].atom)))
        return refuse(why, ENOMEM, "request: out of memory");
    req->n_domains = 1;
    if (!(req->args = calloc(n_args, sizeof(char *))))
        return refuse(why, ENOMEM, "request: out of memory");
    for (size_t i = 0; i < n_args; i++, req->n_args++)
        if (!(req->args[i] = strdup(x->items[2 + i].atom)))
            return refuse(why, ENOMEM, "request: out of memory");
    return 0;
}

int xend_request_parse(const char *text, size_t len,
                       struct xend_request *req, char **why)
{
    struct sxp doc;
    const struct sxp *x;
    const char *op;
    int rc;

    memset(req, 0, sizeof(*req));
    *why = NULL;
    if (len > XEND_API_MAX_REQUEST)
        return refuse(why, E2BIG, "request: longer than %u bytes",
                      XEND_API_MAX_REQUEST);
    rc = parse_one(text, len, "request", &doc, why);
    if (rc < 0)
        goto out;
    x = &doc.items[0];
    op = sxp_name(x);
    for (size_t i = 0; i < sizeof(with_args) / sizeof(with_args[0]); i++)
        if (!strcmp(op, with_args[i].name)) {
            req->op = with_args[i].op;
            rc = parse_with_args(x, with_args[i].n_args, req, why);
            goto out;
        }
    if (!strcmp(op, "list") || !strcmp(op, "vcpu-list")) {
        req->op = !strcmp(op, "list") ? XEND_OP_LIST : XEND_OP_VCPU_LIST;
        rc = parse_list(x, req, why);
    } else if (!strcmp(op, "create")) {
        req->op = XEND_OP_CREATE;
        if (x->n != 2 || !sxp_name(&x->items[1]) || strcmp(sxp_name(&x->items[1]), "vm"))
            rc = refuse(why, EINVAL, "request: create takes one (vm ...) record");
        else {
            req->vm = x->items[1];            /* moved out of doc */
            memset(&x->items[1], 0, sizeof(x->items[1]));
            x->items[1].kind = SXP_ATOM;
        }
    } else if (!strcmp(op, "destroy") || !strcmp(op, "pause") || !strcmp(op, "unpause") ||
               !strcmp(op, "shutdown") || !strcmp(op, "reboot") || !strcmp(op, "console")) {
        req->op = !strcmp(op, "destroy") ? XEND_OP_DESTROY
                : !strcmp(op, "console") ? XEND_OP_CONSOLE
                : !strcmp(op, "pause") ? XEND_OP_PAUSE
                : !strcmp(op, "unpause") ? XEND_OP_UNPAUSE
                : !strcmp(op, "shutdown") ? XEND_OP_SHUTDOWN : XEND_OP_REBOOT;
        if (x->n != 2 || x->items[1].kind != SXP_ATOM || !*x->items[1].atom)
            rc = refuse(why, EINVAL, "request: %s takes one domain name or id", op);
        else if (!(req->domains = calloc(1, sizeof(char *))) ||
                 !(req->domains[0] = strdup(x->items[1].atom)))
            rc = refuse(why, ENOMEM, "request: out of memory");
        else
            req->n_domains = 1;
    } else if (!strcmp(op, "dmesg")) {
        req->op = XEND_OP_DMESG;
        if (x->n > 2 || (x->n == 2 && (x->items[1].kind != SXP_ATOM ||
                                        strcmp(x->items[1].atom, "clear"))))
            rc = refuse(why, EINVAL, "request: dmesg takes only 'clear'");
        req->clear = x->n == 2;
    } else if (!strcmp(op, "restore")) {
        req->op = XEND_OP_RESTORE;
        if (x->n != 2 || x->items[1].kind != SXP_ATOM || !*x->items[1].atom)
            rc = refuse(why, EINVAL, "request: restore takes one file name");
        else if (!(req->args = calloc(1, sizeof(char *))) ||
                 !(req->args[0] = strdup(x->items[1].atom)))
            rc = refuse(why, ENOMEM, "request: out of memory");
        else
            req->n_args = 1;
    } else if (!strcmp(op, "info") || !strcmp(op, "log")) {
        req->op = !strcmp(op, "info") ? XEND_OP_INFO : XEND_OP_LOG;
        if (x->n > 1)
            rc = refuse(why, EINVAL, "request: %s takes no arguments", op);
    } else {
        rc = refuse(why, ENOSYS, "request: unknown operation '%.64s'", op);
    }
out:
    if (rc < 0)
        xend_request_free(req);
    sxp_free(&doc);
    return rc;
}

static char *line_of(const struct sxp *x)
{
    char *s = sxp_format(x, false), *line;
    size_t n;

    if (!s)
        return NULL;
    n = strlen(s);
    line = realloc(s, n + 2);
    if (!line) {
        free(s);
        return NULL;
    }
    line[n] = '\n';
    line[n + 1] = '\0';
    return line;
}

char *xend_request_format(const struct xend_request *req)
{
    struct sxp x, doms;
    bool ok;
    char *line;

    static const char *const names[] = {
        [XEND_OP_LIST] = "list", [XEND_OP_INFO] = "info", [XEND_OP_CREATE] = "create",
        [XEND_OP_DESTROY] = "destroy", [XEND_OP_DMESG] = "dmesg",
        [XEND_OP_PAUSE] = "pause", [XEND_OP_UNPAUSE] = "unpause",
        [XEND_OP_SHUTDOWN] = "shutdown", [XEND_OP_REBOOT] = "reboot",
        [XEND_OP_CONSOLE] = "console",
        [XEND_OP_VCPU_LIST] = "vcpu-list", [XEND_OP_VCPU_PIN] = "vcpu-pin",
        [XEND_OP_VCPU_SET] = "vcpu-set", [XEND_OP_MEM_SET] = "mem-set",
        [XEND_OP_SYSRQ] = "sysrq", [XEND_OP_LOG] = "log",
        [XEND_OP_SAVE] = "save", [XEND_OP_RESTORE] = "restore",
        [XEND_OP_MIGRATE] = "migrate",
    };
    if (req->op == XEND_OP_CREATE) {
        /* The record stays the caller's: written around, not moved in. */
        char *vm = req->vm.kind == SXP_LIST ? sxp_format(&req->vm, false) : NULL;
        if (!vm || asprintf(&line, "(create %s)\n", vm) < 0)
            line = NULL;
        free(vm);
        return line;
    }
    ok = sxp_list_new(&x, names[req->op]);
    if (ok && (req->op == XEND_OP_DESTROY || req->op == XEND_OP_PAUSE ||
               req->op == XEND_OP_UNPAUSE || req->op == XEND_OP_SHUTDOWN ||
               req->op == XEND_OP_REBOOT || req->op == XEND_OP_CONSOLE ||
               (req->n_args && req->op != XEND_OP_RESTORE)))
        ok = req->n_domains == 1 && sxp_push_atom(&x, req->domains[0]);
    for (size_t i = 0; ok && i < req->n_args; i++)
        ok = sxp_push_atom(&x, req->args[i]);
    if (ok && req->op == XEND_OP_DMESG && req->clear)
        ok = sxp_push_atom(&x, "clear");
    if (ok && (req->op == XEND_OP_LIST || req->op == XEND_OP_VCPU_LIST) && req->n_domains) {
        ok = sxp_list_new(&doms, "domains");
        for (size_t i = 0; ok && i < req->n_domains; i++)
            ok = sxp_push_atom(&doms, req->domains[i]);
        ok = ok ? sxp_push_list(&x, &doms) : (sxp_free(&doms), false);
    }
    line = ok ? line_of(&x) : NULL;
    sxp_free(&x);
    return line;
}

void xend_request_free(struct xend_request *req)
{
    for (size_t i = 0; i < req->n_domains; i++)
        free(req->domains[i]);
    free(req->domains);
    for (size_t i = 0; i < req->n_args; i++)
        free(req->args[i]);
    free(req->args);
    if (req->vm.kind == SXP_LIST)
        sxp_free(&req->vm);
    memset(req, 0, sizeof(*req));
}

char *xend_reply_ok(const struct sxp *value)
{
    char *v = sxp_format(value, false), *line;
    size_t n;

    if (!v)
        return NULL;
    n = strlen(v) + sizeof("(ok )\n");
    line = malloc(n);
    if (line)
        snprintf(line, n, "(ok %s)\n", v);
    free(v);
    return line;
}

char *xend_reply_error(int err, const char *msg, const char *subject)
{
    struct sxp x;
    bool ok;
    char *line;

    ok = sxp_list_new(&x, "error") && sxp_push_atom(&x, xend_errno_name(err)) &&
         sxp_push_atom(&x, msg) && (!subject || sxp_push_atom(&x, subject));
    line = ok ? line_of(&x) : NULL;
    sxp_free(&x);
    return line;
}

int xend_reply_parse(const char *text, size_t len, struct xend_reply *r,
                     char **why)
{
    const struct sxp *x;
    const char *kind;
    int rc;

    memset(r, 0, sizeof(*r));
    *why = NULL;
    rc = parse_one(text, len, "reply", &r->doc, why);
    if (rc < 0)
        return rc;
    x = &r->doc.items[0];
    kind = sxp_name(x);
    if (!strcmp(kind, "ok") && x->n == 2) {
        r->value = &x->items[1];
        return 0;
    }
    if (!strcmp(kind, "error") && (x->n == 3 || x->n == 4) &&
        x->items[1].kind == SXP_ATOM && x->items[2].kind == SXP_ATOM &&
        (x->n == 3 || x->items[3].kind == SXP_ATOM)) {
        r->err = xend_errno_value(x->items[1].atom);
        if (!r->err)
            r->err = EIO;
        r->msg = x->items[2].atom;
        r->subject = x->n == 4 ? x->items[3].atom : NULL;
        return 0;
    }
    return refuse(why, EINVAL, "reply: neither (ok VALUE) nor (error NAME 'message')");
}

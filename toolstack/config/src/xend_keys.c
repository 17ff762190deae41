/* The keys of xend-config.sxp, their types and limits. */
#define _POSIX_C_SOURCE 200809L
#include "cfg_grow.h"
#include "xend_internal.h"

#include <ctype.h>
#include <errno.h>
#include <regex.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum kind { K_BOOL, K_PORT, K_UINT, K_ULONG, K_STR, K_SCRIPT, K_HOSTS,
            K_LOGLEVEL };

struct key_def {
    const char *name;
    enum kind kind;
    size_t off;
};

#define F(m) offsetof(struct xend_config, m)
static const struct key_def keys[] = {
    { "xend-unix-server", K_BOOL, F(unix_server) },
    { "xend-unix-path", K_STR, F(unix_path) },
    { "xend-http-server", K_BOOL, F(http_server) },
    { "xend-port", K_PORT, F(port) },
    { "xend-address", K_STR, F(address) },
    { "xend-tcp-xmlrpc-server", K_BOOL, F(tcp_xmlrpc_server) },
    { "xend-tcp-xmlrpc-server-address", K_STR, F(tcp_xmlrpc_server_address) },
    { "xend-tcp-xmlrpc-server-port", K_PORT, F(tcp_xmlrpc_server_port) },
    { "xend-unix-xmlrpc-server", K_BOOL, F(unix_xmlrpc_server) },
    { "xend-relocation-server", K_BOOL, F(relocation_server) },
    { "xend-relocation-port", K_PORT, F(relocation_port) },
    { "xend-relocation-address", K_STR, F(relocation_address) },
    { "xend-relocation-hosts-allow", K_HOSTS, 0 },
    { "xend-relocation-ssl-server", K_BOOL, F(relocation_ssl_server) },
    { "xend-relocation-ssl-port", K_PORT, F(relocation_ssl_port) },
    { "xend-relocation-ssl", K_BOOL, F(relocation_ssl) },
    { "xend-relocation-server-ssl-key-file", K_STR, F(relocation_ssl_key_file) },
    { "xend-relocation-server-ssl-cert-file", K_STR, F(relocation_ssl_cert_file) },
    { "network-script", K_SCRIPT, F(network_script) },
    { "vif-script", K_SCRIPT, F(vif_script) },
    { "dom0-min-mem", K_ULONG, F(dom0_min_mem) },
    { "dom0-cpus", K_UINT, F(dom0_cpus) },
    { "enable-dom0-ballooning", K_BOOL, F(enable_dom0_ballooning) },
    { "total_available_memory", K_ULONG, F(total_available_memory) },
    { "vnc-listen", K_STR, F(vnc_listen) },
    { "vncpasswd", K_STR, F(vncpasswd) },
    { "keymap", K_STR, F(keymap) },
    { "logfile", K_STR, F(logfile) },
    { "loglevel", K_LOGLEVEL, F(loglevel) },
    { "console-limit", K_UINT, F(console_limit) },
};

/* Keys Xen 4.1's xend knew that this toolstack does not implement. */
static const char *const unsupported[] = {
    "xend-relocation-tries",
    "xend-tcp-xmlrpc-server-ssl-key-file",
    "xend-tcp-xmlrpc-server-ssl-cert-file", "xend-udev-event-server",
    "xend-domains-path", "xend-domain-lock", "xend-domain-lock-path",
    "xend-domain-lock-utility", "xen-api-server", "external-migration-tool",
    "device-create-timeout", "device-destroy-timeout",
    "resource-label-change-script", "vnc-tls", "vnc-x509-cert-dir",
    "vnc-x509-verify", "pci-passthrough-strict-check", "xend-debug",
    "xend-storage-path",
};

static void report(struct xend_ctx *cx, enum cfg_diag_level l,
                   const char *fmt, va_list ap)
{
    cfg_diag_vadd(cx->diags, l, cx->file, cx->line, cx->key, fmt, ap);
}

void xend_error(struct xend_ctx *cx, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    report(cx, CFG_ERROR, fmt, ap);
    va_end(ap);
}

void xend_warn(struct xend_ctx *cx, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    report(cx, CFG_WARNING, fmt, ap);
    va_end(ap);
}

static int get_bool(const char *v, struct xend_ctx *cx, bool *out)
{
    static const char *const yes[] = { "yes", "y", "1", "true", "on" };
    static const char *const no[] = { "no", "n", "0", "false", "off" };
    for (size_t i = 0; i < 5; i++) {
        if (!strcasecmp(v, yes[i]))
            return *out = true, 0;
        if (!strcasecmp(v, no[i]))
            return *out = false, 0;
    }
    xend_error(cx, "expected yes or no, got '%.60s'", v);
    return -1;
}

static int get_number(const char *v, struct xend_ctx *cx, const char *what,
                      unsigned long min, unsigned long max,
                      unsigned long *out)
{
    char *end = NULL;
    unsigned long n = 0;
    errno = 0;
    if (isdigit((unsigned char)*v))   /* strtoul alone would take "-5" */
        n = strtoul(v, &end, 10);
    if (!end || *end || errno || n < min || n > max) {
        xend_error(cx, "expected %s, got '%.60s'", what, v);
        return -1;
    }
    *out = n;
    return 0;
}

static int get_str(const char *v, char **out)
{
    char *s = strdup(v);
    if (!s)
        return -1;
    free(*out);
    *out = s;
    return 0;
}

/* Blank separated words of v into a fresh array. */
static size_t split_words(const char *v, char ***out)
{
    char *copy = strdup(v), *save = NULL;
    size_t n = 0;
    *out = NULL;
    for (char *t = copy ? strtok_r(copy, " \t", &save) : NULL; t;
         t = strtok_r(NULL, " \t", &save)) {
        if (!cfg_grow(out, n, sizeof(**out)))
            break;
        if (((*out)[n] = strdup(t)))
            n++;
    }
    free(copy);
    return n;
}

static void free_words(char **w, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(w[i]);
    free(w);
}

/* "network-bridge netdev=eth1": a script name without a path, then its
 * arguments (xend runs /etc/xen/scripts/<name> <args>). */
static int get_script(const char *v, struct xend_ctx *cx,
                      struct xend_script *out)
{
    char **w;
    size_t n = split_words(v, &w);
    if (n == 0 || strchr(w[0], '/')) {
        xend_error(cx, "expected a script name from /etc/xen/scripts such as "
                   "network-bridge, got '%.60s'", v);
        free_words(w, n);
        return -1;
    }
    for (size_t i = 0; i < out->n_args; i++)
        free(out->args[i]);
    free(out->args);
    free(out->name);
    out->name = w[0];
    out->args = n > 1 ? w : NULL;
    out->n_args = n - 1;
    if (n > 1)
        memmove(w, w + 1, (n - 1) * sizeof(*w));
    else
        free(w);
    return 0;
}

/* xend compiled each blank separated regex and matched it at the start of
 * the peer's names (Python's re.match); POSIX ERE is the closest here. */
static int compile_host_re(const char *re, regex_t *out)
{
    size_t n = strlen(re) + 4;
    char *anchored = malloc(n);
    if (!anchored)
        return REG_ESPACE;
    snprintf(anchored, n, "^(%s)", re);
    int rc = regcomp(out, anchored, REG_EXTENDED | REG_NOSUB);
    free(anchored);
    return rc;
}

/* glibc's regcomp copies a repeated atom once per repetition, so a short
 * pattern like "a++++++++++++++++++++" or "((a{99}){99}){99}" takes
 * gigabytes. This estimates the copies (bounded repeats multiply, '+' and
 * stacked operators double) and refuses patterns past a limit no host
 * list needs. */
#define HOST_RE_MAX_SIZE 4096.0

static bool host_re_too_big(const char *re)
{
    double total[32] = { 0 }, last[32] = { 0 };
    int depth = 0;
    for (const char *p = re; *p; p++) {
        double f = 0;
        if (*p == '(' && depth < 31) {
            total[++depth] = 0;
            last[depth] = 0;
            continue;
        }
        if (*p == ')' && depth > 0) {
            double g = total[depth--] + 1;
            total[depth] += g;
            last[depth] = g;
        } else if (*p == '*' || *p == '?') {
            f = 1;
        } else if (*p == '+') {
            f = 2;
        } else if (*p == '{') {
            char *end;
            double m = strtod(p + 1, &end), n = m;
            if (*end == ',')
                n = end[1] == '}' ? m : strtod(end + 1, &end);
            f = (m > n ? m : n) + 1;
            while (p[1] && *p != '}')
                p++;
        } else if (*p == '|') {
            last[depth] = 0;
        } else {
            if (*p == '\\' && p[1])
                p++;
            else if (*p == '[') {   /* a bracket expression is one atom */
                p += p[1] == '^' ? 2 : 1;
                if (*p == ']')
                    p++;
                while (*p && *p != ']')
                    p += (*p == '[' && p[1] == ':') ? 2 : 1;
                if (!*p)
                    break;
            }
            total[depth] += 1;
            last[depth] = 1;
        }
        if (f > 0) {
            total[depth] += last[depth] * (f - 1);
            last[depth] *= f;
        }
        if (total[depth] > HOST_RE_MAX_SIZE)
            return true;
    }
    return false;
}

static int get_hosts(const char *v, struct xend_ctx *cx,
                     struct xend_config *cfg)
{
    char **w;
    size_t n = split_words(v, &w);
    for (size_t i = 0; i < n; i++) {
        regex_t re;
        if (host_re_too_big(w[i])) {
            xend_error(cx, "'%.60s' is too complex a regular expression "
                       "(its repeats expand past %.0f states)", w[i],
                       HOST_RE_MAX_SIZE);
            free_words(w, n);
            return -1;
        }
        int rc = compile_host_re(w[i], &re);
        if (rc) {
            char msg[128];
            regerror(rc, &re, msg, sizeof(msg));
            xend_error(cx, "'%.60s' is not a valid regular expression (%s)",
                       w[i], msg);
            free_words(w, n);
            return -1;
        }
        regfree(&re);
    }
    free_words(cfg->relocation_hosts_allow, cfg->n_relocation_hosts_allow);
    cfg->relocation_hosts_allow = w;
    cfg->n_relocation_hosts_allow = n;
    return 0;
}

bool xend_config_relocation_allowed(const struct xend_config *cfg,
                                    const char *const *names, size_t n)
{
    if (cfg->n_relocation_hosts_allow == 0)
        return true;
    for (size_t i = 0; i < cfg->n_relocation_hosts_allow; i++) {
        regex_t re;
        if (host_re_too_big(cfg->relocation_hosts_allow[i]) ||
            compile_host_re(cfg->relocation_hosts_allow[i], &re))
            continue;
        bool hit = false;
        for (size_t j = 0; j < n && !hit; j++)
            hit = names[j] && regexec(&re, names[j], 0, NULL, 0) == 0;
        regfree(&re);
        if (hit)
            return true;
    }
    return false;
}

static int get_loglevel(const char *v, struct xend_ctx *cx,
                        enum xend_loglevel *out)
{
    for (int l = XEND_LOG_DEBUG; l <= XEND_LOG_CRITICAL; l++) {
        if (!strcasecmp(v, xend_loglevel_name((enum xend_loglevel)l)) ||
            (l == XEND_LOG_WARNING && !strcasecmp(v, "WARN"))) {
            *out = (enum xend_loglevel)l;
            return 0;
        }
    }
    xend_error(cx, "expected DEBUG, INFO, WARNING, ERROR or CRITICAL, got "
               "'%.60s'", v);
    return -1;
}

static int store(const struct key_def *k, const char *v, struct xend_ctx *cx,
                 struct xend_config *cfg)
{
    void *field = (char *)cfg + k->off;
    unsigned long n;
    switch (k->kind) {
    case K_BOOL:     return get_bool(v, cx, field);
    case K_STR:      return get_str(v, field);
    case K_SCRIPT:   return get_script(v, cx, field);
    case K_HOSTS:    return get_hosts(v, cx, cfg);
    case K_LOGLEVEL: return get_loglevel(v, cx, field);
    case K_PORT:
        if (get_number(v, cx, "a TCP port (1-65535)", 1, 65535, &n) < 0)
            return -1;
        *(unsigned *)field = (unsigned)n;
        return 0;
    case K_UINT:
        if (get_number(v, cx, "a whole number", 0, 1UL << 20, &n) < 0)
            return -1;
        *(unsigned *)field = (unsigned)n;
        return 0;
    case K_ULONG:
        if (get_number(v, cx, "a whole number of MiB", 0, 1UL << 30, &n) < 0)
            return -1;
        *(unsigned long *)field = n;
        return 0;
    }
    return -1;
}

static const struct key_def *find_key(const char *name)
{
    for (size_t i = 0; i < sizeof(keys) / sizeof(*keys); i++)
        if (!strcmp(keys[i].name, name))
            return &keys[i];
    return NULL;
}

static bool is_unsupported(const char *name)
{
    for (size_t i = 0; i < sizeof(unsupported) / sizeof(*unsupported); i++)
        if (!strcmp(unsupported[i], name))
            return true;
    return false;
}

int xend_key_apply(struct xend_config *cfg, const struct sxp *e,
                   struct xend_ctx *cx)
{
    const struct key_def *k = find_key(cx->key);
    if (!k) {
        xend_warn(cx, is_unsupported(cx->key)
                  ? "not supported by this toolstack, ignored"
                  : "unknown key, ignored");
        return 1;
    }
    if (e->n != 2 || e->items[1].kind != SXP_ATOM) {
        bool script = k->kind == K_SCRIPT && e->n > 2;
        xend_error(cx, "expected exactly one value, as in (%s value)%s",
                   cx->key, script ? "; quote a script with arguments: "
                   "(network-script 'network-bridge netdev=eth1')" : "");
        return -1;
    }
    return store(k, e->items[1].atom, cx, cfg);
}

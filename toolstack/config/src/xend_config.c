/* xend-config.sxp into struct xend_config (see xendconfig.h). */
#define _POSIX_C_SOURCE 200809L
#include "xendconfig.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cfg_file.h"
#include "xend_internal.h"


static void set_defaults(struct xend_config *c, const char *label)
{
    memset(c, 0, sizeof(*c));
    c->file = strdup(label);
    c->unix_path = strdup("/var/lib/xend/xend-socket");
    c->port = 8000;
    c->address = strdup("");
    c->tcp_xmlrpc_server_address = strdup("localhost");
    c->tcp_xmlrpc_server_port = 8006;
    c->unix_xmlrpc_server = true;
    c->relocation_port = 8002;
    c->relocation_address = strdup("");
    c->relocation_ssl_port = 8003;
    c->vif_script.name = strdup("vif-bridge");
    c->enable_dom0_ballooning = true;
    c->vnc_listen = strdup("127.0.0.1");
    c->vncpasswd = strdup("");
    c->logfile = strdup("/var/log/xend.log");
    c->loglevel = XEND_LOG_DEBUG;
    c->console_limit = 1024;
}

unsigned xend_config_given(const struct xend_config *cfg, const char *key)
{
    for (size_t i = 0; i < cfg->n_given; i++)
        if (!strcmp(cfg->given[i].key, key))
            return cfg->given[i].line ? cfg->given[i].line : 1;
    return 0;
}

static void note_given(struct xend_config *cfg, const char *key,
                       unsigned line)
{
    struct xend_given *g = realloc(cfg->given,
                                   (cfg->n_given + 1) * sizeof(*g));
    if (!g)
        return;
    cfg->given = g;
    g[cfg->n_given].key = strdup(key);
    g[cfg->n_given].line = line;
    if (g[cfg->n_given].key)
        cfg->n_given++;
}

/* One top-level "(key value)" entry. */
static int apply_entry(struct xend_config *cfg, const struct sxp *e,
                       struct cfg_diags *diags)
{
    struct xend_ctx cx = { cfg->file, NULL, e->line, diags };
    const char *name = sxp_name(e);
    if (!name) {
        xend_error(&cx, "expected an entry '(key value)', got %s",
                   e->kind == SXP_ATOM ? "a bare word outside parentheses"
                   : e->n ? "a list that does not start with a key"
                          : "'()'");
        return -1;
    }
    cx.key = name;
    unsigned first = xend_config_given(cfg, name);
    if (first) {
        xend_warn(&cx, "repeated; xend uses the first one, on line %u",
                  first);
        return 0;
    }
    int rc = xend_key_apply(cfg, e, &cx);
    if (rc == 0)
        note_given(cfg, name, e->line);
    return rc < 0 ? -1 : 0;
}

int xend_config_parse_string(const char *text, size_t len, const char *label,
                             struct xend_config *cfg,
                             struct cfg_diags *diags)
{
    struct sxp doc;
    set_defaults(cfg, label ? label : "<input>");
    int rc = sxp_parse(text, len, cfg->file, &doc, diags);
    bool parsed = rc == 0;
    /* every entry is checked, so all mistakes are reported at once */
    for (size_t i = 0; parsed && i < doc.n; i++)
        if (apply_entry(cfg, &doc.items[i], diags) < 0)
            rc = -1;
    sxp_free(&doc);
    return rc;
}

int xend_config_parse_file(const char *path, struct xend_config *cfg,
                           struct cfg_diags *diags)
{
    size_t n;
    char *buf = cfg_read_file(path, &n, diags);
    if (!buf) {
        set_defaults(cfg, path);
        return -1;
    }
    int rc = xend_config_parse_string(buf, n, path, cfg, diags);
    free(buf);
    return rc;
}

static void free_script(struct xend_script *s)
{
    for (size_t i = 0; i < s->n_args; i++)
        free(s->args[i]);
    free(s->args);
    free(s->name);
}

void xend_config_free(struct xend_config *c)
{
    char *strs[] = { c->file, c->unix_path, c->address,
                     c->tcp_xmlrpc_server_address, c->relocation_address,
                     c->relocation_ssl_key_file, c->relocation_ssl_cert_file, c->vnc_listen, c->vncpasswd, c->keymap, c->logfile };
    for (size_t i = 0; i < sizeof(strs) / sizeof(*strs); i++)
        free(strs[i]);
    for (size_t i = 0; i < c->n_relocation_hosts_allow; i++)
        free(c->relocation_hosts_allow[i]);
    free(c->relocation_hosts_allow);
    free_script(&c->network_script);
    free_script(&c->vif_script);
    for (size_t i = 0; i < c->n_given; i++)
        free(c->given[i].key);
    free(c->given);
    memset(c, 0, sizeof(*c));
}

const char *xend_loglevel_name(enum xend_loglevel l)
{
    static const char *const names[] = { "DEBUG", "INFO", "WARNING", "ERROR",
                                         "CRITICAL" };
    return (unsigned)l < 5 ? names[l] : "?";
}

/* /etc/xen/xend-config.sxp: xend's settings as "(key value)" lines (guide
 * sections 2.2, 5, 6.1.1 and 6.3), read into a typed struct xend_config.
 * Like xend, the first occurrence of a key counts; later ones get a
 * warning. KEYS.md lists the keys and their defaults. */
#ifndef XENDCONFIG_H
#define XENDCONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "cfg_diag.h"
#include "sxp.h"

/* (network-script 'network-bridge netdev=eth1'): a script under
 * /etc/xen/scripts and its arguments. name NULL: no script. */
struct xend_script {
    char *name;
    char **args;
    size_t n_args;
};

enum xend_loglevel {
    XEND_LOG_DEBUG, XEND_LOG_INFO, XEND_LOG_WARNING, XEND_LOG_ERROR,
    XEND_LOG_CRITICAL,
};

struct xend_config {
    char *file;

    bool unix_server;              /* xend-unix-server, no */
    char *unix_path;               /* xend-unix-path */
    bool http_server;              /* xend-http-server, no */
    unsigned port;                 /* xend-port, 8000 */
    char *address;                 /* xend-address, "" = all */
    bool tcp_xmlrpc_server;        /* xend-tcp-xmlrpc-server, no */
    char *tcp_xmlrpc_server_address;   /* "localhost" */
    unsigned tcp_xmlrpc_server_port;   /* 8006 */
    bool unix_xmlrpc_server;       /* xend-unix-xmlrpc-server, yes */

    bool relocation_server;        /* xend-relocation-server, no */
    unsigned relocation_port;      /* xend-relocation-port, 8002 */
    char *relocation_address;      /* xend-relocation-address, "" = all */
    char **relocation_hosts_allow; /* regexes; none = every host */
    size_t n_relocation_hosts_allow;
    /* TLS on the relocation channel (Xen 4.1's names): a second server
     * on its own port, with this key and certificate; xm migrate uses it
     * with --ssl, or always if xend-relocation-ssl is yes. */
    bool relocation_ssl_server;    /* xend-relocation-ssl-server, no */
    unsigned relocation_ssl_port;  /* xend-relocation-ssl-port, 8003 */
    bool relocation_ssl;           /* xend-relocation-ssl, no */
    char *relocation_ssl_key_file;     /* xend-relocation-server-ssl-key-file */
    char *relocation_ssl_cert_file;    /* xend-relocation-server-ssl-cert-file */

    struct xend_script network_script;   /* none */
    struct xend_script vif_script;       /* vif-bridge */

    unsigned long dom0_min_mem;    /* MiB, 0 = never balloon below */
    unsigned dom0_cpus;            /* 0 = all */
    bool enable_dom0_ballooning;   /* yes */
    unsigned long total_available_memory;   /* MiB, 0 = all */
    char *vnc_listen;              /* vnc-listen, 127.0.0.1 */
    char *vncpasswd;               /* "" */
    char *keymap;                  /* NULL: en-us */
    char *logfile;                 /* /var/log/xend.log */
    enum xend_loglevel loglevel;   /* DEBUG */
    unsigned console_limit;        /* KiB buffered per console, 1024 */

    struct xend_given { char *key; unsigned line; } *given;
    size_t n_given;
};

/* 0 without errors (warnings allowed), -1 otherwise; cfg holds the
 * defaults plus every valid setting, and is always safe to free. */
int xend_config_parse_file(const char *path, struct xend_config *cfg,
                           struct cfg_diags *diags);
int xend_config_parse_string(const char *text, size_t len, const char *label,
                             struct xend_config *cfg,
                             struct cfg_diags *diags);
void xend_config_free(struct xend_config *cfg);

/* Line of the key in the file, or 0 if it was not set. */
unsigned xend_config_given(const struct xend_config *cfg, const char *key);

/* May a peer known by these names (FQDN, IP address) use the relocation
 * port? True when hosts-allow is empty or one regex matches one name
 * entirely (section 6.3). */
bool xend_config_relocation_allowed(const struct xend_config *cfg,
                                    const char *const *names, size_t n);

const char *xend_loglevel_name(enum xend_loglevel l);

#endif

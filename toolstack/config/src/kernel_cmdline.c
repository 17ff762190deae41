/* The PV guest's kernel command line, built the way xm and xend did:
 * xm turns ip/nfs_server/gateway/netmask/hostname/interface/dhcp into
 * "ip=<ip>:<server>:<gw>:<mask>:<host>:<if>:<autoconf>" (Linux's
 * Documentation/admin-guide/nfs/nfsroot), puts "nfsroot=<server>:<path>"
 * in front of extra, and xend then prefixes "root=<root> ip=<...>" unless
 * extra already sets them. */
#define _POSIX_C_SOURCE 200809L
#include "xmconfig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* xm's stand-in when there is no NFS server. */
#define DUMMY_NFS_SERVER "127.0.255.255"

static const char *or_empty(const char *s)
{
    return s ? s : "";
}

/* Does args contain a word starting with prefix (e.g. "root=")? Unlike
 * xend's plain search, "nfsroot=" does not count as "root=". */
static bool has_word(const char *args, const char *prefix)
{
    size_t n = strlen(prefix);
    for (const char *p = args; (p = strstr(p, prefix)); p += n)
        if ((p == args || p[-1] == ' ') && p[n] != '\0' && p[n] != ' ')
            return true;
    return false;
}

static char *join(const char *a, const char *b)
{
    size_t n = strlen(a) + strlen(b) + 2;
    char *s = malloc(n);
    if (s)
        snprintf(s, n, "%s%s%s", a, *a && *b ? " " : "", b);
    return s;
}

static char *ip_param(const struct xm_domain_config *c)
{
    if (!c->ip && (!c->dhcp || !strcmp(c->dhcp, "off")))
        return strdup("");
    const char *parts[] = {
        or_empty(c->ip), c->nfs_server ? c->nfs_server : DUMMY_NFS_SERVER,
        or_empty(c->gateway), or_empty(c->netmask), or_empty(c->hostname),
        c->interface ? c->interface : "eth0", c->dhcp ? c->dhcp : "off",
    };
    size_t n = 4;
    for (size_t i = 0; i < 7; i++)
        n += strlen(parts[i]) + 1;
    char *s = malloc(n);
    if (s)
        snprintf(s, n, "ip=%s:%s:%s:%s:%s:%s:%s", parts[0], parts[1], parts[2],
                 parts[3], parts[4], parts[5], parts[6]);
    return s;
}

static char *args_param(const struct xm_domain_config *c)
{
    if (!c->nfs_root || !c->nfs_server)
        return strdup(or_empty(c->extra));
    size_t n = strlen(c->nfs_server) + strlen(c->nfs_root) + 10;
    char *nfs = malloc(n);
    if (!nfs)
        return NULL;
    snprintf(nfs, n, "nfsroot=%s:%s", c->nfs_server, c->nfs_root);
    char *s = join(nfs, or_empty(c->extra));
    free(nfs);
    return s;
}

char *xm_config_kernel_cmdline(const struct xm_domain_config *c)
{
    char *args = args_param(c), *ip = ip_param(c), *root = NULL;
    char *out = NULL, *tmp = NULL;
    if (!args || !ip)
        goto done;
    if (c->root && *c->root && !has_word(args, "root=")) {
        size_t n = strlen(c->root) + 6;
        root = malloc(n);
        if (!root)
            goto done;
        snprintf(root, n, "root=%s", c->root);
    }
    tmp = join(has_word(args, "ip=") ? "" : ip, args);
    if (tmp)
        out = join(root ? root : "", tmp);
done:
    free(args);
    free(ip);
    free(root);
    free(tmp);
    return out;
}

/* One vif= entry (guide 4.1.4, 4.2, 5): comma separated key=value pairs,
 * e.g. 'mac=00:16:3e:00:00:11, bridge=xenbr0' or 'type=ioemu, bridge=xenbr0';
 * '' asks for every default (random 00:16:3e MAC, first bridge, the
 * vif-script of xend-config.sxp). */
#define _POSIX_C_SOURCE 200809L
#include "xmconfig.h"
#include "spec_split.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int parse_mac(struct xm_vif *v, const char *s, char *err, size_t errlen)
{
    unsigned b[6];
    char tail;
    if (strlen(s) != 17 ||
        sscanf(s, "%2x:%2x:%2x:%2x:%2x:%2x%c", &b[0], &b[1], &b[2], &b[3],
               &b[4], &b[5], &tail) != 6 ||
        strspn(s, "0123456789abcdefABCDEF:") != 17) {
        snprintf(err, errlen, "mac '%.40s' should be six hex pairs, like "
                 "00:16:3e:00:00:11", s);
        return -1;
    }
    if (b[0] & 1) {
        snprintf(err, errlen, "mac '%s' is a multicast address (the low bit "
                 "of its first byte is set)", s);
        return -1;
    }
    for (int i = 0; i < 6; i++)
        v->mac[i] = (uint8_t)b[i];
    v->has_mac = true;
    return 0;
}

/* "ip=" may list several addresses separated by blanks (vif-route). */
static int check_ips(const char *s, char *err, size_t errlen)
{
    char *copy = strdup(s), *save = NULL;
    int rc = copy ? 0 : -1;
    for (char *t = copy ? strtok_r(copy, " \t", &save) : NULL; t && !rc;
         t = strtok_r(NULL, " \t", &save)) {
        struct in_addr a;
        if (inet_pton(AF_INET, t, &a) != 1) {
            snprintf(err, errlen, "ip '%.40s' is not an IPv4 address", t);
            rc = -1;
        }
    }
    free(copy);
    return rc;
}

static char **string_slot(struct xm_vif *v, const char *key)
{
    static const struct { const char *key; size_t off; } slots[] = {
        { "bridge", offsetof(struct xm_vif, bridge) },
        { "script", offsetof(struct xm_vif, script) },
        { "ip", offsetof(struct xm_vif, ip) },
        { "vifname", offsetof(struct xm_vif, vifname) },
        { "model", offsetof(struct xm_vif, model) },
        { "backend", offsetof(struct xm_vif, backend) },
        { "rate", offsetof(struct xm_vif, rate) },
        { "accel", offsetof(struct xm_vif, accel) },
    };
    for (size_t i = 0; i < sizeof(slots) / sizeof(*slots); i++)
        if (!strcmp(key, slots[i].key))
            return (char **)((char *)v + slots[i].off);
    return NULL;
}

static int set_pair(struct xm_vif *v, const char *k, const char *val,
                    char *err, size_t errlen)
{
    char **slot = string_slot(v, k);
    if (!*val) {
        snprintf(err, errlen, "'%.20s=' has an empty value", k);
        return -1;
    }
    if (!strcmp(k, "mac"))
        return parse_mac(v, val, err, errlen);
    if (!strcmp(k, "type")) {
        if (strcmp(val, "ioemu") && strcmp(val, "netfront") &&
            strcmp(val, "vif")) {
            snprintf(err, errlen, "type '%.20s' should be ioemu or netfront",
                     val);
            return -1;
        }
        v->type_ioemu = !strcmp(val, "ioemu");
        return 0;
    }
    if (!slot) {
        snprintf(err, errlen, "'%.20s' is not a vif option (mac, bridge, "
                 "type, script, ip, vifname, model, backend, rate, accel)", k);
        return -1;
    }
    if (!strcmp(k, "ip") && check_ips(val, err, errlen) < 0)
        return -1;
    free(*slot);
    *slot = strdup(val);
    return 0;
}

static int parse_pair(struct xm_vif *v, const char *p, size_t n, char *err,
                      size_t errlen)
{
    char *pair = spec_trim(p, n);
    if (!pair)
        return -1;
    char *eq = strchr(pair, '=');
    int rc = -1;
    if (!eq) {
        snprintf(err, errlen, "'%.40s' should be a pair key=value (e.g. "
                 "bridge=xenbr0)", pair);
    } else {
        *eq = '\0';
        char *k = spec_trim(pair, strlen(pair));
        char *val = spec_trim(eq + 1, strlen(eq + 1));
        rc = k && val ? set_pair(v, k, val, err, errlen) : -1;
        free(k);
        free(val);
    }
    free(pair);
    return rc;
}

int xm_vif_parse(const char *spec, struct xm_vif *out, char *err,
                 size_t errlen)
{
    memset(out, 0, sizeof(*out));
    if (strspn(spec, " \t") == strlen(spec))
        return 0;   /* '' : all defaults */
    for (const char *p = spec;;) {
        const char *c = strchr(p, ',');
        size_t n = c ? (size_t)(c - p) : strlen(p);
        if (parse_pair(out, p, n, err, errlen) < 0) {
            xm_vif_free(out);
            return -1;
        }
        if (!c)
            return 0;
        p = c + 1;
    }
}

void xm_vif_free(struct xm_vif *v)
{
    free(v->bridge);
    free(v->script);
    free(v->ip);
    free(v->vifname);
    free(v->model);
    free(v->backend);
    free(v->rate);
    free(v->accel);
    memset(v, 0, sizeof(*v));
}

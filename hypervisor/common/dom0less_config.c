/* Parsing dom0-less domain settings (see xen/dom0less.h). Pure. */
#include <xen/dom0less.h>
#include <xen/string.h>
#include <xen/vsprintf.h>

/* Reads an unsigned decimal number of the whole token; -1 if it is not. */
static int parse_uint(const char *s, size_t n, uint64_t *out)
{
    uint64_t v = 0;

    if (!n)
        return -1;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9' || v > (UINT64_MAX - 9) / 10)
            return -1;
        v = v * 10 + (uint64_t)(s[i] - '0');
    }
    *out = v;
    return 0;
}

int dom0less_parse_cpus(const char *s, uint64_t *mask)
{
    *mask = 0;
    if (!strcmp(s, "all")) {
        *mask = ~0ULL;
        return 0;
    }
    while (*s) {
        const char *comma = strchr(s, ','), *dash;
        size_t n = comma ? (size_t)(comma - s) : strlen(s);
        uint64_t lo, hi;

        dash = memchr(s, '-', n);
        if (dash) {
            if (parse_uint(s, (size_t)(dash - s), &lo) ||
                parse_uint(dash + 1, n - (size_t)(dash - s) - 1, &hi))
                return -1;
        } else if (parse_uint(s, n, &lo)) {
            return -1;
        } else {
            hi = lo;
        }
        if (lo > hi || hi > 63)
            return -1;
        for (uint64_t c = lo; c <= hi; c++)
            *mask |= 1ULL << c;
        if (!comma)
            break;
        s = comma + 1;
        if (!*s)
            return -1;                  /* trailing comma */
    }
    return *mask ? 0 : -1;
}

int dom0less_parse_modules(const char *s, uint64_t *mask)
{
    return dom0less_parse_cpus(s, mask);    /* the same list syntax */
}

static int parse_action(const char *v, enum dom0less_action *a)
{
    if (!strcmp(v, "destroy"))
        *a = DOM0LESS_DESTROY;
    else if (!strcmp(v, "restart"))
        *a = DOM0LESS_RESTART;
    else if (!strcmp(v, "preserve"))
        *a = DOM0LESS_PRESERVE;
    else
        return -1;
    return 0;
}

static int set_key(struct dom0less_config *cfg, const char *key, const char *val)
{
    uint64_t n;

    if (!strcmp(key, "name")) {
        if (!*val || strlen(val) >= sizeof(cfg->name))
            return -1;
        strlcpy(cfg->name, val, sizeof(cfg->name));
        return 0;
    }
    if (!strcmp(key, "memory"))
        return parse_uint(val, strlen(val), &n) || !n || n > 65536 ? -1 :
               (cfg->memory_mb = n, 0);
    if (!strcmp(key, "vcpus"))
        return parse_uint(val, strlen(val), &n) || !n || n > 64 ? -1 :
               (cfg->vcpus = (unsigned int)n, 0);
    if (!strcmp(key, "weight"))     /* Xen's credit: 1..65535 */
        return parse_uint(val, strlen(val), &n) || !n || n > 65535 ? -1 :
               (cfg->weight = (unsigned int)n, 0);
    if (!strcmp(key, "cap"))        /* per cent of one pCPU, 0 = none */
        return parse_uint(val, strlen(val), &n) || n > 6400 ? -1 :
               (cfg->cap = (unsigned int)n, 0);
    if (!strcmp(key, "cpus"))
        return dom0less_parse_cpus(val, &cfg->cpus);
    if (!strcmp(key, "on_poweroff"))
        return parse_action(val, &cfg->on_poweroff);
    if (!strcmp(key, "on_reboot"))
        return parse_action(val, &cfg->on_reboot);
    if (!strcmp(key, "on_crash"))
        return parse_action(val, &cfg->on_crash);
    if (!strcmp(key, "ramdisk"))    /* a boot module index, as dom0less= */
        return parse_uint(val, strlen(val), &n) || n > 63 ? -1 : (cfg->ramdisk = (int)n, 0);
    return -2;
}

int dom0less_parse_config(const char *modline, struct dom0less_config *cfg,
                          char *err, size_t errlen)
{
    const char *p = modline;

    *cfg = (struct dom0less_config){
        .memory_mb = 32, .vcpus = 1, .cpus = ~0ULL, .weight = 256,
        .on_poweroff = DOM0LESS_DESTROY, .on_reboot = DOM0LESS_RESTART,
        .on_crash = DOM0LESS_DESTROY, .ramdisk = -1,
    };
    while (*p == ' ')
        p++;
    while (*p && *p != ' ')             /* the loader's file name */
        p++;
    for (;;) {
        char tok[160], key[32];
        const char *eq;
        size_t n;
        int rc;

        while (*p == ' ')
            p++;
        if (!*p)
            return 0;
        n = strcspn(p, " ");
        if (n == 2 && !strncmp(p, "--", 2)) {
            p += 2;
            while (*p == ' ')
                p++;
            if (strlen(p) >= sizeof(cfg->cmdline)) {
                snprintf(err, errlen, "guest command line longer than %zu bytes",
                         sizeof(cfg->cmdline) - 1);
                return -1;
            }
            strlcpy(cfg->cmdline, p, sizeof(cfg->cmdline));
            return 0;
        }
        if (n >= sizeof(tok)) {
            snprintf(err, errlen, "setting '%.20s...' is too long", p);
            return -1;
        }
        memcpy(tok, p, n);
        tok[n] = '\0';
        p += n;
        eq = strchr(tok, '=');
        if (!eq || eq == tok || (size_t)(eq - tok) >= sizeof(key)) {
            snprintf(err, errlen, "'%s' is not key=value (the guest's command line "
                     "goes after --)", tok);
            return -1;
        }
        memcpy(key, tok, (size_t)(eq - tok));
        key[eq - tok] = '\0';
        rc = set_key(cfg, key, eq + 1);
        if (rc == -2) {
            snprintf(err, errlen, "unknown key '%s'", key);
            return -1;
        }
        if (rc) {
            snprintf(err, errlen, "bad value '%s' for %s", eq + 1, key);
            return -1;
        }
    }
}

/* Command-line parsing (pure: also built and tested on the host). The option
 * table itself lives in common/params.c. */
#include <xen/param.h>
#include <xen/string.h>
#include <xen/vsprintf.h>

int parse_bool(const char *s)
{
    static const char *const yes[] = { "1", "yes", "on", "true", "enable" };
    static const char *const no[] = { "0", "no", "off", "false", "disable" };

    for (size_t i = 0; i < ARRAY_SIZE(yes); i++) {
        if (!strcmp(s, yes[i]))
            return 1;
        if (!strcmp(s, no[i]))
            return 0;
    }
    return -1;
}

int parse_size_and_unit(const char *s, const char **end, uint64_t *out)
{
    const char *p;
    uint64_t v = simple_strtoul(s, &p, 0);
    unsigned int shift = 0;

    if (p == s)
        return -1;
    switch (*p) {
    case 'T': case 't': shift = 40; p++; break;
    case 'G': case 'g': shift = 30; p++; break;
    case 'M': case 'm': shift = 20; p++; break;
    case 'K': case 'k': shift = 10; p++; break;
    case 'B': case 'b': p++; break;
    }
    if (shift && v > (UINT64_MAX >> shift))
        return -1;
    *out = v << shift;
    if (end)
        *end = p;
    else if (*p)
        return -1;
    return 0;
}

int parse_dom0_mem(const char *s, struct dom0_mem *out)
{
    struct dom0_mem m = { 0, 0, 0 };

    while (*s) {
        uint64_t *dst = &m.amount;
        const char *p;

        if (!strncmp(s, "min:", 4)) {
            dst = &m.min;
            s += 4;
        } else if (!strncmp(s, "max:", 4)) {
            dst = &m.max;
            s += 4;
        }
        if (parse_size_and_unit(s, &p, dst) || (*p && *p != ','))
            return -1;
        s = *p ? p + 1 : p;
    }
    if (m.min && m.max && m.min > m.max)
        return -1;
    *out = m;
    return 0;
}

int parse_dom0_max_vcpus(const char *s, unsigned int *min, unsigned int *max)
{
    const char *p;
    unsigned long lo = simple_strtoul(s, &p, 10), hi = lo;

    if (p == s)
        return -1;
    if (*p == '-') {
        s = p + 1;
        hi = simple_strtoul(s, &p, 10);
        if (p == s)
            return -1;
    }
    if (*p || !hi || lo > hi || hi > 4096)
        return -1;
    *min = (unsigned int)lo;
    *max = (unsigned int)hi;
    return 0;
}

static const struct kernel_param *find_param(const struct kernel_param *params,
                                             size_t nr, const char *name)
{
    for (size_t i = 0; i < nr; i++)
        if (!strcmp(params[i].name, name))
            return &params[i];
    return NULL;
}

static int assign(const struct kernel_param *p, const char *val, bool negated)
{
    uint64_t size;
    const char *end;
    int b;

    switch (p->type) {
    case PARAM_BOOL:
        b = val ? parse_bool(val) : 1;
        if (b < 0)
            return -1;
        *(bool *)p->var = negated ? !b : b;
        return 0;
    case PARAM_STR:
        if (!val || strlen(val) >= p->len)
            return -1;
        strlcpy(p->var, val, p->len);
        return 0;
    case PARAM_SIZE:
        if (!val || parse_size_and_unit(val, NULL, &size))
            return -1;
        *(uint64_t *)p->var = size;
        return 0;
    case PARAM_UINT:
        if (!val || !*val)
            return -1;
        size = simple_strtoul(val, &end, 0);
        if (*end || size > UINT32_MAX)
            return -1;
        *(unsigned int *)p->var = (unsigned int)size;
        return 0;
    case PARAM_CUSTOM:
        return p->custom(val ? val : "");
    }
    return -1;
}

/* One "name[=value]" word; returns 0 if it was understood. */
static int parse_one(char *word, const struct kernel_param *params, size_t nr,
                     param_report_t report)
{
    char msg[320], *val = strchr(word, '=');
    const struct kernel_param *p;
    bool negated = false;

    if (val)
        *val++ = '\0';
    p = find_param(params, nr, word);
    if (!p && !strncmp(word, "no-", 3)) {       /* Xen: no-<bool> */
        p = find_param(params, nr, word + 3);
        negated = p && p->type == PARAM_BOOL;
        if (!negated)
            p = NULL;
    }
    if (!p) {
        snprintf(msg, sizeof(msg), "unknown option '%s'", word);
        report(msg);
        return -1;
    }
    if (assign(p, val, negated)) {
        snprintf(msg, sizeof(msg), "bad value '%s' for option '%s'",
                 val ? val : "", word);
        report(msg);
        return -1;
    }
    return 0;
}

int parse_cmdline(const char *cmdline, const struct kernel_param *params,
                  size_t nr, param_report_t report)
{
    char word[256];
    int errors = 0;

    while (*cmdline) {
        size_t n = 0;

        while (*cmdline == ' ' || *cmdline == '\t')
            cmdline++;
        if (!*cmdline)
            break;
        while (cmdline[n] && cmdline[n] != ' ' && cmdline[n] != '\t')
            n++;
        if (n >= sizeof(word)) {
            char head[24];

            strlcpy(head, cmdline, sizeof(head));
            snprintf(word, sizeof(word), "option too long at '%s...'", head);
            report(word);
            errors++;
        } else {
            memcpy(word, cmdline, n);
            word[n] = '\0';
            errors += parse_one(word, params, nr, report) != 0;
        }
        cmdline += n;
    }
    return errors;
}

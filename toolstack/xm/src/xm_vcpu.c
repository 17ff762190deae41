/* xm vcpu-list, vcpu-pin, vcpu-set, mem-set and sysrq (guide 6.4, 6.1.2):
 * arguments checked as xm 4.1's arg_check did, the rest asked of xend. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xm_client.h"
#include "xm_cmds.h"
#include "xm_vcpu_format.h"

int xm_vcpu_list(int argc, char **argv)
{
    struct xend_request req = { .op = XEND_OP_VCPU_LIST };

    for (int i = 1; i < argc; i++)
        if (argv[i][0] == '-')
            return xm_usage_error("vcpu-list", "option %s not recognized", argv[i]);
    req.domains = argv + 1;
    req.n_domains = (size_t)(argc - 1);
    return xm_call_print(&req, "vcpu-list", "vcpus", xm_format_vcpu_list);
}

/* One domain and n_args arguments after it; silent on success, as xm 4.1. */
static int with_args(enum xend_op op, const char *cmd, int argc, char **argv, int n_args,
                     char *arg0)
{
    struct xend_request req = { .op = op };
    char *args[2];

    if (argc != 2 + n_args)
        return xm_usage_error(cmd, "'xm %s' requires %d arguments.", cmd, 1 + n_args);
    req.domains = argv + 1;
    req.n_domains = 1;
    args[0] = arg0 ? arg0 : argv[2];
    if (n_args > 1)
        args[1] = argv[3];
    req.args = args;
    req.n_args = (size_t)n_args;
    return xm_call_quiet(&req);
}

int xm_vcpu_pin(int argc, char **argv)
{
    return with_args(XEND_OP_VCPU_PIN, "vcpu-pin", argc, argv, 2, NULL);
}

int xm_vcpu_set(int argc, char **argv)
{
    char *end;

    if (argc == 3) {
        errno = 0;
        long n = strtol(argv[2], &end, 10);
        if (errno || end == argv[2] || *end || n > 4096 || n < -4096)
            return xm_usage_error("vcpu-set", "invalid number of vCPUs: '%s'", argv[2]);
    }
    return with_args(XEND_OP_VCPU_SET, "vcpu-set", argc, argv, 1, NULL);
}

/* xm 4.1's int_unit(s, 'm'): a number with an optional unit k, m, g or t
 * (MiB when none), in MiB; -1 when it is none. */
static long long mib_of(const char *s)
{
    char *end;
    long long n;
    int shift;

    errno = 0;
    n = strtoll(s, &end, 10);
    if (errno || end == s || n < 0 || !isdigit((unsigned char)*s))
        return -1;
    switch (tolower((unsigned char)*end)) {
    case '\0': case 'm': shift = 0; break;
    case 'k': shift = -10; break;
    case 'g': shift = 10; break;
    case 't': shift = 20; break;
    default: return -1;
    }
    if (*end && end[1])
        return -1;
    if (shift < 0)
        return n >> -shift;
    return n > (1ll << 40) >> shift ? -1 : n << shift;
}

int xm_mem_set(int argc, char **argv)
{
    char mib[32];
    long long n;

    if (argc != 3)
        return with_args(XEND_OP_MEM_SET, "mem-set", argc, argv, 1, NULL);
    if ((n = mib_of(argv[2])) < 0)
        return xm_usage_error("mem-set", "Invalid memory size: '%s'", argv[2]);
    snprintf(mib, sizeof(mib), "%lld", n);
    return with_args(XEND_OP_MEM_SET, "mem-set", argc, argv, 1, mib);
}

int xm_sysrq(int argc, char **argv)
{
    return with_args(XEND_OP_SYSRQ, "sysrq", argc, argv, 1, NULL);
}

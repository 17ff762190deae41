/* vCPU affinity maps (see xend_cpus.h). Pure. */
#include "xend_cpus.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int refuse(char **why, const char *what, const char *spec, const char *err)
{
    if (asprintf(why, "%s '%s': %s", what, spec, err) < 0)
        *why = NULL;
    return -EINVAL;
}

int xend_cpus_of_vcpu(const struct sxp *vm, unsigned vcpu, struct xm_cpumap *out,
                      char **why)
{
    const struct sxp *cpus = sxp_child(vm, "cpus"), *v;
    char err[160];

    memset(out, 0, sizeof(*out));
    *why = NULL;
    if (!cpus || cpus->n != 2)
        return 0;
    v = &cpus->items[1];
    if (v->kind == SXP_LIST) {          /* one entry per vCPU */
        if (vcpu >= v->n)
            return 0;
        v = &v->items[vcpu];
        if (v->kind != SXP_ATOM)
            return refuse(why, "cpus", "(...)", "an entry is not a CPU list");
    }
    if (!*v->atom)
        return 0;
    if (xm_cpumap_parse(v->atom, out, err, sizeof(err)) < 0)
        return refuse(why, "cpus", v->atom, err);
    return xm_cpumap_count(out) > 0;
}

int xend_cpus_parse_pin(const char *spec, unsigned nr_cpus, struct xm_cpumap *out,
                        char **why)
{
    char err[160];

    *why = NULL;
    memset(out, 0, sizeof(*out));
    if (!strcmp(spec, "all")) {
        for (unsigned c = 0; c < nr_cpus && c < XM_MAX_PCPUS; c++)
            xm_cpumap_set(out, c);
        return 0;
    }
    if (xm_cpumap_parse(spec, out, err, sizeof(err)) < 0)
        return refuse(why, "CPUS", spec, err);
    return 0;
}

int xend_cpus_parse_vcpu(const char *spec, unsigned max_vcpus, unsigned *vcpu, bool *all,
                         char **why)
{
    char *end;
    unsigned long n;

    *why = NULL;
    *all = !strcmp(spec, "all");
    *vcpu = 0;
    if (*all)
        return 0;
    errno = 0;
    n = strtoul(spec, &end, 10);
    if (errno || end == spec || *end || *spec == '-' || *spec == '+')
        return refuse(why, "VCPU", spec, "not a vCPU number");
    if (n >= max_vcpus) {
        if (asprintf(why, "VCPU %lu: the domain has vCPUs 0 to %u", n, max_vcpus - 1) < 0)
            *why = NULL;
        return -EINVAL;
    }
    *vcpu = (unsigned)n;
    return 0;
}

bool xend_cpus_to_bytes(const struct xm_cpumap *m, uint8_t *out, size_t nbytes,
                        unsigned nr_cpus)
{
    bool usable = false;

    memset(out, 0, nbytes);
    for (unsigned c = 0; c < nbytes * 8 && c < XM_MAX_PCPUS; c++)
        if (xm_cpumap_test(m, c)) {
            out[c / 8] |= (uint8_t)(1u << (c % 8));
            usable = usable || c < nr_cpus;
        }
    return usable;
}

bool xend_cpus_push_list(struct sxp *list, const uint8_t *map, size_t nbytes,
                         unsigned nr_cpus)
{
    struct sxp l;
    char n[16];
    bool ok = sxp_list_new(&l, "cpumap");

    for (unsigned c = 0; ok && c < nbytes * 8 && c < nr_cpus; c++)
        if (map[c / 8] & (1u << (c % 8))) {
            snprintf(n, sizeof(n), "%u", c);
            ok = sxp_push_atom(&l, n);
        }
    if (!ok) {
        sxp_free(&l);
        return false;
    }
    return sxp_push_list(list, &l);
}

/* xm vcpu-list's layout (see xm_vcpu_format.h). Pure. */
#include "xm_vcpu_format.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *xm_vcpu_affinity(const struct sxp *cpumap, unsigned nr_cpus)
{
    bool *set = calloc(nr_cpus ? nr_cpus : 1, sizeof(*set));
    unsigned count = 0;
    char *out = NULL;
    size_t len = 0;
    FILE *f;

    if (!set)
        return NULL;
    for (size_t i = 1; cpumap && i < cpumap->n; i++) {
        char *end;
        unsigned long c;

        if (cpumap->items[i].kind != SXP_ATOM)
            continue;
        c = strtoul(cpumap->items[i].atom, &end, 10);
        if (*end || end == cpumap->items[i].atom || c >= nr_cpus || set[c])
            continue;
        set[c] = true;
        count++;
    }
    f = open_memstream(&out, &len);
    if (f) {
        if (count && count == nr_cpus)
            fputs("any cpu", f);
        else if (!count)
            fputs("no cpus", f);
        for (unsigned c = 0, first = 1; count && count != nr_cpus && c < nr_cpus; c++) {
            unsigned e = c;

            if (!set[c])
                continue;
            while (e + 1 < nr_cpus && set[e + 1])
                e++;
            fprintf(f, e == c ? "%s%u" : "%s%u-%u", first ? "" : ",", c, e);
            first = 0;
            c = e;
        }
        if (fclose(f)) {
            free(out);
            out = NULL;
        }
    }
    free(set);
    return out;
}

static long num(const struct sxp *x, const char *key, long dflt)
{
    const char *v = sxp_child_value(x, key, NULL);

    return v ? strtol(v, NULL, 10) : dflt;
}

char *xm_format_vcpu_list(const struct sxp *vcpus)
{
    unsigned nr_cpus = (unsigned)num(vcpus, "nr_cpus", 0);
    char *out = NULL;
    size_t len = 0;
    bool ok = true;
    FILE *f = open_memstream(&out, &len);

    if (!f)
        return NULL;
    fprintf(f, "%-32s %5s %5s %5s %5s %9s %s\n", "Name", "ID", "VCPU", "CPU", "State",
            "Time(s)", "CPU Affinity");
    for (size_t i = 1; ok && i < vcpus->n; i++) {
        const struct sxp *d = &vcpus->items[i];

        if (!sxp_name(d) || strcmp(sxp_name(d), "domain"))
            continue;
        for (size_t j = 1; ok && j < d->n; j++) {
            const struct sxp *v = &d->items[j];
            char c[24] = "", s[4] = "", *aff;
            long cpu = num(v, "cpu", -1);

            if (!sxp_name(v) || strcmp(sxp_name(v), "vcpu"))
                continue;
            if (cpu >= 0 && num(v, "online", 0)) {
                snprintf(c, sizeof(c), "%ld", cpu);
                snprintf(s, sizeof(s), "%c%c-", num(v, "running", 0) ? 'r' : '-',
                         num(v, "blocked", 0) ? 'b' : '-');
            } else if (cpu >= 0) {
                strcpy(c, "-");
                strcpy(s, "--p");
            }
            aff = xm_vcpu_affinity(sxp_child(v, "cpumap"), nr_cpus);
            ok = aff != NULL;
            if (ok)
                fprintf(f, "%-32s %5s %5ld %5s %5s  %8.1f %s\n",
                        sxp_child_value(d, "name", ""), sxp_child_value(d, "domid", ""),
                        num(v, "number", 0), c, s,
                        strtod(sxp_child_value(v, "cpu_time", "0"), NULL), aff);
            free(aff);
        }
    }
    if (fclose(f) || !ok) {
        free(out);
        return NULL;
    }
    return out;
}

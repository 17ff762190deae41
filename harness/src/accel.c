#include "accel.h"
#include "scenario.h"

#include <stdlib.h>
#include <string.h>

/* True when a "flags" line of cpuinfo has the word flag. */
static int has_flag(const char *cpuinfo, const char *flag)
{
    size_t fl = strlen(flag);
    for (const char *line = cpuinfo; line && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
        if (strncmp(line, "flags", 5))
            continue;
        const char *end = strchr(line, '\n');
        if (!end)
            end = line + strlen(line);
        for (const char *p = strchr(line, ':'); p && p < end; p++) {
            if ((p[-1] == ' ' || p[-1] == ':') && !strncmp(p, flag, fl) &&
                (p + fl == end || p[fl] == ' ' || p[fl] == '\n'))
                return 1;
        }
    }
    return 0;
}

static int nested_on(const char *v)
{
    return v && (v[0] == 'Y' || v[0] == 'y' || v[0] == '1');
}

const char *accel_decide(const char *cpuinfo, const char *nested_intel, const char *nested_amd)
{
    /* /dev/kvm alone proves nothing: a paravirtual KVM opens fine and runs nothing. */
    if (has_flag(cpuinfo, "vmx") && nested_on(nested_intel))
        return "kvm";
    if (has_flag(cpuinfo, "svm") && nested_on(nested_amd))
        return "kvm";
    return "tcg";
}

const char *accel_pick(const char *want)
{
    if (!strcmp(want, "kvm") || !strcmp(want, "tcg"))
        return want;
    char *cpu = read_text_file("/proc/cpuinfo");
    char *ni = read_text_file("/sys/module/kvm_intel/parameters/nested");
    char *na = read_text_file("/sys/module/kvm_amd/parameters/nested");
    const char *r = accel_decide(cpu ? cpu : "", ni, na);
    free(cpu);
    free(ni);
    free(na);
    return r;
}

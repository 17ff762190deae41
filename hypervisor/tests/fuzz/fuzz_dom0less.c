/* libFuzzer target: dom0-less module lines and lists (common/dom0less_config.c)
 * must never crash or overrun, and an accepted line leaves a well-formed
 * config (terminated strings, at least one CPU, sane sizes). */
#include <stdlib.h>
#include <string.h>
#include <xen/dom0less.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
    struct dom0less_config cfg;
    char err[128], *s = malloc(len + 1);
    uint64_t mask;

    if (!s)
        return 0;
    memcpy(s, data, len);
    s[len] = '\0';
    if (!dom0less_parse_config(s, &cfg, err, sizeof(err))) {
        if (memchr(cfg.name, 0, sizeof(cfg.name)) == NULL ||
            memchr(cfg.cmdline, 0, sizeof(cfg.cmdline)) == NULL ||
            !cfg.cpus || !cfg.vcpus || cfg.vcpus > 64 || !cfg.memory_mb || !cfg.weight)
            abort();
    } else if (memchr(err, 0, sizeof(err)) == NULL || !err[0]) {
        abort();
    }
    dom0less_parse_modules(s, &mask);
    dom0less_parse_cpus(s, &mask);
    free(s);
    return 0;
}

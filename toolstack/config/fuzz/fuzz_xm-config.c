/* libFuzzer target: any bytes as an xm domain config (plus one override
 * taken from the first line), then the kernel command line, the dry-run
 * S-expression and every vCPU's affinity. Nothing may crash, leak or read out of bounds. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "xmconfig.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct xm_domain_config cfg;
    struct cfg_diags d = { 0 };
    const char *nl = memchr(data, '\n', size);
    char *ov = nl ? strndup((const char *)data, (size_t)(nl - (const char *)data))
                  : NULL;
    const char *const ovs[] = { ov };
    bool use_ov = ov && strchr(ov, '=') && !strchr(ov, '#');
    int rc = xm_config_parse_string((const char *)data, size, "fuzz.cfg",
                                    use_ov ? ovs : NULL, use_ov ? 1 : 0, &cfg,
                                    &d);
    if (rc == 0) {
        free(xm_config_kernel_cmdline(&cfg));
        struct sxp x;
        if (xm_config_to_sxp(&cfg, &x) == 0) {
            free(sxp_format(&x, false));
            sxp_free(&x);
        }
        struct xm_cpumap m;
        for (unsigned v = 0; v <= cfg.vcpus; v++)
            xm_config_vcpu_affinity(&cfg, v, &m);
    } else if (cfg_diags_count(&d, CFG_ERROR) == 0) {
        abort();   /* a failure must always say why */
    }
    xm_config_free(&cfg);
    cfg_diags_free(&d);
    free(ov);
    return 0;
}

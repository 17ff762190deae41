/* libFuzzer target: any bytes as xend-config.sxp, and the S-expression
 * writer's promise that what it writes reads back the same. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sxp.h"
#include "xendconfig.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void round_trip(const char *text, size_t size)
{
    struct sxp doc, again;
    struct cfg_diags d = { 0 };
    if (sxp_parse(text, size, "fuzz", &doc, &d) == 0) {
        char *out = sxp_format(&doc, true);
        if (!out || sxp_parse(out, strlen(out), "again", &again, &d) != 0)
            abort();
        char *out2 = sxp_format(&again, true);
        if (!out2 || strcmp(out, out2) != 0)
            abort();
        free(out);
        free(out2);
        sxp_free(&again);
    }
    sxp_free(&doc);
    cfg_diags_free(&d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct xend_config cfg;
    struct cfg_diags d = { 0 };
    if (xend_config_parse_string((const char *)data, size, "fuzz.sxp", &cfg,
                                 &d) < 0 && cfg_diags_count(&d, CFG_ERROR) == 0)
        abort();   /* a failure must always say why */
    const char *names[] = { "localhost", "192.168.2.7" };
    xend_config_relocation_allowed(&cfg, names, 2);
    xend_config_free(&cfg);
    cfg_diags_free(&d);
    round_trip((const char *)data, size);
    return 0;
}

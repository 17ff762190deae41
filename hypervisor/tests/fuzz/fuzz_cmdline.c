/* libFuzzer target: the command-line parser with the hypervisor's option
 * kinds must never crash or overrun, whatever the bytes. */
#include <stdlib.h>
#include <string.h>
#include <xen/param.h>

static bool b;
static char str[16];
static uint64_t size;
static unsigned int num, lo, hi;
static struct dom0_mem d0;

static int d0_mem(const char *v) { return parse_dom0_mem(v, &d0); }
static int d0_vcpus(const char *v) { return parse_dom0_max_vcpus(v, &lo, &hi); }
static void report(const char *msg) { (void)msg; }

static const struct kernel_param params[] = {
    { "b", PARAM_BOOL, &b, 0, NULL },
    { "s", PARAM_STR, str, sizeof(str), NULL },
    { "z", PARAM_SIZE, &size, 0, NULL },
    { "n", PARAM_UINT, &num, 0, NULL },
    { "dom0_mem", PARAM_CUSTOM, NULL, 0, d0_mem },
    { "dom0_max_vcpus", PARAM_CUSTOM, NULL, 0, d0_vcpus },
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
    char *s = malloc(len + 1);

    if (!s)
        return 0;
    memcpy(s, data, len);
    s[len] = '\0';
    parse_cmdline(s, params, sizeof(params) / sizeof(params[0]), report);
    free(s);
    return 0;
}

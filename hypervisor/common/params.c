/* The hypervisor's command-line options: Xen's names where Xen has the
 * option, plus trace=. Parsed by common/kernel.c; unknown options are
 * reported on the console. */
#include <xen/param.h>
#include <asm/config.h>
#include <xen/lib.h>
#include <xen/console.h>
#include <xen/shutdown.h>
#include <xen/trace.h>
#include <xen/sched.h>
#include <asm/smp.h>
#include <xen/dom0less.h>
#include <xen/time.h>

struct dom0_mem opt_dom0_mem;
unsigned int opt_dom0_max_vcpus_min = 1, opt_dom0_max_vcpus_max = 1;
unsigned int opt_maxcpus = NR_CPUS;
bool opt_x2apic = true;

static int dom0_mem_param(const char *v)
{
    return parse_dom0_mem(v, &opt_dom0_mem);
}

static int dom0_max_vcpus_param(const char *v)
{
    return parse_dom0_max_vcpus(v, &opt_dom0_max_vcpus_min,
                                &opt_dom0_max_vcpus_max);
}

static int trace_param(const char *v)
{
    return trace_parse_classes(v, &trace_mask);
}

static int trace_full_param(const char *v)
{
    return trace_parse_full(v, &trace_full_drop);
}

static const struct kernel_param params[] = {
    { "console", PARAM_STR, opt_console, sizeof(opt_console), NULL },
    { "com1", PARAM_STR, opt_com1, sizeof(opt_com1), NULL },
    { "loglvl", PARAM_STR, opt_loglvl, sizeof(opt_loglvl), NULL },
    { "dom0_mem", PARAM_CUSTOM, NULL, 0, dom0_mem_param },
    { "dom0_max_vcpus", PARAM_CUSTOM, NULL, 0, dom0_max_vcpus_param },
    { "noreboot", PARAM_BOOL, &opt_noreboot, 0, NULL },
    { "sched", PARAM_STR, opt_sched, sizeof(opt_sched), NULL },
    { "maxcpus", PARAM_UINT, &opt_maxcpus, 0, NULL },
    { "smpboot_late_ap", PARAM_UINT, &opt_smpboot_late_ap, 0, NULL },
    { "x2apic", PARAM_BOOL, &opt_x2apic, 0, NULL },
    { "trace", PARAM_CUSTOM, NULL, 0, trace_param },
    { "dom0less", PARAM_STR, opt_dom0less, sizeof(opt_dom0less), NULL },
    { "trace_full", PARAM_CUSTOM, NULL, 0, trace_full_param },
    { "clocksource", PARAM_STR, opt_clocksource, sizeof(opt_clocksource), NULL },
    { "conswitch", PARAM_STR, opt_conswitch, sizeof(opt_conswitch), NULL },
};

static void report(const char *msg)
{
    printk(XENLOG_ERR "cmdline: %s\n", msg);
}

int cmdline_parse(const char *cmdline)
{
    return parse_cmdline(cmdline, params, ARRAY_SIZE(params), report);
}

/* What a VM exit costs, for `make bench`: the time of one round trip from
 * the guest to the hypervisor and back, by two intercepted instructions.
 *   cpuid      CPUID leaf 0: every hypervisor intercepts it (Xen's SVM
 *              code and ours set the CPUID intercept, AMD APM vol. 2
 *              15.9), so each is one #VMEXIT, a handler and a VMRUN.
 *   hypercall  xen_version(XENVER_version) through the hypercall page: the
 *              same round trip plus the hypercall dispatch.
 * Each runs warm= times first (default 1000: caches, TLBs and QEMU's
 * translated code warmed), then n= times (default 200000) between two TSC
 * reads; the rate is Xen's time leaf (base+3), as sched-share uses it.
 * Only two RDTSCs are inside the measurement, so Xen's emulated TSC (vtsc,
 * the default under QEMU) adds two exits to hundreds of thousands.
 * Prints one line each for bench/run to pick up:
 *   bench cpuid: <n> exits, <ns> ns per exit, ...
 *   bench hypercall: <n> calls, <ns> ns per call, ...
 * and fails when a number is absurd: below 1 ns or over 10 ms per exit. */
#include "test.h"

const char test_title[] = "Bench: VM exit round trips (CPUID, xen_version by the hypercall page)";

#define MAX_NS_PER_EXIT 10000000UL

static void cpuid_loop(unsigned long n)
{
    for ( unsigned long i = 0; i < n; i++ )
        cpuid(0);
}

/* Counts the calls that did not return the version the first one gave. */
static unsigned long hypercall_loop(unsigned long n, long ver)
{
    unsigned long bad = 0;

    for ( unsigned long i = 0; i < n; i++ )
        if ( hypercall_by(HC_PAGE, __HYPERVISOR_xen_version, XENVER_version,
                          0, 0, 0, 0) != ver )
            bad++;
    return bad;
}

/* ns per round trip from TSC ticks over n of them: ticks * 10^6 / kHz is
 * ns and stays below 2^64 for any run shorter than 5 hours at 1 GHz. */
static unsigned long ns_per(uint64_t ticks, uint32_t khz, unsigned long n)
{
    return (unsigned long)(ticks * 1000000 / khz / n);
}

static void report(const char *what, const char *unit, unsigned long n,
                   uint64_t ticks, uint32_t khz)
{
    unsigned long ns = ns_per(ticks, khz, n);

    printk("bench %s: %lu %ss, %lu ns per %s, %lu TSC ticks at %u kHz\n",
           what, n, unit, ns, unit, (unsigned long)ticks, khz);
    if ( ns < 1 || ns > MAX_NS_PER_EXIT )
        test_fail("%s: %lu ns per %s is absurd", what, ns, unit);
}

void test_main(void)
{
    unsigned long n = 200000, warm = 1000, bad;
    uint32_t khz = tsc_khz();
    uint64_t t0;
    long ver;

    cmdline_get_ulong(test_cmdline, "n", &n);
    cmdline_get_ulong(test_cmdline, "warm", &warm);
    if ( !n )
        return test_fail("n=0: nothing to measure");
    if ( !khz )
        return test_fail("no TSC rate in Xen's CPUID leaf base+3");

    cpuid_loop(warm);
    t0 = rdtsc();
    cpuid_loop(n);
    report("cpuid", "exit", n, rdtsc() - t0, khz);

    if ( hypercall_default_path != HC_PAGE )
        return test_fail("no hypercall page installed");
    ver = hypercall_by(HC_PAGE, __HYPERVISOR_xen_version, XENVER_version, 0, 0, 0, 0);
    if ( ver <= 0 )
        return test_fail("xen_version(XENVER_version) = %ld", ver);
    bad = hypercall_loop(warm, ver);
    t0 = rdtsc();
    bad += hypercall_loop(n, ver);
    report("hypercall", "call", n, rdtsc() - t0, khz);
    if ( bad )
        test_fail("%lu of %lu xen_version calls did not return %#lx", bad, n + warm,
                  (unsigned long)ver);
}

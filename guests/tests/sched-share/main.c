/* How much of a pCPU this domain gets. The guest spins reading the TSC for
 * ms= milliseconds of wall time; a gap between two reads longer than
 * gap_us= (default 2000 us) is time the vCPU did not run: the credit
 * scheduler takes a pCPU away for whole 10-30 ms ticks and slices, while
 * interrupts and other exits cost far less. It judges its share
 * (per mille of the time) against its command line:
 *   expect=N   the share is N per mille within +-tol= (default 100: 10 %)
 *   max=N      the share is at most N (+ tol=, default 20)
 * and always prints it. No hypercall beyond console and shutdown: the TSC
 * rate comes from Xen's time leaf (base+3). The domain's weight, cap and
 * pinning are the toolstack's business (xl sched-credit, cpus=). settle=
 * spins that many milliseconds first, so that the domains the scenario
 * starts one after the other all compete during the measurement.
 * by=runstate judges instead by the hypervisor's own accounting of this
 * vCPU (VCPUOP_get_runstate_info): running / (running + runnable) over the
 * window. Time the emulated machine itself was not running (a busy host
 * under QEMU) then counts for whoever was scheduled, in proportion, instead
 * of as gaps, so the share holds on a loaded host too. */
#include "test.h"
#include <xen/vcpu.h>

const char test_title[] = "Scheduling: this domain's share of its pCPU";

void test_main(void)
{
    unsigned long ms = 3000, gap_us = 2000, settle = 0, expect, max, tol;
    bool has_expect = cmdline_get_ulong(test_cmdline, "expect", &expect);
    bool has_max = cmdline_get_ulong(test_cmdline, "max", &max);
    uint64_t khz = tsc_khz(), window, gap, start, last, now, away = 0;
    unsigned long gaps = 0, share;
    char by[16] = "tsc";
    struct vcpu_runstate_info rs0, rs1;
    bool runstate;

    cmdline_get(test_cmdline, "by", by, sizeof(by));
    runstate = !strcmp(by, "runstate");

    cmdline_get_ulong(test_cmdline, "ms", &ms);
    cmdline_get_ulong(test_cmdline, "gap_us", &gap_us);
    cmdline_get_ulong(test_cmdline, "settle", &settle);
    if ( !cmdline_get_ulong(test_cmdline, "tol", &tol) )
        tol = has_expect ? 100 : 20;
    if ( !khz )
        return test_skip("no TSC rate in CPUID leaf base+3");

    window = khz * ms;
    gap = khz * gap_us / 1000;
    printk("TSC %lu kHz; measuring %lu ms, gaps over %lu us count as descheduled\n",
           khz, ms, gap_us);

    start = rdtsc();
    while ( rdtsc() - start < khz * settle )
        pause();

    if ( runstate &&
         hypercall(__HYPERVISOR_vcpu_op, VCPUOP_get_runstate_info, 0,
                   (unsigned long)&rs0) )
        return test_fail("VCPUOP_get_runstate_info refused");
    start = last = rdtsc();
    do {
        now = rdtsc();
        if ( now - last > gap )
        {
            away += now - last;
            gaps++;
        }
        last = now;
    } while ( now - start < window );

    share = (unsigned long)(1000 - away * 1000 / (now - start));
    printk("share: %lu per mille of %lu ms (%lu gaps, %lu ms away)\n", share, ms,
           gaps, (unsigned long)(away / khz));
    if ( runstate )
    {
        uint64_t run, wait;

        hypercall(__HYPERVISOR_vcpu_op, VCPUOP_get_runstate_info, 0, (unsigned long)&rs1);
        run = rs1.time[RUNSTATE_running] - rs0.time[RUNSTATE_running];
        wait = rs1.time[RUNSTATE_runnable] - rs0.time[RUNSTATE_runnable];
        if ( !run )
            return test_fail("runstate shows no running time");
        share = (unsigned long)(run * 1000 / (run + wait));
        printk("runstate share: %lu per mille (%lu ms running, %lu ms runnable)\n",
               share, (unsigned long)(run / 1000000), (unsigned long)(wait / 1000000));
    }

    if ( has_expect && (share + tol < expect || share > expect + tol) )
        test_fail("share %lu per mille, expected %lu +- %lu", share, expect, tol);
    if ( has_max && share > max + tol )
        test_fail("share %lu per mille above the cap %lu (+ %lu)", share, max, tol);
}

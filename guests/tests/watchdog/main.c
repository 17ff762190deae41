/* SCHEDOP_watchdog (public/sched.h): a domain has two watchdogs; id 0 arms
 * a free one and returns its id, a known id is re-armed or (timeout 0)
 * freed, anything else is refused with Xen 4.17's codes. Last, after the
 * result line, one is armed for 1 s and the guest stops kicking it: the
 * domain must be shut down with reason watchdog (4) within 10 s, which the
 * scenario checks where the toolstack sees it; if it is not, the guest
 * shuts down with reason crash instead. */
#include "test.h"

#include <xen/sched.h>

const char test_title[] = "SCHEDOP_watchdog: two per domain, Xen's refusals, and one that fires";

static long watchdog(uint32_t id, uint32_t timeout)
{
    struct sched_watchdog w = { .id = id, .timeout = timeout };

    return hypercall(__HYPERVISOR_sched_op, SCHEDOP_watchdog, (unsigned long)&w, 0);
}

static void expect(const char *what, long rc, long want)
{
    printk("%s: %ld\n", what, rc);
    if ( rc != want )
        test_fail("%s: %ld, want %ld", what, rc, want);
}

static void let_it_fire(void)
{
    uint64_t khz = tsc_khz(), start;
    long rc;

    if ( test_failed() || !khz )
    {
        hypercall(__HYPERVISOR_sched_op, SCHEDOP_shutdown,
                  (unsigned long)&(struct sched_shutdown){ .reason = SHUTDOWN_poweroff }, 0);
        return;
    }
    rc = watchdog(0, 1);
    printk("watchdog armed for 1 s (id %ld); no more kicks\n", rc);
    start = rdtsc();
    while ( rdtsc() - start < khz * 10000 )
        asm volatile ( "pause" );
    printk("the watchdog did not fire within 10 s\n");
    hypercall(__HYPERVISOR_sched_op, SCHEDOP_shutdown,
              (unsigned long)&(struct sched_shutdown){ .reason = SHUTDOWN_crash }, 0);
}

void test_main(void)
{
    if ( !xen_cpuid_base )
        return test_skip("not on a Xen-ABI hypervisor");
    expect("new watchdog, 60 s", watchdog(0, 60), 1);
    expect("second watchdog, 60 s", watchdog(0, 60), 2);
    /* Xen 4.17 computes this -ENOSPC as an unsigned 32-bit value: a
     * 64-bit guest reads 0xffffffe4 (Linux truncates it to int anyway). */
    expect("third watchdog", watchdog(0, 60), (long)(uint32_t)-XEN_ENOSPC);
    expect("kick id 3 (beyond the last)", watchdog(3, 60), -XEN_EINVAL);
    expect("kick id 2, 30 s", watchdog(2, 30), 0);
    expect("stop id 2", watchdog(2, 0), 0);
    expect("stop id 2 again (free)", watchdog(2, 0), -XEN_EINVAL);
    expect("new watchdog takes id 2 again", watchdog(0, 60), 2);
    expect("stop id 1", watchdog(1, 0), 0);
    expect("stop id 2", watchdog(2, 0), 0);
    expect("argument at an unmapped address",
           hypercall(__HYPERVISOR_sched_op, SCHEDOP_watchdog, GB(16), 0), -XEN_EFAULT);
    test_set_exit(let_it_fire);
}

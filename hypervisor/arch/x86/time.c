/* Time: the TSC (and the APIC timer) calibrated against PIT channel 2 over
 * a fixed window; NOW() converts TSC ticks since boot to nanoseconds with
 * the (mul, shift) scale that every vCPU's pvclock publishes too
 * (asm/pvclock.h), so the guest's time and ours are the same numbers. */
#include <xen/time.h>
#include <xen/lib.h>
#include <xen/keyhandler.h>
#include <asm/io.h>
#include <asm/apic.h>
#include <asm/processor.h>
#include <asm/smp.h>
#include <asm/pvclock.h>

#define PIT_HZ 1193182
#define CALIBRATE_MS 50

uint64_t cpu_khz;
static uint64_t tsc_at_boot;
static struct time_scale tsc_ns_scale;  /* zero until calibrated: NOW() = 0 */

const struct time_scale *tsc_scale(void)
{
    return &tsc_ns_scale;
}

s_time_t tsc_to_stime(uint64_t tsc)
{
    if (tsc >= tsc_at_boot)
        return (s_time_t)scale_delta(tsc - tsc_at_boot, &tsc_ns_scale);
    return -(s_time_t)scale_delta(tsc_at_boot - tsc, &tsc_ns_scale);
}

s_time_t NOW(void)
{
    return tsc_to_stime(rdtsc());
}

/* PIT channel 2, gated by port 0x61, counts down once in mode 0; bit 5 of
 * port 0x61 rises when it reaches zero (8254 datasheet, mode 0). */
static void pit_wait_start(void)
{
    uint16_t latch = PIT_HZ / (1000 / CALIBRATE_MS);

    outb((inb(0x61) & ~0x02) | 0x01, 0x61);
    outb(0xb0, 0x43);                       /* ch2, lobyte/hibyte, mode 0 */
    outb(latch & 0xff, 0x42);
    outb(latch >> 8, 0x42);
}

void init_tsc_calibration(void)
{
    uint64_t tsc0, tsc1;
    uint32_t apic0, apic1;

    apic_write(APIC_TDCR, 0xb);
    apic_write(APIC_LVTT, APIC_LVT_MASKED);
    apic_write(APIC_TMICT, 0xffffffff);
    pit_wait_start();
    tsc0 = rdtsc();
    apic0 = apic_read(APIC_TMCCT);
    while (!(inb(0x61) & 0x20))
        cpu_relax();
    tsc1 = rdtsc();
    apic1 = apic_read(APIC_TMCCT);
    apic_write(APIC_TMICT, 0);

    cpu_khz = (tsc1 - tsc0) / CALIBRATE_MS;
    tsc_at_boot = tsc0;
    set_time_scale(&tsc_ns_scale, cpu_khz * 1000);
    apic_timer_calibrated(apic0 - apic1, CALIBRATE_MS * 1000);
    printk(XENLOG_INFO "Detected %llu.%03llu MHz processor (TSC), APIC timer %u.%03u MHz\n",
           (unsigned long long)cpu_khz / 1000, (unsigned long long)cpu_khz % 1000,
           apic_timer_khz / 1000, apic_timer_khz % 1000);
    init_wallclock();
}

void udelay(unsigned long us)
{
    uint64_t end = rdtsc() + us * cpu_khz / 1000;

    while (rdtsc() < end)
        cpu_relax();
}

static volatile s_time_t cpu_now[NR_CPUS];

static void sample_now(void *unused)
{
    (void)unused;
    cpu_now[smp_processor_id()] = NOW();
}

static void dump_time(unsigned char key)
{
    unsigned int cpu;
    uint64_t wc = wallclock_at_boot_ns() + (uint64_t)NOW();

    printk("'%c' pressed -> dumping time information\n", key);
    printk("TSC %llu kHz (mul %#x shift %d), APIC timer %u kHz, x2APIC %s\n",
           (unsigned long long)cpu_khz, tsc_ns_scale.mul_frac, tsc_ns_scale.shift,
           apic_timer_khz, x2apic_enabled ? "on" : "off");
    printk("Wallclock: %llu.%09llu s since the epoch\n", (unsigned long long)(wc / 1000000000),
           (unsigned long long)(wc % 1000000000));
    /* Each CPU reads its own clock (through a call-function IPI). */
    smp_call_function(sample_now, NULL);
    sample_now(NULL);
    for_each_online_cpu(cpu)
        printk("CPU%02u: NOW() = %lld ns\n", cpu, (long long)cpu_now[cpu]);
}

void time_keyhandler_init(void)
{
    register_keyhandler('t', dump_time, "display multi-cpu clock info");
}

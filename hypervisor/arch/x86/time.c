/* Time: the TSC (and the APIC timer) calibrated against PIT channel 2 over
 * a fixed window; NOW() converts TSC ticks since boot to nanoseconds. */
#include <xen/time.h>
#include <xen/lib.h>
#include <xen/keyhandler.h>
#include <asm/io.h>
#include <asm/apic.h>
#include <asm/processor.h>
#include <asm/smp.h>

#define PIT_HZ 1193182
#define CALIBRATE_MS 50

uint64_t cpu_khz;
static uint64_t tsc_at_boot;
static uint64_t ns_per_tick_frac;       /* ns per TSC tick, 32.32 fixed point */

s_time_t NOW(void)
{
    uint64_t ticks = rdtsc() - tsc_at_boot;

    if (!ns_per_tick_frac)
        return 0;
    return (s_time_t)(((unsigned __int128)ticks * ns_per_tick_frac) >> 32);
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
    ns_per_tick_frac = (1000000ULL << 32) / cpu_khz;
    tsc_at_boot = tsc0;
    apic_timer_calibrated(apic0 - apic1, CALIBRATE_MS * 1000);
    printk(XENLOG_INFO "Detected %llu.%03llu MHz processor (TSC), APIC timer %u.%03u MHz\n",
           (unsigned long long)cpu_khz / 1000, (unsigned long long)cpu_khz % 1000,
           apic_timer_khz / 1000, apic_timer_khz % 1000);
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

    printk("'%c' pressed -> dumping time information\n", key);
    printk("TSC %llu kHz, APIC timer %u kHz, x2APIC %s\n",
           (unsigned long long)cpu_khz, apic_timer_khz, x2apic_enabled ? "on" : "off");
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

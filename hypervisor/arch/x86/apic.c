/* Local APIC: mode selection (x2APIC when CPUID.1:ECX[21] says so and
 * x2apic= allows it), IPIs, and the one-shot timer that drives timer.c. */
#include <xen/lib.h>
#include <xen/softirq.h>
#include <xen/time.h>
#include <asm/apic.h>
#include <asm/io.h>
#include <asm/processor.h>
#include <asm/regs.h>

#define XAPIC_BASE 0xfee00000UL
#define MSR_X2APIC_FIRST 0x800

bool x2apic_enabled;
uint32_t apic_timer_khz;
extern bool opt_x2apic;

uint32_t apic_read(unsigned int reg)
{
    if (x2apic_enabled)
        return (uint32_t)rdmsr(MSR_X2APIC_FIRST + (reg >> 4));
    return readl(XAPIC_BASE + reg);
}

void apic_write(unsigned int reg, uint32_t v)
{
    if (x2apic_enabled)
        wrmsr(MSR_X2APIC_FIRST + (reg >> 4), v);
    else
        writel(v, XAPIC_BASE + reg);
}

uint32_t get_apic_id(void)
{
    uint32_t id = apic_read(APIC_ID);

    return x2apic_enabled ? id : id >> 24;
}

static bool cpu_has_x2apic(void)
{
    uint32_t a, b, c, d;

    cpuid(1, &a, &b, &c, &d);
    return c & (1u << 21);
}

void setup_local_APIC(bool bsp)
{
    uint64_t base = rdmsr(MSR_APIC_BASE) | APIC_BASE_ENABLE;

    if (bsp)
        x2apic_enabled = opt_x2apic && cpu_has_x2apic();
    if (x2apic_enabled)
        base |= APIC_BASE_EXTD;             /* xAPIC -> x2APIC (SDM 10.12.5) */
    wrmsr(MSR_APIC_BASE, base);
    apic_write(APIC_TPR, 0);
    apic_write(APIC_SVR, 0x100 | SPURIOUS_APIC_VECTOR);
    apic_write(APIC_LVTT, APIC_LVT_MASKED | LOCAL_TIMER_VECTOR);
    apic_write(APIC_TDCR, 0xb);             /* divide by 1 */
}

void ack_APIC_irq(void)
{
    apic_write(APIC_EOI, 0);
}

static void wait_icr_idle(void)
{
    if (x2apic_enabled)
        return;                             /* x2APIC has no busy bit */
    while (apic_read(APIC_ICR) & APIC_ICR_BUSY)
        cpu_relax();
}

void send_IPI(uint32_t apic_id, uint32_t icr_low)
{
    unsigned long flags = local_irq_save();

    if (x2apic_enabled) {
        wrmsr(MSR_X2APIC_FIRST + (APIC_ICR >> 4), ((uint64_t)apic_id << 32) | icr_low);
    } else {
        wait_icr_idle();
        apic_write(APIC_ICR2, apic_id << 24);
        apic_write(APIC_ICR, icr_low);
        wait_icr_idle();
    }
    local_irq_restore(flags);
}

void send_IPI_allbutself(uint32_t icr_low)
{
    send_IPI(0, icr_low | APIC_DEST_ALLBUT);
}

void apic_timer_calibrated(uint64_t apic_ticks, uint64_t window_us)
{
    apic_timer_khz = (uint32_t)(apic_ticks * 1000 / window_us);
}

void reprogram_timer(s_time_t deadline)
{
    s_time_t delta;
    uint64_t ticks;

    if (!deadline) {
        apic_write(APIC_TMICT, 0);
        return;
    }
    delta = deadline - NOW();
    if (delta < MICROSECS(10))
        delta = MICROSECS(10);              /* already due: fire soon */
    ticks = (uint64_t)delta * apic_timer_khz / 1000000;
    if (ticks > 0xffffffffULL)
        ticks = 0xffffffffULL;              /* re-armed when it fires */
    apic_write(APIC_LVTT, LOCAL_TIMER_VECTOR);   /* one-shot, unmasked */
    apic_write(APIC_TMICT, ticks ? (uint32_t)ticks : 1);
}

void apic_timer_interrupt(void)
{
    ack_APIC_irq();
    raise_softirq(TIMER_SOFTIRQ);
}

/* HLT in a PVH guest: the vCPU blocks until an interrupt is pending, then
 * HLT completes and the interrupt is delivered. The event here is the
 * local APIC timer (Xen emulates a LAPIC for PVH guests) in one-shot mode.
 * HLT with interrupts off is not tried: Xen takes such a vCPU offline and,
 * the last one gone, powers the domain off (hvm_hlt -> hvm_vcpu_down). */
#include "test.h"

const char test_title[] = "HLT returns after a LAPIC timer interrupt";

#define APIC_PA      0xfee00000ul
#define APIC_EOI     0x0b0
#define APIC_SVR     0x0f0
#define APIC_TPR     0x080
#define APIC_LVTT    0x320
#define APIC_TMICT   0x380
#define APIC_TMCCT   0x390
#define APIC_TDCR    0x3e0
#define TIMER_VECTOR 0x40
#define SPURIOUS     0xff

static volatile uint32_t *const apic = (volatile uint32_t *)APIC_PA;
static volatile unsigned int ticks;

static inline void apic_write(unsigned int reg, uint32_t v) { apic[reg / 4] = v; }
static inline uint32_t apic_read(unsigned int reg) { return apic[reg / 4]; }

static bool timer_irq(struct cpu_regs *regs)
{
    (void)regs;
    ticks++;
    apic_write(APIC_EOI, 0);
    return true;
}

void test_main(void)
{
    uint64_t t0, t1, base = rdmsr(0x1b);
    unsigned int halts = 0;

    if ( !(cpuid(1).d & (1u << 9)) || !(base & (1u << 11)) )
        return test_skip("no enabled local APIC (APIC_BASE %#lx)", base);
    if ( (base & ~0xfffUL) != APIC_PA )
        return test_fail("APIC at %#lx, not %#lx", base & ~0xfffUL, APIC_PA);

    trap_set_hook(TIMER_VECTOR, timer_irq);
    /* Software-enable the APIC, accept every priority, divide by 1, one
     * shot (Intel SDM vol. 3, 11.5.4; AMD APM vol. 2, 16.4.1). */
    apic_write(APIC_SVR, 0x100 | SPURIOUS);
    apic_write(APIC_TPR, 0);
    apic_write(APIC_TDCR, 0xb);
    apic_write(APIC_LVTT, TIMER_VECTOR);

    t0 = rdtsc();
    apic_write(APIC_TMICT, 2000000);
    /* STI's one-instruction shadow makes "sti; hlt" atomic: the interrupt
     * cannot arrive between them and be missed. */
    while ( !ticks && halts < 1000 )
    {
        asm volatile ( "sti; hlt; cli" ::: "memory" );
        halts++;
    }
    t1 = rdtsc();
    printk("timer interrupts %u after %u HLT(s), %lu TSC ticks, TMCCT %u\n",
           ticks, halts, t1 - t0, apic_read(APIC_TMCCT));
    if ( ticks != 1 )
        test_fail("%u timer interrupts, want 1", ticks);
    if ( halts != 1 )
        test_fail("HLT returned %u times before the interrupt", halts);
    if ( read_flags() & X86_EFLAGS_IF )
        test_fail("interrupts left on");
    apic_write(APIC_LVTT, 1u << 16);             /* masked */
}

/* The global interrupt flag (APM vol. 2, 15.17): with GIF clear (CLGI)
 * an external interrupt and an NMI are held, even with RFLAGS.IF set, and
 * taken once STGI sets GIF again. Sent by the local APIC to itself. */
#include "svm.h"

const char test_title[] = "CLGI holds interrupts and NMIs until STGI";

#define APIC_BASE  0xfee00000ull
#define APIC_ID    0x20
#define APIC_EOI   0xb0
#define APIC_SVR   0xf0
#define APIC_ICR   0x300
#define APIC_ICR2  0x310
#define VEC        0x60

static volatile uint32_t *apic(unsigned int reg)
{
    return (volatile uint32_t *)(uintptr_t)(APIC_BASE + reg);
}

static volatile unsigned int seen_intr, seen_nmi;

static bool on_intr(struct cpu_regs *regs)
{
    (void)regs;
    seen_intr++;
    *apic(APIC_EOI) = 0;
    return true;
}

static bool on_nmi(struct cpu_regs *regs)
{
    (void)regs;
    seen_nmi++;
    return true;
}

static void send_self(uint32_t icr_low)
{
    *apic(APIC_ICR2) = *apic(APIC_ID) & 0xff000000u;
    *apic(APIC_ICR) = icr_low;
}

void test_main(void)
{
    if ( (rdmsr(0x1b) & 0xfffff000ull) != APIC_BASE || !(rdmsr(0x1b) & (1u << 11)) )
        return test_skip("no xAPIC at %#llx", APIC_BASE);
    trap_set_hook(VEC, on_intr);
    trap_set_hook(X86_EXC_NMI, on_nmi);
    *apic(APIC_SVR) = 0x1ff;                 /* software-enabled, spurious 0xff */

    asm volatile ( "clgi; sti" ::: "memory" );
    send_self(VEC);                          /* fixed, physical, to itself */
    send_self(0x400);                        /* delivery mode NMI */
    spin_tsc(50000000);
    printk("GIF clear, IF set: %u interrupts, %u NMIs taken\n", seen_intr, seen_nmi);
    if ( seen_intr || seen_nmi )
        test_fail("with GIF clear: %u interrupts, %u NMIs taken", seen_intr, seen_nmi);
    asm volatile ( "stgi; nop; nop; cli" ::: "memory" );
    printk("after STGI: %u interrupts, %u NMIs taken\n", seen_intr, seen_nmi);
    if ( seen_intr != 1 || seen_nmi != 1 )
        test_fail("after STGI: %u interrupts, %u NMIs taken, not one each", seen_intr,
                  seen_nmi);
}

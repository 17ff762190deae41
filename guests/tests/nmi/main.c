/* NMIs a guest sends itself through its local APIC's ICR (delivery mode
 * NMI, physical destination its own APIC ID: the "self" shorthand is
 * valid for fixed IPIs only, Intel SDM vol. 3, 11.6.1). x2APIC (MSR 0x830)
 * when CPUID offers it, else xAPIC MMIO at 0xfee00000; apic=xapic on the
 * command line keeps xAPIC. What is checked (SDM 6.7.1, AMD APM vol. 2,
 * 8.2.3 and 15.21):
 *   - the handler runs once per NMI, with IF set or clear (NMIs ignore IF);
 *   - NMIs are blocked from delivery until the handler's IRET: one sent
 *     from inside the handler arrives after it, never nested;
 *   - while blocked, one NMI is held pending: two sent from the handler
 *     arrive as one.
 * The wait for an NMI is a bounded loop of CPUIDs: they exit to the
 * hypervisor on every stack, which therefore sees the guest often. */
#include "test.h"

const char test_title[] = "NMIs sent through the local APIC, their blocking and IF";

#define APIC_PA        0xfee00000ul
#define MSR_APIC_BASE  0x1b
#define  APIC_BASE_EXTD (1ul << 10)
#define  APIC_BASE_EN   (1ul << 11)
#define APIC_ID        0x020
#define APIC_SVR       0x0f0
#define APIC_ICR       0x300
#define APIC_ICR2      0x310
#define  ICR_DM_NMI     (4u << 8)
#define  ICR_ASSERT     (1u << 14)      /* "must be 1" for all but INIT de-assert */
#define MSR_X2APIC(reg) (0x800u + (reg) / 16)
#define WAIT_EXITS     1000

static volatile uint32_t *const apic = (volatile uint32_t *)APIC_PA;
static bool x2apic;
static uint32_t self_id;

static volatile unsigned int nmis, depth, max_depth, nested_sends;
static volatile uint64_t last_rflags;

static void send_nmi(void)
{
    if ( x2apic )
        wrmsr(MSR_X2APIC(APIC_ICR), (uint64_t)self_id << 32 | ICR_DM_NMI | ICR_ASSERT);
    else
    {
        apic[APIC_ICR2 / 4] = self_id << 24;
        apic[APIC_ICR / 4] = ICR_DM_NMI | ICR_ASSERT;
    }
}

/* CPUIDs (VM exits) until nmis reaches want; how many it took. */
static unsigned int wait_for(unsigned int want)
{
    unsigned int i;

    for ( i = 0; i < WAIT_EXITS && nmis < want; i++ )
        cpuid(0);
    return i;
}

/* The first NMI's handler of a phase sends nested_sends more and stays a
 * while (CPUIDs exit, so the hypervisor has every chance to deliver them
 * too early); it must not be entered again before its IRET. */
static bool nmi_hook(struct cpu_regs *regs)
{
    unsigned int n = ++depth;

    if ( n > max_depth )
        max_depth = n;
    nmis++;
    last_rflags = regs->rflags;
    if ( nested_sends )
    {
        unsigned int sends = nested_sends, seen = nmis;

        nested_sends = 0;
        for ( unsigned int i = 0; i < sends; i++ )
            send_nmi();
        for ( unsigned int i = 0; i < 50; i++ )
            cpuid(0);
        if ( nmis != seen )
            test_fail("an NMI arrived inside the NMI handler");
    }
    depth--;
    return true;
}

/* Sends one NMI (with nested sends from its handler) and checks that
 * 1 + more arrive, none nested, with the IF the phase wants. */
static void phase(const char *what, bool irqs_on, unsigned int sends, unsigned int more)
{
    unsigned int start = nmis, first, rest;

    if ( irqs_on )
        asm volatile ( "sti" ::: "memory" );
    else
        cli();
    max_depth = 0;
    nested_sends = sends;
    send_nmi();
    first = wait_for(start + 1);
    rest = wait_for(start + 1 + more);
    /* Anything beyond what may arrive: give it time to show. */
    for ( unsigned int i = 0; i < 200; i++ )
        cpuid(0);
    cli();
    printk("%s: %u NMI(s), after %u+%u exits, max depth %u, IF in the frame %u\n", what,
           nmis - start, first, rest, max_depth, !!(last_rflags & X86_EFLAGS_IF));
    if ( nmis - start != 1 + more )
        test_fail("%s: %u NMI(s), want %u", what, nmis - start, 1 + more);
    if ( max_depth > 1 )
        test_fail("%s: NMI handler entered while it ran (depth %u)", what, max_depth);
    if ( !!(last_rflags & X86_EFLAGS_IF) != irqs_on )
        test_fail("%s: IF %s in the NMI frame", what, irqs_on ? "clear" : "set");
}

void test_main(void)
{
    uint64_t base = rdmsr(MSR_APIC_BASE);
    char mode[8] = "";

    if ( !(cpuid(1).d & (1u << 9)) || !(base & APIC_BASE_EN) )
        return test_skip("no enabled local APIC (APIC_BASE %#lx)", base);
    cmdline_get(test_cmdline, "apic", mode, sizeof(mode));
    x2apic = (cpuid(1).c & (1u << 21)) && strcmp(mode, "xapic");
    if ( x2apic )
    {
        wrmsr(MSR_APIC_BASE, base | APIC_BASE_EXTD);
        self_id = (uint32_t)rdmsr(MSR_X2APIC(APIC_ID));
        wrmsr(MSR_X2APIC(APIC_SVR), 0x1ff);
    }
    else
    {
        if ( (base & ~0xfffUL) != APIC_PA )
            return test_fail("APIC at %#lx, not %#lx", base & ~0xfffUL, APIC_PA);
        self_id = apic[APIC_ID / 4] >> 24;
        apic[APIC_SVR / 4] = 0x1ff;
    }
    printk("%s, APIC ID %u\n", x2apic ? "x2APIC" : "xAPIC", self_id);
    trap_set_hook(X86_EXC_NMI, nmi_hook);

    for ( unsigned int i = 1; i <= 3; i++ )
        phase("one NMI, IF set", true, 0, 0);
    phase("one NMI during cli", false, 0, 0);
    /* Sent while the handler runs: blocked until its IRET, then taken. */
    phase("a second from the handler, IF set", true, 1, 1);
    phase("a second from the handler, IF clear", false, 1, 1);
    /* Two sent while blocked: one is held pending, the other is lost. */
    phase("two more from the handler", true, 2, 1);
}

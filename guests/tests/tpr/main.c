/* CR8 and the local APIC's TPR are one register (Intel SDM vol. 3,
 * 11.8.6; AMD APM vol. 2, 16.6.4): CR8[3:0] is TPR[7:4]. The SDM has a
 * MOV to CR8 clear TPR[3:0]; Xen 4.17 keeps them (its copy of SVM's V_TPR
 * into the TPR does, for checked builds of Windows), and so do we, as
 * the reference. What is checked, through x2APIC MSRs when CPUID offers
 * them, else xAPIC MMIO (apic=xapic keeps xAPIC):
 *   - a CR8 write shows in the APIC's TPR, an APIC TPR write in CR8;
 *   - a fixed self-IPI whose class is not above the TPR's is held back
 *     (one above it is taken meanwhile) until the TPR is lowered;
 *   - one sent with IF clear, then held back by a CR8 write before IF is
 *     set, is held back as well.
 * The TPR is always lowered through the APIC, never by CR8, while an
 * interrupt is held back: Xen 4.17 does not intercept CR8 and arms a
 * virtual interrupt for the held vector, and a MOV to CR8 that lets a
 * pending virtual interrupt in makes QEMU 7.2 abort ("The lock",
 * docs/qemu-tcg-svm.md). Raising CR8 over one is safe there.
 * release=cr8 lowers it by CR8 instead: for hypervisors that intercept
 * CR8 writes (ours); on Xen 4.17 under QEMU 7.2 it kills the machine. */
#include "test.h"

const char test_title[] = "CR8 is the local APIC's TPR and holds lower interrupts back";

#define APIC_PA        0xfee00000ul
#define MSR_APIC_BASE  0x1b
#define  APIC_BASE_EXTD (1ul << 10)
#define  APIC_BASE_EN   (1ul << 11)
#define APIC_TPR       0x080
#define APIC_EOI       0x0b0
#define APIC_SVR       0x0f0
#define APIC_ICR       0x300
#define  ICR_SELF       (1u << 18)      /* destination shorthand "self" */
#define MSR_X2APIC(reg) (0x800u + (reg) / 16)
#define VEC_LOW        0x41             /* class 4 */
#define VEC_HIGH       0x61             /* class 6 */
#define WAIT_EXITS     200

static volatile uint32_t *const apic = (volatile uint32_t *)APIC_PA;
static bool x2apic, release_cr8;
static volatile unsigned int low, high;

static uint32_t apic_read(unsigned int reg)
{
    return x2apic ? (uint32_t)rdmsr(MSR_X2APIC(reg)) : apic[reg / 4];
}

static void apic_write(unsigned int reg, uint32_t val)
{
    if ( x2apic )
        wrmsr(MSR_X2APIC(reg), val);
    else
        apic[reg / 4] = val;
}

static uint64_t read_cr8(void)
{
    uint64_t v;

    asm volatile ( "mov %%cr8, %0" : "=r" (v) );
    return v;
}

static void write_cr8(uint64_t v)
{
    asm volatile ( "mov %0, %%cr8" :: "r" (v) : "memory" );
}

static void self_ipi(unsigned int vector)
{
    apic_write(APIC_ICR, ICR_SELF | vector);
}

static bool low_irq(struct cpu_regs *regs)
{
    (void)regs;
    low++;
    apic_write(APIC_EOI, 0);
    return true;
}

static bool high_irq(struct cpu_regs *regs)
{
    (void)regs;
    high++;
    apic_write(APIC_EOI, 0);
    return true;
}

/* With IF set, CPUIDs (VM exits on every stack) until *count reaches
 * want or WAIT_EXITS have passed; IF is cleared again. */
static void wait_for(volatile unsigned int *count, unsigned int want)
{
    asm volatile ( "sti" ::: "memory" );
    for ( unsigned int i = 0; i < WAIT_EXITS && *count < want; i++ )
        cpuid(0);
    cli();
}

static void check_tpr(const char *what, uint64_t cr8, uint32_t tpr)
{
    uint64_t c = read_cr8();
    uint32_t t = apic_read(APIC_TPR) & 0xff;

    printk("%s: CR8 %#lx, TPR %#x\n", what, c, t);
    if ( c != cr8 || t != tpr )
        test_fail("%s: CR8 %#lx TPR %#x, want CR8 %#lx TPR %#x", what, c, t, cr8, tpr);
}

/* Sent with IF set (or clear, then the TPR raised by CR8 before IF is
 * set): held back under TPR class 5 while VEC_HIGH gets through, taken
 * once the TPR goes back to 0 through the APIC. */
static void held_back(const char *what, bool sent_with_if_clear)
{
    unsigned int l = low, h = high;

    if ( sent_with_if_clear )
    {
        write_cr8(0);
        self_ipi(VEC_LOW);              /* IF clear: pending, not taken */
        write_cr8(5);                   /* raised over it: safe on QEMU */
    }
    else
    {
        write_cr8(5);
        asm volatile ( "sti" ::: "memory" );
        self_ipi(VEC_LOW);
    }
    wait_for(&low, l + 1);
    self_ipi(VEC_HIGH);
    wait_for(&high, h + 1);
    printk("%s: under CR8 5, vector %#x taken %u time(s), vector %#x %u time(s)\n", what,
           VEC_LOW, low - l, VEC_HIGH, high - h);
    if ( low != l )
        test_fail("%s: vector %#x taken under CR8 5", what, VEC_LOW);
    if ( high != h + 1 )
        test_fail("%s: vector %#x taken %u times under CR8 5, want 1", what, VEC_HIGH, high - h);
    if ( release_cr8 )
        write_cr8(0);
    else
        apic_write(APIC_TPR, 0);
    wait_for(&low, l + 1);
    printk("%s: %s 0: vector %#x taken %u time(s)\n", what, release_cr8 ? "CR8" : "TPR", VEC_LOW,
           low - l);
    if ( low != l + 1 )
        test_fail("%s: vector %#x taken %u times after TPR 0, want 1", what, VEC_LOW, low - l);
    check_tpr(what, 0, 0);
}

void test_main(void)
{
    uint64_t base = rdmsr(MSR_APIC_BASE);
    char mode[8] = "", release[8] = "";

    if ( !(cpuid(1).d & (1u << 9)) || !(base & APIC_BASE_EN) )
        return test_skip("no enabled local APIC (APIC_BASE %#lx)", base);
    cmdline_get(test_cmdline, "apic", mode, sizeof(mode));
    x2apic = (cpuid(1).c & (1u << 21)) && strcmp(mode, "xapic");
    cmdline_get(test_cmdline, "release", release, sizeof(release));
    release_cr8 = !strcmp(release, "cr8");
    if ( x2apic )
        wrmsr(MSR_APIC_BASE, base | APIC_BASE_EXTD);
    else if ( (base & ~0xfffUL) != APIC_PA )
        return test_fail("APIC at %#lx, not %#lx", base & ~0xfffUL, APIC_PA);
    apic_write(APIC_SVR, 0x1ff);
    printk("%s\n", x2apic ? "x2APIC" : "xAPIC");
    trap_set_hook(VEC_LOW, low_irq);
    trap_set_hook(VEC_HIGH, high_irq);
    cli();

    check_tpr("at start", 0, 0);
    write_cr8(5);
    check_tpr("CR8 written 5", 5, 0x50);
    apic_write(APIC_TPR, 0x3c);
    check_tpr("TPR written 0x3c", 3, 0x3c);
    write_cr8(0xa);
    check_tpr("CR8 written 0xa", 0xa, 0xac);
    apic_write(APIC_TPR, 0);
    write_cr8(0);
    check_tpr("CR8 written 0", 0, 0);

    held_back("sent with IF set", false);
    held_back("sent with IF clear", true);
}

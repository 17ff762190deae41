/* RDMSR/WRMSR from a PVH guest: MSRs the guest owns read and write back;
 * MSRs the hypervisor keeps (SVM's own, unknown ones) give #GP in the guest,
 * which the guest handles (Xen 4.17: xen/arch/x86/msr.c, hvm/svm/svm.c). */
#include "test.h"

const char test_title[] = "RDMSR/WRMSR: allowed and forbidden MSRs";

#define MSR_TSC          0x00000010
#define MSR_APIC_BASE    0x0000001b
#define MSR_PAT          0x00000277
#define MSR_EFER         0xc0000080
#define MSR_LSTAR        0xc0000082
#define MSR_VM_HSAVE_PA  0xc0010117
#define MSR_UNKNOWN      0x2badcafe
#define MSR_AMD64_NB_CFG 0xc001001f
#define MSR_K8_C1E       0xc0010055
#define EFER_SCE         (1UL << 0)
#define EFER_SVME        (1UL << 12)
#define PAT_WC1          0x0007040600070106UL    /* the reset value, entry 1 WC */
#define TSC_STEP         (1UL << 36)
#define EFER_LME_LMA     ((1UL << 8) | (1UL << 10))

static void expect_gp(const char *what, exinfo_t ex)
{
    printk("%s: %s\n", what, ex ? exception_name(EXINFO_VEC(ex)) : "no fault");
    if ( !ex )
        test_fail("%s did not fault", what);
    else if ( EXINFO_VEC(ex) != X86_EXC_GP || EXINFO_EC(ex) != 0 )
        test_fail("%s: %s[%u], want #GP[0]", what, exception_name(EXINFO_VEC(ex)),
                  EXINFO_EC(ex));
}

/* Machine checks as Xen's vMCE gives them (xen/arch/x86/cpu/mcheck/vmce.c,
 * AMD host): MCG_CAP of 2 banks and no more, MCG_STATUS kept, MCi_CTL all
 * ones, MCi_STATUS may only be cleared, no LMCE. Linux reads and clears
 * these at boot. */
static void machine_check(void)
{
    uint64_t v = 0;
    exinfo_t ex;

    if ( !(cpuid(1).d & (1u << 7)) || !(cpuid(1).d & (1u << 14)) )
        return test_fail("CPUID hides MCE/MCA, which Xen offers HVM guests");
    ex = rdmsr_safe(0x179, &v);
    printk("MCG_CAP: %s, %#lx\n", ex ? exception_name(EXINFO_VEC(ex)) : "ok", v);
    if ( ex || (v & 0xff) != 2 || (v & (1u << 8)) )
        test_fail("MCG_CAP %#lx: want 2 banks and no MCG_CTL", v);
    if ( wrmsr_safe(0x17a, 0) || rdmsr_safe(0x17a, &v) || v )
        test_fail("MCG_STATUS: not writable or not 0 (%#lx)", v);
    ex = rdmsr_safe(0x400, &v);
    printk("MC0_CTL: %s, %#lx\n", ex ? exception_name(EXINFO_VEC(ex)) : "ok", v);
    if ( ex || v != ~0UL )
        test_fail("MC0_CTL %#lx, want all ones", v);
    if ( wrmsr_safe(0x401, 0) || rdmsr_safe(0x405, &v) || v )
        test_fail("MC0_STATUS cannot be cleared or MC1_STATUS not 0");
    expect_gp("wrmsr MC0_STATUS non-zero", wrmsr_safe(0x401, 1));
    expect_gp("rdmsr MCG_EXT_CTL", rdmsr_safe(0x4d0, &v));
}

/* EFER, PAT and TSC (intercepted by our hypervisor, which keeps them):
 * writes the guest may make take effect and read back. */
static void owned_by_hypervisor(void)
{
    uint64_t efer = rdmsr(MSR_EFER), pat, t0, t1;
    exinfo_t ex;

    /* EFER.SCE flips; LMA stays the CPU's (APM vol. 2, 3.1.7). */
    ex = wrmsr_safe(MSR_EFER, efer ^ EFER_SCE);
    t0 = rdmsr(MSR_EFER);
    printk("EFER ^ SCE: %s, reads %#lx\n", ex ? exception_name(EXINFO_VEC(ex)) : "ok", t0);
    if ( ex || t0 != (efer ^ EFER_SCE) )
        test_fail("EFER write of %#lx: fault %#lx, reads %#lx", efer ^ EFER_SCE, ex, t0);
    wrmsr(MSR_EFER, efer);

    /* PAT: a valid write (entry 1 to WC) reads back. Not checked: the
     * reset value and #GP for a reserved type, which Xen leaves to the CPU
     * (PAT is not intercepted with nested paging) and QEMU's TCG does not
     * virtualise (the guest sees and sets the host's PAT there). */
    pat = rdmsr(MSR_PAT);
    ex = wrmsr_safe(MSR_PAT, PAT_WC1);
    t0 = rdmsr(MSR_PAT);
    printk("PAT write %s, reads %#lx\n", ex ? exception_name(EXINFO_VEC(ex)) : "ok", t0);
    if ( ex || t0 != PAT_WC1 )
        test_fail("PAT write of %#lx: fault %#lx, reads %#lx", PAT_WC1, ex, t0);
    wrmsr(MSR_PAT, pat);

    /* TSC: a write moves what RDTSC returns (the hypervisor's offset). */
    t0 = rdtsc();
    wrmsr(MSR_TSC, t0 + TSC_STEP);
    t1 = rdtsc();
    wrmsr(MSR_TSC, rdtsc() - TSC_STEP);
    printk("TSC written %s\n", t1 - t0 >= TSC_STEP && t1 - t0 < 2 * TSC_STEP ?
           "forward" : "wrong");
    if ( t1 - t0 < TSC_STEP || t1 - t0 >= 2 * TSC_STEP )
        test_fail("TSC write of +%#lx: RDTSC moved %#lx", TSC_STEP, t1 - t0);
}

void test_main(void)
{
    uint64_t v, old;
    exinfo_t ex;

    /* Allowed: the local APIC base (enabled BSP at 0xfee00000). */
    ex = rdmsr_safe(MSR_APIC_BASE, &v);
    printk("APIC_BASE = %#lx\n", v);
    if ( ex )
        test_fail("rdmsr APIC_BASE: %s", exception_name(EXINFO_VEC(ex)));
    else if ( (v & ~0xfffUL) != 0xfee00000 || !(v & (1u << 11)) || !(v & (1u << 8)) )
        test_fail("APIC_BASE %#lx: want 0xfee00000, enabled, BSP", v);

    /* Allowed: EFER shows long mode; LSTAR is the guest's and reads back. */
    ex = rdmsr_safe(MSR_EFER, &v);
    printk("EFER = %#lx\n", v);
    if ( ex || (v & EFER_LME_LMA) != EFER_LME_LMA || (v & EFER_SVME) )
        test_fail("EFER %#lx (fault %#lx): want LME|LMA, no SVME", v, ex);

    old = rdmsr(MSR_LSTAR);
    ex = wrmsr_safe(MSR_LSTAR, 0xffffffff81234560UL);
    v = rdmsr(MSR_LSTAR);
    printk("LSTAR write %s, reads %#lx\n", ex ? "faulted" : "ok", v);
    if ( ex || v != 0xffffffff81234560UL )
        test_fail("LSTAR did not take the value written");
    wrmsr(MSR_LSTAR, old);

    /* The host's SVM state stays hidden: Xen 4.17 answers VM_HSAVE_PA from
     * the guest's own (nested-SVM) copy, 0 here, never its own area. */
    ex = rdmsr_safe(MSR_VM_HSAVE_PA, &v);
    printk("rdmsr VM_HSAVE_PA: %s, %#lx\n",
           ex ? exception_name(EXINFO_VEC(ex)) : "no fault", v);
    if ( ex || v )
        test_fail("VM_HSAVE_PA read: fault %#lx value %#lx, want 0", ex, v);

    owned_by_hypervisor();

    /* AMD's C1E and northbridge configuration read as 0 (Linux reads C1E
     * at boot on family 0xf, which QEMU's CPU is); NB_CFG writes are
     * dropped (Xen 4.17's hvm_msr_read/write_intercept). */
    v = 1;
    ex = rdmsr_safe(MSR_K8_C1E, &v);
    printk("rdmsr K8_ENABLE_C1E: %s, %#lx\n", ex ? exception_name(EXINFO_VEC(ex)) : "no fault", v);
    if ( ex || v )
        test_fail("K8_ENABLE_C1E read: fault %#lx value %#lx, want 0", ex, v);
    if ( (ex = wrmsr_safe(MSR_AMD64_NB_CFG, 1UL << 46)) || (ex = rdmsr_safe(MSR_AMD64_NB_CFG, &v)) ||
         v )
        test_fail("NB_CFG: fault %#lx, value %#lx after a write, want 0 and the write dropped",
                  ex, v);

    /* Forbidden: turning SVM on without nested virtualisation, and an MSR
     * that does not exist. */
    v = rdmsr(MSR_EFER);
    expect_gp("wrmsr EFER.SVME", wrmsr_safe(MSR_EFER, v | EFER_SVME));
    if ( rdmsr(MSR_EFER) & EFER_SVME )
        test_fail("EFER.SVME stuck after the refused write");
    expect_gp("rdmsr unknown", rdmsr_safe(MSR_UNKNOWN, &v));
    expect_gp("wrmsr unknown", wrmsr_safe(MSR_UNKNOWN, 1));
    machine_check();
}

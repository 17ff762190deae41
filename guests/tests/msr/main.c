/* RDMSR/WRMSR from a PVH guest: MSRs the guest owns read and write back;
 * MSRs the hypervisor keeps (SVM's own, unknown ones) give #GP in the guest,
 * which the guest handles (Xen 4.17: xen/arch/x86/msr.c, hvm/svm/svm.c). */
#include "test.h"

const char test_title[] = "RDMSR/WRMSR: allowed and forbidden MSRs";

#define MSR_APIC_BASE    0x0000001b
#define MSR_EFER         0xc0000080
#define MSR_LSTAR        0xc0000082
#define MSR_VM_HSAVE_PA  0xc0010117
#define MSR_UNKNOWN      0x2badcafe
#define EFER_SVME        (1UL << 12)
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

    /* Forbidden: turning SVM on without nested virtualisation, and an MSR
     * that does not exist. */
    v = rdmsr(MSR_EFER);
    expect_gp("wrmsr EFER.SVME", wrmsr_safe(MSR_EFER, v | EFER_SVME));
    if ( rdmsr(MSR_EFER) & EFER_SVME )
        test_fail("EFER.SVME stuck after the refused write");
    expect_gp("rdmsr unknown", rdmsr_safe(MSR_UNKNOWN, &v));
    expect_gp("wrmsr unknown", wrmsr_safe(MSR_UNKNOWN, 1));
}

/* CPUID as a PVH guest sees it: the hypervisor bit, and Xen's leaves as Xen
 * 4.17 fills them (xen/arch/x86/traps.c: cpuid_hypervisor_leaves;
 * public/arch-x86/cpuid.h). Every CPUID is an intercepted exit. */
#include "test.h"
#include <xen/arch-x86/cpuid.h>

const char test_title[] = "CPUID: basic leaves and Xen's 0x40000000-0x40000005";

static void show(uint32_t leaf, uint32_t sub, struct cpuid_leaf l)
{
    printk("cpuid %#010x.%u: %08x %08x %08x %08x\n", leaf, sub, l.a, l.b, l.c, l.d);
}

void test_main(void)
{
    struct cpuid_leaf l;
    uint32_t base;

    l = cpuid(1);
    show(1, 0, l);
    if ( !(l.c & (1u << 31)) )
        test_fail("leaf 1 ecx bit 31 (hypervisor) clear");
    if ( !(l.d & (1u << 9)) )
        test_fail("leaf 1 edx bit 9 (APIC) clear: Xen always emulates one for HVM");

    base = xen_cpuid_base;
    if ( base != XEN_CPUID_FIRST_LEAF )
        return test_fail("Xen leaves at %#x, not %#x (no Viridian for PVH)",
                         base, XEN_CPUID_FIRST_LEAF);

    /* base+0: the largest leaf and "XenVMMXenVMM". */
    l = cpuid(base);
    show(base, 0, l);
    if ( l.a != base + XEN_CPUID_MAX_NUM_LEAVES )
        test_fail("max leaf %#x, not %#x", l.a, base + XEN_CPUID_MAX_NUM_LEAVES);
    char sig[13];
    memcpy(sig, &l.b, 4);
    memcpy(sig + 4, &l.c, 4);
    memcpy(sig + 8, &l.d, 4);
    sig[12] = '\0';
    if ( strcmp(sig, "XenVMMXenVMM") )
        test_fail("signature \"%s\"", sig);

    /* base+1: version, the same as xen_version(XENVER_version). */
    l = cpuid(base + 1);
    show(base + 1, 0, l);
    long ver = hypercall_xen_version(XENVER_version, NULL);
    if ( (long)l.a != ver || l.b || l.c || l.d )
        test_fail("leaf %#x: eax %#x (xen_version %#lx), rest not zero", base + 1,
                  l.a, ver);

    /* base+2: one hypercall page, through MSR 0x40000000. */
    l = cpuid(base + 2);
    show(base + 2, 0, l);
    if ( l.a != 1 || l.b != 0x40000000 )
        test_fail("leaf %#x: %u pages via MSR %#x, want 1 via 0x40000000",
                  base + 2, l.a, l.b);

    /* base+3: time. Subleaf 0: eax bit 0 vtsc (RDTSC emulated: Xen does so
     * when the host TSC is not invariant, as under QEMU), ebx tsc_mode, ecx
     * the guest's TSC kHz, edx the incarnation; subleaf 2: eax the host's
     * kHz. */
    l = cpuid_count(base + 3, 0);
    show(base + 3, 0, l);
    if ( !l.c )
        test_fail("leaf %#x.0: guest TSC kHz is 0", base + 3);
    struct cpuid_leaf l2 = cpuid_count(base + 3, 2);
    show(base + 3, 2, l2);
    if ( !l2.a )
        test_fail("leaf %#x.2: host kHz is 0", base + 3);
    if ( !(l.a & 1) && l.c != l2.a )
        test_fail("native TSC at %u kHz, host at %u kHz", l.c, l2.a);

    /* base+4: HVM features. The vCPU id (0) and the domain id (a domU's is
     * not 0) are present, per-vCPU upcall vectors work, grant/foreign maps
     * have IOMMU entries (always claimed since 4.15); no hardware APIC
     * virtualisation (Xen offers it with VMX only). Xen 4.17 on SVM: 0x5c. */
    l = cpuid(base + 4);
    show(base + 4, 0, l);
    uint32_t need = XEN_HVM_CPUID_VCPU_ID_PRESENT | XEN_HVM_CPUID_DOMID_PRESENT |
                    XEN_HVM_CPUID_UPCALL_VECTOR | XEN_HVM_CPUID_IOMMU_MAPPINGS;
    if ( (l.a & need) != need )
        test_fail("leaf %#x eax %#x lacks some of %#x", base + 4, l.a, need);
    if ( l.a & (XEN_HVM_CPUID_APIC_ACCESS_VIRT | XEN_HVM_CPUID_X2APIC_VIRT) )
        test_fail("leaf %#x eax %#x claims APIC virtualisation", base + 4, l.a);
    if ( l.b != 0 )
        test_fail("leaf %#x: vcpu id %u, not 0", base + 4, l.b);
    if ( l.c == 0 )
        test_fail("leaf %#x: domid 0 in a domU", base + 4);
    else
        printk("domid %u\n", l.c);

    /* base+5: PV-only parameters, nothing for HVM. */
    l = cpuid(base + 5);
    show(base + 5, 0, l);
    if ( l.a || l.b || l.c || l.d )
        test_fail("leaf %#x not zero for an HVM guest", base + 5);
}

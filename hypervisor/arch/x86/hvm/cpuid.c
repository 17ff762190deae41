/* The CPUID an HVM guest sees: the host's, minus what the guest cannot
 * use here, plus the hypervisor bit and Xen's leaves 0x40000000-0x40000004
 * filled as Xen 4.17 fills them for an HVM/PVH guest
 * (public/arch-x86/cpuid.h); leaf 0x40000005 holds PV parameters only. */
#include <xen/lib.h>
#include <xen/sched.h>
#include <xen/time.h>
#include <asm/processor.h>
#include <asm/hvm/hvm.h>
#include <public/arch-x86/cpuid.h>

#define XEN_VERSION_MAJOR 4
#define XEN_VERSION_MINOR 17

static void cpuid_count(uint32_t leaf, uint32_t sub, uint32_t res[4])
{
    asm volatile("cpuid" : "=a"(res[0]), "=b"(res[1]), "=c"(res[2]), "=d"(res[3])
                 : "a"(leaf), "c"(sub));
}

static void xen_leaf(struct vcpu *v, uint32_t idx, uint32_t sub, uint32_t res[4])
{
    switch (idx) {
    case 0:
        res[0] = XEN_CPUID_FIRST_LEAF + XEN_CPUID_MAX_NUM_LEAVES;
        res[1] = XEN_CPUID_SIGNATURE_EBX;
        res[2] = XEN_CPUID_SIGNATURE_ECX;
        res[3] = XEN_CPUID_SIGNATURE_EDX;
        break;
    case 1:
        res[0] = (XEN_VERSION_MAJOR << 16) | XEN_VERSION_MINOR;
        break;
    case 2:
        res[0] = 1;                         /* hypercall pages */
        res[1] = 0x40000000;                /* the MSR that installs them */
        break;
    case 3:
        /* Time: native TSC, tsc_mode default. Subleaf 0: ECX the guest's
         * TSC kHz; subleaf 2: EAX the host's. */
        if (sub == 0)
            res[2] = (uint32_t)cpu_khz;
        else if (sub == 2)
            res[0] = (uint32_t)cpu_khz;
        break;
    case 4:
        /* As Xen 4.17 on SVM: no APIC virtualisation; grant and foreign
         * mappings have IOMMU entries (claimed since 4.15); per-vCPU upcall
         * vectors (HVMOP_set_evtchn_upcall_vector, the ABI rung). */
        res[0] = XEN_HVM_CPUID_VCPU_ID_PRESENT | XEN_HVM_CPUID_DOMID_PRESENT |
                 XEN_HVM_CPUID_IOMMU_MAPPINGS | XEN_HVM_CPUID_UPCALL_VECTOR;
        res[1] = (uint32_t)v->vcpu_id;
        res[2] = v->domain->domain_id;
        break;
    }
}

void guest_cpuid(struct vcpu *v, uint32_t leaf, uint32_t sub, uint32_t res[4])
{
    res[0] = res[1] = res[2] = res[3] = 0;
    if (leaf - XEN_CPUID_FIRST_LEAF <= XEN_CPUID_MAX_NUM_LEAVES) {
        xen_leaf(v, leaf - XEN_CPUID_FIRST_LEAF, sub, res);
        return;
    }
    if ((leaf >= 0x40000000 && leaf < 0x80000000) || leaf > 0x80000008)
        return;
    cpuid_count(leaf, sub, res);
    switch (leaf) {
    case 1:
        /* APIC ID = 2 * vCPU ID as Xen gives; one logical CPU per package. */
        res[1] = (res[1] & 0x0000ffff) | ((uint32_t)v->vcpu_id * 2) << 24 | (1u << 16);
        res[2] &= ~((1u << 3) |             /* MONITOR: not offered */
                    (1u << 5) |             /* VMX */
                    (1u << 26) | (1u << 27) | (1u << 28));  /* XSAVE, OSXSAVE, AVX */
        res[2] |= (1u << 31) |              /* running on a hypervisor */
                  (1u << 21);               /* x2APIC: emulated, as Xen offers it */
        res[3] &= ~((1u << 12) |            /* MTRR */
                    (1u << 22) | (1u << 29));   /* ACPI thermal, TM */
        break;
    case 5:                                 /* MONITOR/MWAIT leaf */
    case 6:                                 /* power management */
        res[0] = res[1] = res[2] = res[3] = 0;
        break;
    case 7:
        if (sub == 0)
            res[1] &= ~((1u << 5) | (1u << 16));    /* AVX2, AVX512F: no XSAVE */
        break;
    case 0xd:                               /* XSAVE: hidden */
        res[0] = res[1] = res[2] = res[3] = 0;
        break;
    case 0x80000001:
        res[2] &= ~((1u << 2) |             /* SVM: no nested virtualisation */
                    (1u << 13));            /* MONITORX */
        break;
    }
}

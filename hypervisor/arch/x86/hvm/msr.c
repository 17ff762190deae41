/* MSRs an HVM guest may read and write (those the MSR permission map does
 * not pass through). Anything else raises #GP, as Xen 4.17 does by default
 * (msr_relaxed off). */
#include <xen/lib.h>
#include <xen/sched.h>
#include <asm/processor.h>
#include <asm/hvm/hvm.h>
#include <asm/hvm/vlapic.h>
#include <asm/vmce.h>

#define MSR_IA32_TSC       0x10
#define MSR_IA32_APICBASE  0x1b
#define MSR_IA32_CR_PAT    0x277
#define MSR_IA32_TSC_DEADLINE 0x6e0
#define MSR_XEN_HYPERCALL  0x40000000       /* CPUID 0x40000002 EBX */
#define MSR_AMD64_NB_CFG   0xc001001f
#define MSR_K8_ENABLE_C1E  0xc0010055       /* Linux's MSR_K8_INT_PENDING_MSG */

/* Xen's HVM hypercall page: one 32-byte stub per hypercall,
 * "mov $nr, %eax; vmmcall; ret" (AMD's VMMCALL). */
static int write_hypercall_page(struct vcpu *v, uint64_t val)
{
    struct domain *d = v->domain;

    if (val & 0xfff)                        /* page index: only 0 exists */
        return -1;
    for (unsigned int i = 0; i < PAGE_SIZE / 32; i++) {
        uint8_t stub[32];

        memset(stub, 0xcc, sizeof(stub));   /* int3 after each stub */
        stub[0] = 0xb8;                     /* mov $i, %eax */
        stub[1] = (uint8_t)i;
        stub[2] = stub[3] = stub[4] = 0;
        stub[5] = 0x0f, stub[6] = 0x01, stub[7] = 0xd9;    /* vmmcall */
        stub[8] = 0xc3;                     /* ret */
        if (hvm_copy_to_guest_phys(d, (val & PAGE_MASK) + i * 32, stub, sizeof(stub)) !=
            HVMTRANS_okay)
            return -1;
    }
    d->arch.hypercall_msr = val;
    return 0;
}

/* PAT entries are 3-bit types 0, 1, 4, 5, 6, 7 (SDM 11.12.2). */
static bool pat_valid(uint64_t pat)
{
    for (unsigned int i = 0; i < 8; i++) {
        unsigned int t = (pat >> (i * 8)) & 0xff;

        if (t > 7 || t == 2 || t == 3)
            return false;
    }
    return true;
}

int guest_rdmsr(struct vcpu *v, uint32_t msr, uint64_t *val)
{
    switch (msr) {
    case MSR_EFER:
        *val = v->arch.hvm.guest_efer;
        return 0;
    case MSR_IA32_TSC:
        *val = hvm_get_guest_tsc(v);
        return 0;
    case MSR_IA32_APICBASE:
        *val = vlapic_base_msr(v);
        return 0;
    case MSR_IA32_TSC_DEADLINE:
        *val = vlapic_tdt_msr_get(v);
        return 0;
    case MSR_IA32_CR_PAT:
        *val = hvm_funcs.get_guest_pat(v);
        return 0;
    case MSR_VM_HSAVE_PA:
        /* Xen answers 0 and never shows the host's save area. */
        *val = 0;
        return 0;
    case 0x800 ... 0x8ff:
        return vlapic_x2apic_rdmsr(v, msr, val);
    case MSR_K8_ENABLE_C1E:
    case MSR_AMD64_NB_CFG:
        /* Xen's hvm_msr_read_intercept: 0, not the host's (Linux reads the
         * first for AMD erratum 400 on family 0xf, as QEMU's CPU claims). */
        *val = 0;
        return 0;
    }
    switch (vmce_rdmsr(v, msr, val)) {
    case 1:
        return 0;
    default:
        return -1;
    }
}

int guest_wrmsr(struct vcpu *v, uint32_t msr, uint64_t val)
{
    switch (msr) {
    case MSR_EFER:
        /* SCE, LME, NXE; LMA is the CPU's to set (APM 3.1.7). */
        if (val & ~(uint64_t)(EFER_SCE | EFER_LME | EFER_LMA | EFER_NXE))
            return -1;
        v->arch.hvm.guest_efer = (val & ~(uint64_t)EFER_LMA) |
                                 (v->arch.hvm.guest_efer & EFER_LMA);
        hvm_funcs.update_guest_efer(v);
        return 0;
    case MSR_IA32_TSC:
        hvm_set_guest_tsc(v, val);
        return 0;
    case MSR_IA32_CR_PAT:
        if (!pat_valid(val))
            return -1;
        hvm_funcs.set_guest_pat(v, val);
        return 0;
    case MSR_XEN_HYPERCALL:
        return write_hypercall_page(v, val);
    case MSR_IA32_APICBASE:
        return vlapic_set_base_msr(v, val);
    case MSR_IA32_TSC_DEADLINE:
        vlapic_tdt_msr_set(v, val);
        return 0;
    case 0x800 ... 0x8ff:
        return vlapic_x2apic_wrmsr(v, msr, val);
    case MSR_AMD64_NB_CFG:
        return 0;                           /* ignored, as Xen does */
    }
    return vmce_wrmsr(v, msr, val) == 1 ? 0 : -1;
}

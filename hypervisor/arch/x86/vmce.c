/* vMCE (asm/vmce.h), as Xen 4.17 answers an HVM guest on an AMD host.
 * MSR numbers: AMD APM vol. 2, 9.3 (MCG_CAP 0x179, MCG_STATUS 0x17a,
 * MCG_CTL 0x17b, bank i at 0x400 + 4i: CTL, STATUS, ADDR, MISC). */
#include <xen/sched.h>
#include <asm/vmce.h>

#define MSR_IA32_MCG_CAP     0x179
#define MSR_IA32_MCG_STATUS  0x17a
#define MSR_IA32_MCG_CTL     0x17b
#define MSR_IA32_MCG_EXT_CTL 0x4d0
#define MSR_IA32_MC0_CTL     0x400

/* The banks MCG_CAP announces (the guest's, not the host's). */
static bool bank_msr(uint32_t msr)
{
    return msr >= MSR_IA32_MC0_CTL && msr < MSR_IA32_MC0_CTL + 4 * GUEST_MC_BANK_NUM;
}

int vmce_rdmsr(struct vcpu *v, uint32_t msr, uint64_t *val)
{
    struct vmce *m = &v->arch.vmce;
    unsigned int bank = (msr - MSR_IA32_MC0_CTL) / 4;

    *val = 0;
    switch (msr) {
    case MSR_IA32_MCG_STATUS:
        *val = m->mcg_status;
        return 1;
    case MSR_IA32_MCG_CAP:
        *val = GUEST_MC_BANK_NUM;       /* count only: no MCG_CTL_P, no LMCE */
        return 1;
    case MSR_IA32_MCG_CTL:
        return 1;                       /* reads 0 without MCG_CTL_P */
    case MSR_IA32_MCG_EXT_CTL:
        return -1;                      /* no LMCE */
    }
    if (!bank_msr(msr))
        return 0;
    switch (msr & 3) {
    case 0: *val = ~0ULL; break;        /* MCi_CTL: every error type enabled */
    case 1: *val = m->bank[bank].status; break;
    case 2: *val = m->bank[bank].addr; break;
    case 3: *val = m->bank[bank].misc; break;
    }
    return 1;
}

int vmce_wrmsr(struct vcpu *v, uint32_t msr, uint64_t val)
{
    struct vmce *m = &v->arch.vmce;
    unsigned int bank = (msr - MSR_IA32_MC0_CTL) / 4;

    switch (msr) {
    case MSR_IA32_MCG_STATUS:
        m->mcg_status = val;
        return 1;
    case MSR_IA32_MCG_CAP:              /* read-only: the write changes nothing */
    case MSR_IA32_MCG_CTL:
        return 1;
    case MSR_IA32_MCG_EXT_CTL:
        return -1;
    }
    if (!bank_msr(msr))
        return 0;
    switch (msr & 3) {
    case 0:
        return 1;                       /* MCi_CTL stays all ones */
    case 1:
        if (val)
            return -1;                  /* only clearing is allowed */
        m->bank[bank].status = 0;
        return 1;
    case 2:
        if (val)
            return -1;
        m->bank[bank].addr = 0;
        return 1;
    default:
        if (val)
            return -1;
        m->bank[bank].misc = 0;
        return 1;
    }
}

/* The machine-check architecture an HVM guest sees (Xen's vMCE,
 * xen/arch/x86/cpu/mcheck/vmce.c): on an AMD host, MCG_CAP of 2 banks
 * and nothing else (no MCG_CTL, no LMCE), MCi_CTL all ones, MCi_STATUS/
 * ADDR/MISC holding only what a guest may clear. Linux's boot-time
 * machine-check setup reads and clears all of them. */
#ifndef ASM_VMCE_H
#define ASM_VMCE_H
#include <xen/types.h>

#define GUEST_MC_BANK_NUM 2

struct vmce {
    uint64_t mcg_status;
    struct { uint64_t status, addr, misc; } bank[GUEST_MC_BANK_NUM];
};

struct vcpu;
/* 1: handled (*val set); 0: not a vMCE MSR; -1: #GP. */
int vmce_rdmsr(struct vcpu *v, uint32_t msr, uint64_t *val);
int vmce_wrmsr(struct vcpu *v, uint32_t msr, uint64_t val);

#endif

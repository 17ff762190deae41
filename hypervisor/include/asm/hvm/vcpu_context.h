/* VCPUOP_initialise for an HVM/PVH vCPU: the register state a guest hands
 * over in a vcpu_hvm_context (public/hvm/hvm_vcpu.h), checked as Xen 4.17's
 * arch_set_info_hvm_guest checks it and turned into what the vCPU starts
 * with. Pure code, host-tested; arch/x86/hvm/domain.c applies the result. */
#ifndef ASM_HVM_VCPU_CONTEXT_H
#define ASM_HVM_VCPU_CONTEXT_H
#include <xen/types.h>
#include <asm/x86_emulate.h>            /* struct segment_register */
#include <public/hvm/hvm_vcpu.h>

/* What of the guest's CPUID decides which CR4 and EFER bits it may set
 * (Xen's hvm_cr4_guest_valid_bits and hvm_efer_valid). */
struct hvm_cpu_features {
    uint64_t cr4_valid;
    bool syscall, lm, nx, ffxsr;        /* CPUID 0x80000001 EDX 11, 29, 20, 25 */
};

/* From the guest's CPUID leaves 1, 7 (subleaf 0) and 0x80000001, each
 * {eax, ebx, ecx, edx}. Nested virtualisation is not offered: no VMXE. */
void hvm_cpu_features_from_cpuid(const uint32_t leaf1[4], const uint32_t leaf7[4],
                                 const uint32_t ext1[4], struct hvm_cpu_features *f);

/* The state a vCPU starts with. gpr: rax, rcx, rdx, rbx, rsp, rbp, rsi, rdi
 * (the order of both vcpu_hvm_x86_* structures). */
struct hvm_vcpu_start {
    uint64_t gpr[8], rip, rflags;
    uint64_t cr0, cr3, cr4, efer;
    struct segment_register cs, ds, ss, es, tr;
};

/* 0 and *out filled, or -XEN_EINVAL with *why saying what Xen would log. */
int hvm_vcpu_context_check(const struct vcpu_hvm_context *ctx, const struct hvm_cpu_features *f,
                           struct hvm_vcpu_start *out, const char **why);

#endif

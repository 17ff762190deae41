/* A hypercall's number and arguments as an HVM vCPU passes them in its
 * registers, by mode (arch/x86/hvm/hypercall_args.c, pure). */
#ifndef ASM_HVM_HYPERCALL_ARGS_H
#define ASM_HVM_HYPERCALL_ARGS_H
#include <xen/types.h>
#include <public/xen.h>                 /* struct cpu_user_regs */

#define HCALL_NR_ARGS 5

struct hcall_args {
    unsigned long nr;                   /* 64-bit mode: the whole RAX */
    uint64_t a[HCALL_NR_ARGS];
};

/* Reads the call from the registers: 64-bit mode RAX; RDI, RSI, RDX, R10,
 * R8; otherwise EAX; EBX, ECX, EDX, ESI, EDI, each zero-extended. */
void hvm_hypercall_args(const struct cpu_user_regs *r, bool mode64,
                        struct hcall_args *h);
/* A continuation: the first n arguments written back to the registers they
 * came from (32-bit mode keeps the low halves), so that the vCPU issues the
 * same call again. */
void hvm_hypercall_set_args(struct cpu_user_regs *r, bool mode64,
                            const uint64_t *a, unsigned int n);

#endif

/* Where an HVM vCPU's hypercall arguments live, by mode (Xen 4.17
 * arch/x86/hvm/hypercall.c, hvm_hypercall: in 64-bit mode the number is
 * the whole of RAX, so a number with any of bits 32-63 set is no
 * hypercall at all and gets -ENOSYS; public/arch-x86/xen-x86_64.h and
 * xen-x86_32.h for the argument registers). Pure: host-tested and fuzzed
 * (tests/fuzz/fuzz_hypercall_args.c). */
#include <asm/hvm/hypercall_args.h>

void hvm_hypercall_args(const struct cpu_user_regs *r, bool mode64,
                        struct hcall_args *h)
{
    if (mode64) {
        h->nr = r->rax;
        h->a[0] = r->rdi, h->a[1] = r->rsi, h->a[2] = r->rdx;
        h->a[3] = r->r10, h->a[4] = r->r8;
    } else {
        h->nr = (uint32_t)r->rax;
        h->a[0] = (uint32_t)r->rbx, h->a[1] = (uint32_t)r->rcx;
        h->a[2] = (uint32_t)r->rdx, h->a[3] = (uint32_t)r->rsi;
        h->a[4] = (uint32_t)r->rdi;
    }
}

void hvm_hypercall_set_args(struct cpu_user_regs *r, bool mode64,
                            const uint64_t *a, unsigned int n)
{
    uint64_t *regs64[HCALL_NR_ARGS] = { &r->rdi, &r->rsi, &r->rdx, &r->r10, &r->r8 };
    uint64_t *regs32[HCALL_NR_ARGS] = { &r->rbx, &r->rcx, &r->rdx, &r->rsi, &r->rdi };

    for (unsigned int i = 0; i < n && i < HCALL_NR_ARGS; i++)
        *(mode64 ? regs64 : regs32)[i] = mode64 ? a[i] : (uint32_t)a[i];
}

/* Hypercalls from an HVM vCPU (VMMCALL, VMCALL, the hypercall page): the
 * arguments by the vCPU's mode, Xen's register convention, then the one
 * dispatcher in common/hypercall.c. */
#include <xen/lib.h>
#include <xen/sched.h>
#include <xen/hypercall.h>
#include <asm/hvm/hvm.h>
#include <public/errno.h>

bool hvm_hypercall(struct vcpu *v)
{
    struct cpu_user_regs *r = &v->arch.user_regs;
    bool mode64 = hvm_guest_x86_mode(v) == 8;
    uint64_t a[5];
    unsigned int nr;
    long rc;

    /* Only the guest kernel may call (Xen: -EPERM for CPL > 0). */
    if (hvm_funcs.get_cpl(v)) {
        r->rax = (uint64_t)-XEN_EPERM;
        return true;
    }
    if (mode64) {
        /* 64-bit: RDI, RSI, RDX, R10, R8. */
        nr = (unsigned int)r->rax;
        a[0] = r->rdi, a[1] = r->rsi, a[2] = r->rdx, a[3] = r->r10, a[4] = r->r8;
    } else {
        /* 32-bit: EBX, ECX, EDX, ESI, EDI. */
        nr = (uint32_t)r->rax;
        a[0] = (uint32_t)r->rbx, a[1] = (uint32_t)r->rcx, a[2] = (uint32_t)r->rdx;
        a[3] = (uint32_t)r->rsi, a[4] = (uint32_t)r->rdi;
    }
    if (nr < NR_HYPERCALL_COUNTERS)
        __atomic_fetch_add(&v->domain->hypercall_count[nr], 1, __ATOMIC_RELAXED);
    rc = do_hypercall(v, nr, a);
    if (v->hcall_preempted) {
        /* A continuation: same registers as the arguments came in, RAX
         * still the number, and the instruction not stepped over, so the
         * guest issues the call again once softirqs have run. */
        uint64_t *regs64[5] = { &r->rdi, &r->rsi, &r->rdx, &r->r10, &r->r8 };
        uint64_t *regs32[5] = { &r->rbx, &r->rcx, &r->rdx, &r->rsi, &r->rdi };

        for (unsigned int i = 0; i < v->hcall_nr_args; i++)
            *(mode64 ? regs64 : regs32)[i] = mode64 ? v->hcall_args[i]
                                                    : (uint32_t)v->hcall_args[i];
        v->hcall_preempted = false;
        return false;
    }
    r->rax = mode64 ? (uint64_t)rc : (uint32_t)rc;
    return true;
}

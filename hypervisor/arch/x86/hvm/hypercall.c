/* Hypercalls from an HVM vCPU (VMMCALL, VMCALL, the hypercall page): the
 * arguments by the vCPU's mode, Xen's register convention, then the one
 * dispatcher in common/hypercall.c. */
#include <xen/lib.h>
#include <xen/sched.h>
#include <xen/hypercall.h>
#include <asm/hvm/hvm.h>
#include <asm/hvm/hypercall_args.h>
#include <public/errno.h>

bool hvm_hypercall(struct vcpu *v)
{
    struct cpu_user_regs *r = &v->arch.user_regs;
    bool mode64 = hvm_guest_x86_mode(v) == 8;
    struct hcall_args h;
    long rc;

    /* Only the guest kernel may call (Xen: -EPERM for CPL > 0). */
    if (hvm_funcs.get_cpl(v)) {
        r->rax = (uint64_t)-XEN_EPERM;
        return true;
    }
    hvm_hypercall_args(r, mode64, &h);
    if (h.nr < NR_HYPERCALL_COUNTERS)
        __atomic_fetch_add(&v->domain->hypercall_count[h.nr], 1, __ATOMIC_RELAXED);
    rc = do_hypercall(v, h.nr, h.a);
    if (v->hcall_preempted) {
        /* A continuation: same registers as the arguments came in, RAX
         * still the number, and the instruction not stepped over, so the
         * guest issues the call again once softirqs have run. */
        hvm_hypercall_set_args(r, mode64, v->hcall_args, v->hcall_nr_args);
        v->hcall_preempted = false;
        return false;
    }
    r->rax = mode64 ? (uint64_t)rc : (uint32_t)rc;
    return true;
}

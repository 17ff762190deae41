/* Hypercall dispatch (common/hypercall.c) and the handlers, Xen's names. */
#ifndef XEN_HYPERCALL_H
#define XEN_HYPERCALL_H
#include <xen/types.h>

struct vcpu;

/* Dispatches hypercall nr (a 64-bit guest's whole RAX, as Xen: bits above
 * 31 make it unknown) with its arguments; returns the value for RAX. */
long do_hypercall(struct vcpu *v, unsigned long nr, const uint64_t a[5]);
const char *hypercall_name(unsigned long nr);

long do_xen_version(int cmd, uint64_t arg);
long do_console_io(int cmd, unsigned int count, uint64_t buffer);
/* A guest's console output, by console_io or the debug port 0xe9. */
void guest_console_putc(struct vcpu *v, char c);
long do_sched_op(int cmd, uint64_t arg);
long do_vcpu_op(int cmd, unsigned int vcpuid, uint64_t arg);
/* arch/x86/vcpu_op.c: the sub-ops Xen keeps in the architecture's
 * do_vcpu_op; -ENOSYS for the rest. */
long arch_do_vcpu_op(int cmd, struct vcpu *v, uint64_t arg);
/* VCPUOP_initialise: v takes the state the guest gives (arch/x86/hvm/domain.c). */
int arch_initialise_vcpu(struct vcpu *v, uint64_t arg);
/* VCPUOP_up: -EINVAL without a start state, else a vCPU that was down runs. */
int arch_vcpu_up(struct vcpu *v);
long do_vm_assist(unsigned int cmd, unsigned int type);
/* memory_op: the XENMEM_* sub-op in cmd's low bits, a preempted call's
 * progress above them (Xen's xen/hypercall.h: not public, but a guest sees
 * it in the continuation). */
#define MEMOP_EXTENT_SHIFT 6
#define MEMOP_CMD_MASK     ((1 << MEMOP_EXTENT_SHIFT) - 1)
long do_memory_op(unsigned long cmd, uint64_t arg);
/* arch/x86/hvm/hvm_op.c */
long do_hvm_op(unsigned long op, uint64_t arg);
/* arch/x86/mm.c: the sub-ops do_memory_op leaves to the architecture. */
long arch_memory_op(unsigned long cmd, uint64_t arg);

/* Long operations (Xen's names): true when softirqs wait on this CPU, so
 * the hypercall should stop and be continued. */
bool hypercall_preempt_check(void);
/* Makes the current vCPU issue hypercall op again with these nr_args
 * (uint64_t) arguments: its instruction pointer stays on the call and the
 * registers of the first nr_args arguments are rewritten. Returns op, which
 * the caller returns (RAX keeps the hypercall number). */
long hypercall_create_continuation(unsigned int op, unsigned int nr_args, ...);

#endif

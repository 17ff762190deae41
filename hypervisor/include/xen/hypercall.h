/* Hypercall dispatch (common/hypercall.c) and the handlers, Xen's names. */
#ifndef XEN_HYPERCALL_H
#define XEN_HYPERCALL_H
#include <xen/types.h>

struct vcpu;

/* Dispatches hypercall nr with its arguments; returns the value for RAX. */
long do_hypercall(struct vcpu *v, unsigned int nr, const uint64_t a[5]);
const char *hypercall_name(unsigned int nr);

long do_xen_version(int cmd, uint64_t arg);
long do_console_io(int cmd, unsigned int count, uint64_t buffer);
/* A guest's console output, by console_io or the debug port 0xe9. */
void guest_console_putc(struct vcpu *v, char c);
long do_sched_op(int cmd, uint64_t arg);
long do_vcpu_op(int cmd, unsigned int vcpuid, uint64_t arg);

#endif

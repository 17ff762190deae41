/* Hypercall arguments in guest memory: the calling vCPU's virtual
 * addresses (Xen's guest handles). Return 0, or the bytes not copied. */
#ifndef XEN_GUEST_ACCESS_H
#define XEN_GUEST_ACCESS_H
#include <xen/types.h>

struct vcpu;

size_t raw_copy_to_guest(uint64_t va, const void *buf, size_t len);
size_t raw_copy_from_guest(void *buf, uint64_t va, size_t len);
/* Through v's own page tables as they were at its last exit (v need not
 * be the caller): 0, or the bytes not copied. */
size_t copy_to_vcpu_guest(struct vcpu *v, uint64_t va, const void *buf, size_t len);
#define copy_to_guest(va, ptr, n)   raw_copy_to_guest(va, ptr, (n) * sizeof(*(ptr)))
#define copy_from_guest(ptr, va, n) raw_copy_from_guest(ptr, va, (n) * sizeof(*(ptr)))

#endif

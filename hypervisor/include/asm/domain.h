/* The x86 parts of struct domain and struct vcpu, and the context switch
 * the scheduler calls. */
#ifndef ASM_DOMAIN_H
#define ASM_DOMAIN_H
#include <xen/types.h>
#include <asm/spinlock.h>
#include <asm/hvm/vcpu.h>
#include <asm/p2m.h>

struct vcpu;
struct domain;

struct arch_vcpu {
    struct hvm_vcpu hvm;
    /* Where a freshly switched-to vCPU continues, on a reset stack. */
    void (*schedule_tail)(struct vcpu *v) __attribute__((noreturn));
};

struct arch_domain {
    spinlock_t p2m_lock;
    struct p2m_domain p2m;
    /* The I/O permission bitmap all vCPUs share (3 pages: every port). */
    void *iopm;
    paddr_t iopm_pa;
    /* The MSR permission bitmap (2 pages) likewise. */
    void *msrpm;
    paddr_t msrpm_pa;
    uint64_t hypercall_msr;             /* last value written to it */
};

int arch_domain_create(struct domain *d);
void arch_domain_destroy(struct domain *d);
int arch_vcpu_create(struct vcpu *v);
void arch_vcpu_destroy(struct vcpu *v);

/* Jumps to fn(v) on this CPU's stack, dropping every frame above it. */
void reset_stack_and_jump(void (*fn)(struct vcpu *), struct vcpu *v)
    __attribute__((noreturn));
void idle_loop(struct vcpu *v) __attribute__((noreturn));

#endif

/* The x86 parts of struct domain and struct vcpu, and the context switch
 * the scheduler calls. */
#ifndef ASM_DOMAIN_H
#define ASM_DOMAIN_H
#include <xen/types.h>
#include <asm/spinlock.h>
#include <asm/hvm/vcpu.h>
#include <asm/p2m.h>
#include <asm/vmce.h>
#include <public/xen.h>                 /* struct cpu_user_regs */

struct vcpu;
struct domain;

/* The registers of the vCPU this CPU runs (Xen's guest_cpu_user_regs()). */
#define guest_cpu_user_regs() (&current->arch.user_regs)

struct arch_vcpu {
    /* The guest's general registers, RAX/RSP/RIP/RFLAGS included: the
     * vendor code copies what the CPU keeps elsewhere (the VMCB) in at
     * every VM exit and out before every entry, so hvm code and hypercalls
     * use only these. */
    struct cpu_user_regs user_regs;
    struct hvm_vcpu hvm;
    struct vmce vmce;                   /* machine-check MSRs (asm/vmce.h) */
    /* Where a freshly switched-to vCPU continues, on a reset stack. */
    void (*schedule_tail)(struct vcpu *v) __attribute__((noreturn));
};

/* A memory map entry as the BIOS's INT 15h E820 gives it: packed, 20 bytes
 * (what XENMEM_memory_map returns; Xen's asm/e820.h, not public). */
struct __attribute__((packed)) e820entry {
    uint64_t addr;
    uint64_t size;
    uint32_t type;
};

struct arch_domain {
    spinlock_t p2m_lock;
    struct p2m_domain p2m;
    /* memory_op's read-modify-write of the p2m, one at a time (taken
     * before p2m_lock). */
    spinlock_t physmap_lock;
    /* The memory map its builder gave it (XENMEM_memory_map). */
    struct e820entry *e820;
    unsigned int nr_e820;
    /* The I/O permission bitmap all vCPUs share (3 pages: every port). */
    void *iopm;
    paddr_t iopm_pa;
    /* The MSR permission bitmap (2 pages) likewise. */
    void *msrpm;
    paddr_t msrpm_pa;
    uint64_t hypercall_msr;             /* last value written to it */
    /* HVM_PARAM_* (public/hvm/params.h) as set and read by HVMOP_*_param;
     * public/hvm/params.h drags in public/trace.h, whose TRC_* names are
     * ours too, so the count is checked in hvm_op.c instead. */
#define ARCH_HVM_NR_PARAMS 39
    uint64_t hvm_params[ARCH_HVM_NR_PARAMS];
    /* HVM_PARAM_CALLBACK_IRQ of type vector: the upcall is this vector,
     * delivered while evtchn_upcall_pending is set (0: none). */
    uint8_t callback_via_vector;
};

int arch_domain_create(struct domain *d);
/* Keeps a copy of the domain's memory map: 0 or -XEN_ENOMEM. */
int arch_set_memory_map(struct domain *d, const struct e820entry *map, unsigned int nr);
void arch_domain_destroy(struct domain *d);
int arch_vcpu_create(struct vcpu *v);
void arch_vcpu_destroy(struct vcpu *v);

/* Jumps to fn(v) on this CPU's stack, dropping every frame above it. */
void reset_stack_and_jump(void (*fn)(struct vcpu *), struct vcpu *v)
    __attribute__((noreturn));
void idle_loop(struct vcpu *v) __attribute__((noreturn));

#endif

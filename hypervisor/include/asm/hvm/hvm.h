/* The vendor-independent HVM layer: what SVM (and later VMX) provide
 * through hvm_funcs, and what the rest of the hypervisor asks of a vCPU. */
#ifndef ASM_HVM_HVM_H
#define ASM_HVM_HVM_H
#include <xen/types.h>
#include <asm/hvm/vcpu.h>
#include <asm/p2m.h>
#include <asm/processor.h>
#include <asm/x86_emulate.h>            /* struct segment_register */

struct vcpu;
struct domain;
struct hvm_vcpu_start;

enum x86_segment { x86_seg_es, x86_seg_cs, x86_seg_ss, x86_seg_ds, x86_seg_fs,
                   x86_seg_gs, x86_seg_tr, x86_seg_ldtr, x86_seg_gdtr, x86_seg_idtr };

/* Event types, as both vendors encode them (SVM EVENTINJ, APM vol. 2
 * 15.20; VMX interruption information); Xen's x86-defns.h names. */
#define X86_EVENTTYPE_EXT_INTR     0
#define X86_EVENTTYPE_NMI          2
#define X86_EVENTTYPE_HW_EXCEPTION 3
#define X86_EVENTTYPE_SW_INTERRUPT 4

/* An event to deliver: exception (with or without error code) or NMI. */
struct x86_event {
    uint8_t vector;
    uint8_t type;                       /* X86_EVENTTYPE_* */
    bool has_error_code;
    uint32_t error_code;
    uint64_t cr2;                       /* #PF only */
};

/* What a vendor (SVM today, VMX later) provides. Vendor-neutral code never
 * touches the vendor's control structure: general registers are in
 * v->arch.user_regs, CR0/3/4 and EFER in v->arch.hvm.guest_cr[] and
 * guest_efer (both refreshed at every exit by the vendor), everything
 * else goes through these hooks (Xen's names, asm/hvm/hvm.h). */
struct hvm_function_table {
    const char *name;
    int (*vcpu_initialise)(struct vcpu *v);
    void (*vcpu_destroy)(struct vcpu *v);
    /* The vCPU's run loop: never returns (schedule_tail of HVM vCPUs). */
    void (*do_resume)(struct vcpu *v) __attribute__((noreturn));
    void (*ctxt_switch_from)(struct vcpu *v);
    void (*ctxt_switch_to)(struct vcpu *v);
    void (*inject_event)(struct vcpu *v, const struct x86_event *e);
    void (*get_segment_register)(struct vcpu *v, enum x86_segment s,
                                 struct segment_register *reg);
    unsigned int (*get_cpl)(struct vcpu *v);
    /* Push v->arch.hvm.guest_efer to the hardware's copy. */
    void (*update_guest_efer)(struct vcpu *v);
    /* HVM_INTR_SHADOW_* (asm/hvm/irq.h). */
    unsigned int (*get_interrupt_shadow)(struct vcpu *v);
    void (*set_interrupt_shadow)(struct vcpu *v, unsigned int intr_shadow);
    /* Guest TSC = host TSC + offset. */
    void (*set_tsc_offset)(struct vcpu *v, uint64_t offset);
    uint64_t (*get_guest_pat)(struct vcpu *v);
    void (*set_guest_pat)(struct vcpu *v, uint64_t gpat);
    /* Register state the domain builder sets: PVH's 32-bit flat start. */
    void (*set_pvh_start)(struct vcpu *v, uint32_t entry, uint32_t start_info);
    /* ... and INIT-SIPI's: real mode at cs:0000. */
    void (*set_real_mode_start)(struct vcpu *v, uint16_t cs);
    /* ... and VCPUOP_initialise's (asm/hvm/vcpu_context.h), for a vCPU
     * that is not running. */
    void (*set_info_guest)(struct vcpu *v, const struct hvm_vcpu_start *s);
    void (*dump_vcpu)(struct vcpu *v);
    /* Drop the vCPU's guest translations (nested ones included) before
     * its next entry. */
    void (*flush_guest_tlbs)(struct vcpu *v);
};

extern struct hvm_function_table hvm_funcs;
extern bool hvm_enabled;

void start_svm(void);                   /* every CPU: detect and enable */
int hvm_domain_initialise(struct domain *d);
void hvm_domain_destroy(struct domain *d);

void hvm_inject_hw_exception(struct vcpu *v, unsigned int vector, int errcode);
#define X86_EVENT_NO_EC (-1)

#define hvm_long_mode_active(v) (!!((v)->arch.hvm.guest_efer & EFER_LMA))

/* Xen's hvm_guest_x86_mode: 0 real, 1 virtual-8086, 2 16-bit, 4 32-bit,
 * 8 64-bit (APM vol. 2, 1.2 and 4.8.1: long mode and CS.L). */
int hvm_guest_x86_mode(struct vcpu *v);

/* The instruction completed: RIP steps over len bytes (wrapping at 4 GiB
 * outside 64-bit mode) and the STI/MOV SS shadow ends. */
void hvm_advance_rip(struct vcpu *v, unsigned int len);

/* TSC as the guest reads it / sets it (WRMSR to the TSC). */
uint64_t hvm_get_guest_tsc(struct vcpu *v);
void hvm_set_guest_tsc(struct vcpu *v, uint64_t guest_tsc);

/* Guest paging state and memory access through its page tables and p2m. */
enum hvm_translation_result { HVMTRANS_okay, HVMTRANS_bad_linear_to_gfn,
                              HVMTRANS_bad_gfn_to_mfn };
/* Copies between guest virtual memory (as the vCPU sees it now) and buf;
 * on a guest page fault *pfec is the error code to inject. */
enum hvm_translation_result hvm_copy_from_guest_linear(struct vcpu *v, void *buf,
        uint64_t va, size_t len, uint32_t pfec, uint32_t *pfec_out, uint64_t *fault_va);
enum hvm_translation_result hvm_copy_to_guest_linear(struct vcpu *v, uint64_t va,
        const void *buf, size_t len, uint32_t pfec, uint32_t *pfec_out, uint64_t *fault_va);
enum hvm_translation_result hvm_copy_to_guest_phys(struct domain *d, uint64_t gpa,
                                                    const void *buf, size_t len);
/* The bytes at the guest's CS:RIP (up to len); returns how many could be
 * read (the instruction may end just before an unmapped page). */
unsigned int hvm_fetch_insn(struct vcpu *v, uint8_t *buf, unsigned int len);

/* arch/x86/mm/p2m.c: change a p2m entry of a domain that may be running,
 * with the TLB shootdown that needs. */
int p2m_set_entry_flush(struct domain *d, unsigned long gfn, unsigned long mfn,
                        unsigned int order, p2m_type_t t);
void p2m_flush_guest_tlbs(struct domain *d);
/* The mfn and type of gfn, under the p2m lock (INVALID_MFN, p2m_invalid: none). */
unsigned long p2m_lookup(struct domain *d, unsigned long gfn, p2m_type_t *t);

/* CPUID and MSR policy of HVM guests (arch/x86/hvm/cpuid.c, msr.c). */
void guest_cpuid(struct vcpu *v, uint32_t leaf, uint32_t subleaf, uint32_t res[4]);
/* 0, or -1 to inject #GP. */
int guest_rdmsr(struct vcpu *v, uint32_t msr, uint64_t *val);
int guest_wrmsr(struct vcpu *v, uint32_t msr, uint64_t val);

/* Hypercalls from an HVM vCPU; returns true if RIP should advance. */
bool hvm_hypercall(struct vcpu *v);
/* Port I/O nobody claims: Xen's PVH semantics. Returns true when handled. */
bool hvm_portio(struct vcpu *v, uint16_t port, unsigned int size, bool in, uint32_t *val);

/* An access to a guest-physical address no RAM backs: the vLAPIC's page,
 * or unclaimed (reads all-ones, writes dropped, as Xen does without an
 * ioreq server). false: not a load/store we emulate (the caller crashes
 * the domain). */
bool hvm_emulate_mmio(struct vcpu *v, uint64_t gpa);

/* A name for a VM exit counter index (struct domain's exit_count[]). */
const char *hvm_exit_reason_name(unsigned int counter);
unsigned int hvm_exit_counter(uint64_t exitcode);

#endif

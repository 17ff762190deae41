/* A minimal SVM host for the conformance tests: the VMCB (AMD APM vol. 2,
 * appendix B), one guest sharing the host's identity map, GDT and code, and
 * helpers to run it. The guest takes its events through its own IDT
 * (guest_idt.S), whose stubs record what the CPU pushed. */
#ifndef SVMCONF_SVM_H
#define SVMCONF_SVM_H

#include "test.h"

/* Intercept vector 3 (offset 0x00c) and 4 (0x010), APM table B-1. */
#define INTERCEPT_INTR      (1u << 0)
#define INTERCEPT_NMI       (1u << 1)
#define INTERCEPT_VINTR     (1u << 4)
#define INTERCEPT_CPUID     (1u << 18)
#define INTERCEPT_HLT       (1u << 24)
#define INTERCEPT_IOIO_PROT (1u << 27)
#define INTERCEPT_MSR_PROT  (1u << 28)
#define INTERCEPT_SHUTDOWN  (1u << 31)
#define INTERCEPT_VMRUN     (1u << 0)
#define INTERCEPT_VMMCALL   (1u << 1)

/* Exit codes, APM table C-1. */
#define VMEXIT_EXCEPTION(v) (0x40u + (v))
#define VMEXIT_INTR         0x060
#define VMEXIT_NMI          0x061
#define VMEXIT_VINTR        0x064
#define VMEXIT_CPUID        0x072
#define VMEXIT_HLT          0x078
#define VMEXIT_IOIO         0x07b
#define VMEXIT_MSR          0x07c
#define VMEXIT_SHUTDOWN     0x07f
#define VMEXIT_VMMCALL      0x081
#define VMEXIT_NPF          0x400
#define VMEXIT_INVALID      ((uint64_t)-1)

/* EVENTINJ / EXITINTINFO (APM 15.20). */
#define EVT_TYPE_INTR       0u
#define EVT_TYPE_NMI        2u
#define EVT_TYPE_EXCEPTION  3u
#define EVT_TYPE_SWINT      4u
#define EVT_V               (1u << 31)
#define EVT_EV              (1u << 11)
#define EVT(type, vec)      (EVT_V | ((type) << 8) | (vec))
#define EVT_VEC(e)          ((unsigned int)((e) & 0xff))
#define EVT_TYPE(e)         ((unsigned int)(((e) >> 8) & 7))

/* V_INTR control (offset 0x060, APM 15.21.1). */
#define V_IRQ               (1ull << 8)
#define V_GIF               (1ull << 9)
#define V_INTR_PRIO(p)      ((uint64_t)(p) << 16)
#define V_IGN_TPR           (1ull << 20)
#define V_INTR_MASKING      (1ull << 24)
#define V_GIF_ENABLE        (1ull << 25)
#define V_INTR_VECTOR(v)    ((uint64_t)(v) << 32)

#define INT_SHADOW          (1ull << 0)

/* #NPF EXITINFO1 (APM 15.25.6): a #PF error code plus where it faulted. */
#define NPF_P               (1ull << 0)
#define NPF_RW              (1ull << 1)
#define NPF_US              (1ull << 2)
#define NPF_ID              (1ull << 4)
#define NPF_GPA             (1ull << 32)  /* the final guest-physical access */
#define NPF_GPT             (1ull << 33)  /* a guest page-table access */

#define MSR_EFER            0xc0000080u
#define EFER_SVME           (1ull << 12)
#define MSR_VM_HSAVE_PA     0xc0010117u
#define MSR_VM_CR           0xc0010114u
#define X86_EFLAGS_TF       (1u << 8)

struct vmcb_seg {
    uint16_t sel, attr;
    uint32_t limit;
    uint64_t base;
};

struct vmcb {
    uint32_t cr_intercepts, dr_intercepts, exception_intercepts;
    uint32_t intercepts3, intercepts4, intercepts5;     /* 0x00c-0x017 */
    uint8_t  res0[0x040 - 0x018];
    uint64_t iopm_base_pa, msrpm_base_pa, tsc_offset;   /* 0x040 */
    uint32_t asid;                                      /* 0x058 */
    uint8_t  tlb_control, res1[3];
    uint64_t vintr, int_state, exitcode, exitinfo1, exitinfo2;
    uint64_t exitintinfo;                               /* 0x088 */
    uint64_t np_enable, avic_bar, ghcb_pa, eventinj;    /* 0x090-0x0af */
    uint64_t n_cr3, virt_ext;                           /* 0x0b0 */
    uint32_t clean, res2;
    uint64_t nrip;                                      /* 0x0c8 */
    uint8_t  res3[0x400 - 0x0d0];
    struct vmcb_seg es, cs, ss, ds, fs, gs, gdtr, ldtr, idtr, tr;
    uint8_t  res4[0x4cb - 0x4a0];
    uint8_t  cpl;                                       /* 0x4cb */
    uint32_t res5;
    uint64_t efer;                                      /* 0x4d0 */
    uint8_t  res6[0x548 - 0x4d8];
    uint64_t cr4, cr3, cr0, dr7, dr6, rflags, rip;      /* 0x548 */
    uint8_t  res7[0x5d8 - 0x580];
    uint64_t rsp;                                       /* 0x5d8 */
    uint8_t  res8[0x5f8 - 0x5e0];
    uint64_t rax;                                       /* 0x5f8 */
    uint64_t star, lstar, cstar, sfmask, kerngsbase;    /* 0x600 */
    uint64_t sysenter_cs, sysenter_esp, sysenter_eip;
    uint64_t cr2;                                       /* 0x640 */
    uint8_t  res9[0x668 - 0x648];
    uint64_t g_pat;                                     /* 0x668 */
    uint8_t  res10[0x1000 - 0x670];
};
_Static_assert(__builtin_offsetof(struct vmcb, iopm_base_pa) == 0x040, "vmcb");
_Static_assert(__builtin_offsetof(struct vmcb, asid) == 0x058, "vmcb");
_Static_assert(__builtin_offsetof(struct vmcb, vintr) == 0x060, "vmcb");
_Static_assert(__builtin_offsetof(struct vmcb, exitintinfo) == 0x088, "vmcb");
_Static_assert(__builtin_offsetof(struct vmcb, eventinj) == 0x0a8, "vmcb");
_Static_assert(__builtin_offsetof(struct vmcb, n_cr3) == 0x0b0, "vmcb");
_Static_assert(__builtin_offsetof(struct vmcb, tr) == 0x490, "vmcb");
_Static_assert(__builtin_offsetof(struct vmcb, efer) == 0x4d0, "vmcb");
_Static_assert(__builtin_offsetof(struct vmcb, cr4) == 0x548, "vmcb");
_Static_assert(__builtin_offsetof(struct vmcb, rsp) == 0x5d8, "vmcb");
_Static_assert(__builtin_offsetof(struct vmcb, rax) == 0x5f8, "vmcb");
_Static_assert(__builtin_offsetof(struct vmcb, cr2) == 0x640, "vmcb");
_Static_assert(__builtin_offsetof(struct vmcb, g_pat) == 0x668, "vmcb");
_Static_assert(sizeof(struct vmcb) == 0x1000, "one page");

/* The one guest: its VMCB, stack and I/O and MSR permission maps. */
extern struct vmcb vmcb;
extern uint8_t iopm[3 * 4096], msrpm[2 * 4096];
extern uint8_t guest_stack[4 * 4096];
#define GUEST_STACK_TOP ((uint64_t)(uintptr_t)(guest_stack + sizeof(guest_stack)))

/* CPUID 0x8000000a (APM 15.4): EDX feature bits, EBX the ASID count. */
#define SVM_FEAT_NPT        (1u << 0)
#define SVM_FEAT_NRIPS      (1u << 3)
#define SVM_FEAT_VGIF       (1u << 16)
extern uint32_t svm_features, svm_nasid;

/* EFER.SVME and VM_HSAVE_PA (APM 15.4, 15.30.4); false if SVM is absent
 * or disabled (VM_CR.SVMDIS). */
bool svm_enable(void);
/* A fresh VMCB: 64-bit guest at CPL 0 entering fn(void) on guest_stack
 * (returning into a VMMCALL), the host's control registers, EFER, GDT, and
 * the guest IDT; intercepts VMRUN, VMMCALL, SHUTDOWN, INTR and NMI; ASID 1. */
void vmcb_init(void (*fn)(void));
/* VMRUN with GIF cleared around it (CLGI; VMRUN; STGI), returning
 * EXITCODE. Host GPRs survive; the guest's (but RAX, RSP) are the host's. */
uint64_t svm_run(void);
/* VMRUN then STGI (vmrun.S): _raw as it is, _sti after CLGI; STI (the
 * host's STI shadow covers VMRUN), _tf after CLGI with the host's RFLAGS.TF
 * set (its #DB trap belongs at svm_vmrun_tf_after). */
void svm_vmrun_raw(uint64_t vmcb_pa);
void svm_vmrun_sti(uint64_t vmcb_pa);
void svm_vmrun_tf(uint64_t vmcb_pa);
extern const uint8_t svm_vmrun_tf_after[];
/* Skip the guest's current instruction (no NRIP save under TCG). */
static inline void guest_skip(unsigned int len) { vmcb.rip += len; }
const char *exit_name(uint64_t code);
/* True if the last exit was `want`; else a failure naming `what`, the exit
 * and, for an event stub's exit, the event. */
bool check_exit(uint64_t want, const char *what);
/* Runs the guest and checks that it got to its end (guest_exit_vmmcall). */
bool run_to_end(const char *what);
/* A refused VMRUN, judged by the low 32 bits of EXITCODE only: QEMU 7.2
 * writes VMEXIT_INVALID as 0x00000000ffffffff (test vmrun-invalid-code). */
static inline bool exit_refused(void) { return (uint32_t)vmcb.exitcode == 0xffffffffu; }

/* The guest IDT (guest_idt.S): every vector records into guest_event,
 * counts in guest_event_count[], then exits with VMMCALL from
 * guest_event_vmmcall when guest_event_exit is set (the host may resume it:
 * IRETQ follows, right only for a frame with no error code), else IRETQs. */
struct guest_event {
    uint64_t vector, rsp;
    uint64_t frame[6];          /* what the CPU pushed, from the top */
};
extern volatile struct guest_event guest_event;
extern volatile uint32_t guest_event_count[256];
extern volatile uint8_t guest_event_exit;
extern const uint8_t guest_event_vmmcall[];
extern uint8_t guest_idt[], guest_idt_end[];
extern const uint64_t guest_stubs[256];
extern const uint8_t guest_exit_vmmcall[];   /* where a guest fn returns */
void guest_idt_init(void);
/* True if the exit was the VMMCALL of an event stub. */
bool exit_is_event(void);

/* Nested paging (npt.c): an identity map of 0-4 GiB in 2 MiB pages, user
 * and writable (APM 15.25.5: the nested walk is a user access). */
extern uint64_t npt_l4[512];
void npt_init(void);
/* The nested PTE (2 MiB) or, after npt_split(), the 4 KiB one for gpa. */
uint64_t *npt_pte(uint64_t gpa);
void npt_split(uint64_t gpa);
#define NPT_P   1ull
#define NPT_RW  2ull
#define NPT_US  4ull
#define NPT_PS  (1ull << 7)

#define barrier() asm volatile ( "" ::: "memory" )

/* Timing for waits: host TSC ticks. */
void spin_tsc(uint64_t ticks);

#endif

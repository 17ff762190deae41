/* The Virtual Machine Control Block: AMD APM vol. 2, appendix B (layout),
 * 15.5-15.21 (semantics). A hardware structure, not Xen's ABI: defined here
 * with every offset asserted. */
#ifndef ASM_HVM_SVM_VMCB_H
#define ASM_HVM_SVM_VMCB_H
#include <xen/types.h>
#include <asm/x86_emulate.h>      /* struct segment_register */

/* CR intercepts (offset 0x00), APM table B-1: reads 0-15, writes 16-31. */
#define CR_INTERCEPT_CR8_WRITE           (1u << 24)
/* Intercept word 3 (offset 0x0c), APM table B-1. */
#define GENERAL1_INTERCEPT_INTR          (1u << 0)
#define GENERAL1_INTERCEPT_NMI           (1u << 1)
#define GENERAL1_INTERCEPT_SMI           (1u << 2)
#define GENERAL1_INTERCEPT_INIT          (1u << 3)
#define GENERAL1_INTERCEPT_VINTR         (1u << 4)
#define GENERAL1_INTERCEPT_RDPMC         (1u << 15)
#define GENERAL1_INTERCEPT_CPUID         (1u << 18)
#define GENERAL1_INTERCEPT_RSM           (1u << 19)
#define GENERAL1_INTERCEPT_IRET          (1u << 20)
#define GENERAL1_INTERCEPT_INVD          (1u << 22)
#define GENERAL1_INTERCEPT_HLT           (1u << 24)
#define GENERAL1_INTERCEPT_INVLPGA       (1u << 26)
#define GENERAL1_INTERCEPT_IOIO_PROT     (1u << 27)
#define GENERAL1_INTERCEPT_MSR_PROT      (1u << 28)
#define GENERAL1_INTERCEPT_TASK_SWITCH   (1u << 29)
#define GENERAL1_INTERCEPT_SHUTDOWN_EVT  (1u << 31)
/* Intercept word 4 (offset 0x10). */
#define GENERAL2_INTERCEPT_VMRUN         (1u << 0)
#define GENERAL2_INTERCEPT_VMMCALL       (1u << 1)
#define GENERAL2_INTERCEPT_VMLOAD        (1u << 2)
#define GENERAL2_INTERCEPT_VMSAVE        (1u << 3)
#define GENERAL2_INTERCEPT_STGI          (1u << 4)
#define GENERAL2_INTERCEPT_CLGI          (1u << 5)
#define GENERAL2_INTERCEPT_SKINIT        (1u << 6)
#define GENERAL2_INTERCEPT_ICEBP         (1u << 8)
#define GENERAL2_INTERCEPT_WBINVD        (1u << 9)
#define GENERAL2_INTERCEPT_MONITOR       (1u << 10)
#define GENERAL2_INTERCEPT_MWAIT         (1u << 11)
#define GENERAL2_INTERCEPT_XSETBV        (1u << 13)

/* Exit codes, APM table C-1 (Xen's VMEXIT_* names). */
enum vmexit_exitcode {
    VMEXIT_CR0_READ = 0x000, VMEXIT_CR0_WRITE = 0x010, VMEXIT_CR8_WRITE = 0x018,
    VMEXIT_EXCEPTION_DE = 0x040, VMEXIT_EXCEPTION_DB = 0x041,
    VMEXIT_EXCEPTION_BP = 0x043, VMEXIT_EXCEPTION_UD = 0x046,
    VMEXIT_EXCEPTION_GP = 0x04d, VMEXIT_EXCEPTION_PF = 0x04e,
    VMEXIT_EXCEPTION_MC = 0x052,
    VMEXIT_INTR = 0x060, VMEXIT_NMI = 0x061, VMEXIT_SMI = 0x062,
    VMEXIT_INIT = 0x063, VMEXIT_VINTR = 0x064, VMEXIT_CR0_SEL_WRITE = 0x065,
    VMEXIT_RDTSC = 0x06e, VMEXIT_RDPMC = 0x06f, VMEXIT_PUSHF = 0x070,
    VMEXIT_POPF = 0x071, VMEXIT_CPUID = 0x072, VMEXIT_RSM = 0x073,
    VMEXIT_IRET = 0x074, VMEXIT_SWINT = 0x075, VMEXIT_INVD = 0x076,
    VMEXIT_PAUSE = 0x077, VMEXIT_HLT = 0x078, VMEXIT_INVLPG = 0x079,
    VMEXIT_INVLPGA = 0x07a, VMEXIT_IOIO = 0x07b, VMEXIT_MSR = 0x07c,
    VMEXIT_TASK_SWITCH = 0x07d, VMEXIT_FERR_FREEZE = 0x07e,
    VMEXIT_SHUTDOWN = 0x07f, VMEXIT_VMRUN = 0x080, VMEXIT_VMMCALL = 0x081,
    VMEXIT_VMLOAD = 0x082, VMEXIT_VMSAVE = 0x083, VMEXIT_STGI = 0x084,
    VMEXIT_CLGI = 0x085, VMEXIT_SKINIT = 0x086, VMEXIT_RDTSCP = 0x087,
    VMEXIT_ICEBP = 0x088, VMEXIT_WBINVD = 0x089, VMEXIT_MONITOR = 0x08a,
    VMEXIT_MWAIT = 0x08b, VMEXIT_MWAIT_CONDITIONAL = 0x08c,
    VMEXIT_XSETBV = 0x08d, VMEXIT_RDPRU = 0x08e,
    VMEXIT_NPF = 0x400, VMEXIT_AVIC_INCOMPLETE_IPI = 0x401,
    VMEXIT_AVIC_NOACCEL = 0x402, VMEXIT_VMGEXIT = 0x403,
    VMEXIT_INVALID = -1,
};

/* EVENTINJ and EXITINTINFO (APM 15.20). */
#define EVENTTYPE_INTR      0
#define EVENTTYPE_NMI       2
#define EVENTTYPE_EXCEPTION 3
#define EVENTTYPE_SWINT     4
#define EVTINJ_VECTOR(e)    ((unsigned int)((e) & 0xff))
#define EVTINJ_TYPE(e)      ((unsigned int)(((e) >> 8) & 7))
#define EVTINJ_EV           (1ull << 11)     /* error code valid */
#define EVTINJ_V            (1ull << 31)     /* valid */
#define EVTINJ_ERRCODE(e)   ((uint32_t)((e) >> 32))

/* VINTR (offset 0x60), APM 15.21. */
#define VINTR_V_TPR_MASK       0xffull
#define VINTR_V_IRQ            (1ull << 8)
#define VINTR_V_INTR_PRIO(p)   ((uint64_t)((p) & 0xf) << 16)
#define VINTR_V_IGN_TPR        (1ull << 20)
#define VINTR_V_INTR_MASKING   (1ull << 24)
#define VINTR_V_INTR_VECTOR(v) ((uint64_t)((v) & 0xff) << 32)

/* Interrupt state (offset 0x68), APM 15.21.5: the guest is in an STI or
 * MOV SS shadow; written back by #VMEXIT, honoured by VMRUN. */
#define INT_STAT_INTR_SHADOW   (1ull << 0)

#define NP_ENABLE              (1ull << 0)
#define TLB_CTRL_NO_FLUSH      0
#define TLB_CTRL_FLUSH_ALL     1


struct vmcb_struct {
    /* Control area, 0x000-0x3ff. */
    uint32_t cr_intercepts;             /* 0x000: reads 0-15, writes 16-31 */
    uint32_t dr_intercepts;             /* 0x004 */
    uint32_t exception_intercepts;      /* 0x008 */
    uint32_t general1_intercepts;       /* 0x00c */
    uint32_t general2_intercepts;       /* 0x010 */
    uint32_t general3_intercepts;       /* 0x014 */
    uint8_t  res01[0x03c - 0x018];
    uint16_t pause_filter_thresh;       /* 0x03c */
    uint16_t pause_filter_count;        /* 0x03e */
    uint64_t iopm_base_pa;              /* 0x040 */
    uint64_t msrpm_base_pa;             /* 0x048 */
    uint64_t tsc_offset;                /* 0x050 */
    uint32_t guest_asid;                /* 0x058 */
    uint8_t  tlb_control;               /* 0x05c */
    uint8_t  res02[3];
    uint64_t vintr;                     /* 0x060 */
    uint64_t int_stat;                  /* 0x068: INT_STAT_* */
    uint64_t exitcode;                  /* 0x070 */
    uint64_t exitinfo1;                 /* 0x078 */
    uint64_t exitinfo2;                 /* 0x080 */
    uint64_t exitintinfo;               /* 0x088 */
    uint64_t np_ctrl;                   /* 0x090: NP_ENABLE */
    uint64_t avic_apic_bar;             /* 0x098 */
    uint64_t ghcb_pa;                   /* 0x0a0 */
    uint64_t eventinj;                  /* 0x0a8 */
    uint64_t n_cr3;                     /* 0x0b0 */
    uint64_t virt_ext;                  /* 0x0b8 */
    uint32_t clean_bits;                /* 0x0c0 */
    uint32_t res03;
    uint64_t nextrip;                   /* 0x0c8 */
    uint8_t  guest_ins_len;             /* 0x0d0 */
    uint8_t  guest_ins[15];
    uint8_t  res04[0x400 - 0x0e0];
    /* State save area, 0x400-. */
    struct segment_register es, cs, ss, ds, fs, gs;   /* 0x400-0x45f */
    struct segment_register gdtr, ldtr, idtr, tr;     /* 0x460-0x49f */
    uint8_t  res05[0x4cb - 0x4a0];
    uint8_t  cpl;                       /* 0x4cb */
    uint32_t res06;
    uint64_t efer;                      /* 0x4d0 */
    uint8_t  res07[0x548 - 0x4d8];
    uint64_t cr4, cr3, cr0, dr7, dr6, rflags, rip;    /* 0x548-0x57f */
    uint8_t  res08[0x5d8 - 0x580];
    uint64_t rsp;                       /* 0x5d8 */
    uint64_t s_cet, ssp, isst_addr;     /* 0x5e0 */
    uint64_t rax;                       /* 0x5f8 */
    uint64_t star, lstar, cstar, sfmask, kerngsbase;  /* 0x600 */
    uint64_t sysenter_cs, sysenter_esp, sysenter_eip; /* 0x628 */
    uint64_t cr2;                       /* 0x640 */
    uint8_t  res09[0x668 - 0x648];
    uint64_t g_pat;                     /* 0x668 */
    uint64_t debugctlmsr;               /* 0x670 */
    uint64_t lastbranchfromip, lastbranchtoip;
    uint64_t lastintfromip, lastinttoip;
    uint8_t  res10[0x1000 - 0x698];
};

_Static_assert(__builtin_offsetof(struct vmcb_struct, iopm_base_pa) == 0x040, "vmcb");
_Static_assert(__builtin_offsetof(struct vmcb_struct, vintr) == 0x060, "vmcb");
_Static_assert(__builtin_offsetof(struct vmcb_struct, eventinj) == 0x0a8, "vmcb");
_Static_assert(__builtin_offsetof(struct vmcb_struct, guest_ins_len) == 0x0d0, "vmcb");
_Static_assert(__builtin_offsetof(struct vmcb_struct, es) == 0x400, "vmcb");
_Static_assert(__builtin_offsetof(struct vmcb_struct, tr) == 0x490, "vmcb");
_Static_assert(__builtin_offsetof(struct vmcb_struct, cpl) == 0x4cb, "vmcb");
_Static_assert(__builtin_offsetof(struct vmcb_struct, efer) == 0x4d0, "vmcb");
_Static_assert(__builtin_offsetof(struct vmcb_struct, cr4) == 0x548, "vmcb");
_Static_assert(__builtin_offsetof(struct vmcb_struct, rip) == 0x578, "vmcb");
_Static_assert(__builtin_offsetof(struct vmcb_struct, rsp) == 0x5d8, "vmcb");
_Static_assert(__builtin_offsetof(struct vmcb_struct, rax) == 0x5f8, "vmcb");
_Static_assert(__builtin_offsetof(struct vmcb_struct, star) == 0x600, "vmcb");
_Static_assert(__builtin_offsetof(struct vmcb_struct, cr2) == 0x640, "vmcb");
_Static_assert(__builtin_offsetof(struct vmcb_struct, g_pat) == 0x668, "vmcb");
_Static_assert(sizeof(struct vmcb_struct) == 0x1000, "vmcb is one page");

#endif

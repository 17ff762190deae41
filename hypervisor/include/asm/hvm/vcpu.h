/* What every HVM vCPU has, whatever the vendor: its general-purpose
 * registers while it is not running, and the vendor part (svm). */
#ifndef ASM_HVM_VCPU_H
#define ASM_HVM_VCPU_H
#include <xen/types.h>
#include <asm/hvm/vlapic.h>

/* RAX, RSP and RIP live in the VMCB; the rest are saved here on #VMEXIT
 * (arch/x86/hvm/svm/entry.S uses the HVM_GPR_* offsets). */
struct hvm_gprs {
    uint64_t rax, rbx, rcx, rdx, rsi, rdi, rbp;
    uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
};
#define HVM_GPR_rbx 8
#define HVM_GPR_rcx 16
#define HVM_GPR_rdx 24
#define HVM_GPR_rsi 32
#define HVM_GPR_rdi 40
#define HVM_GPR_rbp 48
#define HVM_GPR_r8  56

struct vmcb_struct;

struct svm_vcpu {
    struct vmcb_struct *vmcb;
    paddr_t vmcb_pa;
    /* ASID of this vCPU on the pCPU it last ran on (asid.c). */
    uint32_t asid;
    uint64_t asid_generation;
    int asid_cpu;
    uint64_t guest_efer;                /* as the guest sees it: no SVME */
    /* V_IRQ holds only the dummy that arms an interrupt window (svm/intr.c). */
    bool vintr_dummy;
};

struct hvm_vcpu {
    struct hvm_gprs gprs;
    struct svm_vcpu svm;
    struct vlapic vlapic;
    /* An NMI waits for injection (asm/hvm/irq.h; Xen's v->arch.nmi_pending). */
    bool nmi_pending;
    /* HVMOP_set_evtchn_upcall_vector: the upcall through the local APIC. */
    uint8_t evtchn_upcall_vector;
    /* The callback vector sits in V_IRQ (svm/intr.c). */
    bool injecting_callback;
    bool flag_dr_dirty;
    /* FXSAVE image of the guest's FPU/SSE state while it is switched out. */
    uint8_t fpu_ctxt[512] __attribute__((aligned(16)));
    bool fpu_initialised;
    /* The guest's console line so far (guest_console_putc()). */
    char dbg_buf[160];
    unsigned int dbg_len;
};

#endif

/* What every HVM vCPU has, whatever the vendor: its control registers
 * and EFER as the guest sees them, and the vendor part (svm). Its general
 * registers are v->arch.user_regs (asm/domain.h). */
#ifndef ASM_HVM_VCPU_H
#define ASM_HVM_VCPU_H
#include <xen/types.h>
#include <asm/spinlock.h>
#include <asm/hvm/vlapic.h>

struct vmcb_struct;

struct svm_vcpu {
    struct vmcb_struct *vmcb;
    paddr_t vmcb_pa;
    /* ASID of this vCPU on the pCPU it last ran on (asid.c). */
    uint32_t asid;
    uint64_t asid_generation;
    int asid_cpu;
    /* V_IRQ holds only the dummy that arms an interrupt window (svm/intr.c). */
    bool vintr_dummy;
    /* The NMI handler's IRET, intercepted but not yet retired: its address
     * (svm/intr.c keeps NMIs out while the guest is still there). */
    bool nmi_iret_pending;
    uint64_t nmi_iret_rip;
};

struct hvm_vcpu {
    /* Xen's guest_cr[] and guest_efer: what the guest last wrote (CR0/3/4,
     * EFER without SVME), refreshed at every VM exit; hvm code changes
     * EFER through hvm_funcs.update_guest_efer. */
    unsigned long guest_cr[5];
    uint64_t guest_efer;
    /* The TSC offset given to the vendor (hvm_funcs.set_tsc_offset). */
    uint64_t cache_tsc_offset;
    struct svm_vcpu svm;
    struct vlapic vlapic;
    /* An NMI waits for injection (asm/hvm/irq.h; Xen's v->arch.nmi_pending). */
    bool nmi_pending;
    /* INIT-SIPI (hvm/init_sipi.c): asked by other vCPUs, done by this one. */
    spinlock_t init_sipi_lock;
    bool init_pending, sipi_pending;
    uint16_t sipi_cs;
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

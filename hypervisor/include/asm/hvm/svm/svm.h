/* AMD SVM: MSRs, CPUID bits and the functions shared by arch/x86/hvm/svm/. */
#ifndef ASM_HVM_SVM_SVM_H
#define ASM_HVM_SVM_SVM_H
#include <xen/types.h>
#include <asm/processor.h>
#include <asm/hvm/svm/vmcb.h>

struct vcpu;
struct cpu_user_regs;
struct vmcb_struct;

#define MSR_VM_CR           0xc0010114      /* APM 15.30.1 */
#define  VM_CR_SVM_DISABLE  (1u << 4)
#define CPUID_80000001_ECX_SVM (1u << 2)
#define CPUID_8000000A_EDX_NPT (1u << 0)
#define CPUID_8000000A_EDX_NRIPS (1u << 3)
#define CPUID_8000000A_EDX_VGIF (1u << 16)

extern bool svm_nrips;

/* 64-bit mode: long mode active and a 64-bit code segment (APM 4.8.1);
 * outside it, addresses and RIP are 32 bits wide. */
static inline bool vmcb_in_64bit_mode(const struct vmcb_struct *vmcb)
{
    return (vmcb->efer & EFER_LMA) && (vmcb->cs.attr & SEG_ATTR_L);
}                  /* the CPU fills nextrip */

void svm_asm_vmrun(struct cpu_user_regs *regs, uint64_t vmcb_pa, uint64_t host_vmcb_pa);
static inline void svm_clgi(void) { asm volatile("clgi" ::: "memory"); }
static inline void svm_stgi(void) { asm volatile("stgi" ::: "memory"); }

/* asid.c */
void svm_asid_init(uint32_t nr_asids);
void svm_asid_handle_vmrun(struct vcpu *v);
void svm_asid_flush_vcpu(struct vcpu *v);

/* vmcb.c */
int svm_create_vmcb(struct vcpu *v);
void svm_destroy_vmcb(struct vcpu *v);
/* The VMCB, with RAX/RSP/RIP/RFLAGS from v->arch.user_regs (their home). */
void svm_vmcb_dump(const char *from, const struct vcpu *v);

/* emulate.c: length of the instruction at the guest's RIP, checked to be
 * one of the expected opcodes; 0 (and the domain crashed) otherwise. */
enum instruction_index { INSTR_CPUID, INSTR_RDMSR, INSTR_WRMSR, INSTR_HLT,
                         INSTR_VMMCALL, INSTR_VMCALL, INSTR_INVLPGA, INSTR_VMRUN,
                         INSTR_VMLOAD, INSTR_VMSAVE, INSTR_STGI, INSTR_CLGI,
                         INSTR_SKINIT, INSTR_MONITOR, INSTR_MWAIT, INSTR_XSETBV,
                         INSTR_WBINVD, INSTR_INVD, INSTR_RDTSCP, INSTR_ICEBP,
                         INSTR_PAUSE, INSTR_MAX };
unsigned int svm_get_insn_len(struct vcpu *v, enum instruction_index insn);

void svm_vmexit_handler(struct vcpu *v);

/* cr8.c: CR8 writes intercepted into the local APIC's TPR; V_TPR follows
 * the TPR before each VMRUN. */
void svm_vmexit_do_cr8_write(struct vcpu *v);
void svm_sync_vtpr(struct vcpu *v);

/* intr.c: events into the guest before VMRUN, and what exits tell of them. */
void svm_intr_assist(struct vcpu *v);
void svm_intr_ack(struct vcpu *v);          /* every exit: was V_IRQ taken? */
void svm_reinject(struct vcpu *v, uint64_t exitintinfo);
void svm_intr_window_close(struct vcpu *v); /* the VINTR exit */
unsigned int svm_get_interrupt_shadow(struct vcpu *v);  /* HVM_INTR_SHADOW_* */
void svm_set_interrupt_shadow(struct vcpu *v, unsigned int intr_shadow);
const char *vmexit_name(unsigned int exitcode);   /* also hvm_exit_reason_name */

#endif

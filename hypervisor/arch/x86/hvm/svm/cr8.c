/* CR8, the guest's task priority (AMD APM vol. 2, 15.21.4; Intel SDM vol.
 * 3, 11.8.6: CR8[3:0] is TPR[7:4]).
 *
 * With V_INTR_MASKING, a MOV to CR8 writes V_TPR. QEMU 7.2 then raises
 * its virtual-interrupt request without the lock that call asserts, and
 * aborts the whole machine when a V_IRQ is pending ("The lock",
 * docs/qemu-tcg-svm.md). So, unlike Xen 4.17 (which intercepts neither
 * CR8 read nor write and copies V_TPR into its vLAPIC's TPR at every
 * exit), CR8 writes are intercepted here and go to the emulated local
 * APIC's TPR, where interrupt delivery looks (hvm/vlapic.c). Reads are
 * not intercepted: V_TPR is kept equal to TPR[7:4] before every VMRUN,
 * and a MOV from CR8 reads V_TPR. */
#include <xen/lib.h>
#include <xen/sched.h>
#include <asm/hvm/hvm.h>
#include <asm/hvm/svm/svm.h>
#include <asm/hvm/svm/vmcb.h>
#include <asm/hvm/svm/exitcode.h>
#include <asm/hvm/vlapic.h>

#define APIC_TASKPRI 0x080                  /* SDM table 11-1 */
#define TRAP_gp_fault 13

static enum x86_insn_mode vcpu_mode(struct vcpu *v)
{
    switch (hvm_guest_x86_mode(v)) {
    case 8: return X86_MODE_LONG64;
    case 4: return X86_MODE_PROT32;
    case 2: return X86_MODE_PROT16;
    default: return X86_MODE_REAL;
    }
}

/* GPR n in ModRM numbering (SDM 2.1.5, table 2-2). */
static uint64_t gpr(const struct cpu_user_regs *r, unsigned int n)
{
    const uint64_t regs[16] = { r->rax, r->rcx, r->rdx, r->rbx, r->rsp, r->rbp, r->rsi, r->rdi,
                                r->r8, r->r9, r->r10, r->r11, r->r12, r->r13, r->r14, r->r15 };

    return regs[n & 15];
}

/* VMEXIT_CR8_WRITE (no decode assists under QEMU: the source register is
 * read from the instruction). Bits 63:4 set raise #GP(0) (SDM vol. 2,
 * MOV to CR8); TPR[7:4] is written as by the APIC's TPR register. */
void svm_vmexit_do_cr8_write(struct vcpu *v)
{
    struct vmcb_struct *vmcb = v->arch.hvm.svm.vmcb;
    struct cpu_user_regs *regs = &v->arch.user_regs;
    uint8_t buf[X86_INSN_MAX_LEN];
    unsigned int n = hvm_fetch_insn(v, buf, sizeof(buf)), len;
    int reg = svm_decode_mov_to_cr8(buf, n, vcpu_mode(v), &len);
    uint64_t val;

    if (reg < 0) {
        printk(XENLOG_ERR "d%uv%d: no MOV to CR8 at %#llx for the CR8 write exit "
               "(%u bytes fetched)\n", v->domain->domain_id, v->vcpu_id,
               (unsigned long long)regs->rip, n);
        svm_vmcb_dump("CR8 write", v);
        domain_crash(v->domain);
        return;
    }
    val = gpr(regs, (unsigned int)reg);
    if (!vmcb_in_64bit_mode(vmcb))
        val = (uint32_t)val;                /* 32-bit operand outside 64-bit mode */
    if (val >> 4) {
        hvm_inject_hw_exception(v, TRAP_gp_fault, 0);
        return;
    }
    /* TPR[3:0] is kept, as on Xen 4.17, whose copy of V_TPR into the TPR
     * keeps them for checked builds of Windows (the SDM clears them). */
    vlapic_write(v, APIC_TASKPRI, ((uint32_t)val << 4) | (vlapic_read(v, APIC_TASKPRI) & 0x0f));
    regs->rip += len;
    if (!vmcb_in_64bit_mode(vmcb))
        regs->rip &= 0xffffffffu;
    vmcb->int_stat &= ~INT_STAT_INTR_SHADOW;
}

/* Before VMRUN: V_TPR from the TPR, however the guest last wrote it (CR8,
 * xAPIC MMIO or the x2APIC MSR), as Xen does after each exit. */
void svm_sync_vtpr(struct vcpu *v)
{
    struct vmcb_struct *vmcb = v->arch.hvm.svm.vmcb;

    vmcb->vintr = (vmcb->vintr & ~VINTR_V_TPR_MASK) | ((vlapic_read(v, APIC_TASKPRI) & 0xff) >> 4);
}

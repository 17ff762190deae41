/* One VMCB per vCPU (AMD APM vol. 2, 15.5): what is intercepted, where the
 * permission maps and nested page tables are, and the guest's initial
 * state; plus the dump printed when a domain is crashed. */
#include <xen/lib.h>
#include <xen/sched.h>
#include <xen/mm.h>
#include <asm/io.h>
#include <asm/hvm/hvm.h>
#include <asm/hvm/svm/svm.h>
#include <asm/hvm/svm/vmcb.h>

/* Guest PAT at reset (APM 7.8.2): WB, WT, UC-, UC, repeated. */
#define PAT_RESET 0x0007040600070406ULL

int svm_create_vmcb(struct vcpu *v)
{
    struct domain *d = v->domain;
    struct vmcb_struct *vmcb = alloc_xenheap_pages(0);

    if (!vmcb)
        return -1;
    memset(vmcb, 0, PAGE_SIZE);
    v->arch.hvm.svm.vmcb = vmcb;
    v->arch.hvm.svm.vmcb_pa = virt_to_maddr(vmcb);
    v->arch.hvm.svm.asid_cpu = -1;

    /* VMRUN must be intercepted (APM 15.5.1). Nested virtualisation is not
     * offered, so the other SVM instructions raise #UD in the guest, as
     * on Xen with nestedhvm off. */
    vmcb->general1_intercepts =
        GENERAL1_INTERCEPT_INTR | GENERAL1_INTERCEPT_NMI | GENERAL1_INTERCEPT_SMI |
        GENERAL1_INTERCEPT_CPUID | GENERAL1_INTERCEPT_INVD | GENERAL1_INTERCEPT_HLT |
        GENERAL1_INTERCEPT_INVLPGA | GENERAL1_INTERCEPT_IOIO_PROT |
        GENERAL1_INTERCEPT_MSR_PROT | GENERAL1_INTERCEPT_TASK_SWITCH |
        GENERAL1_INTERCEPT_SHUTDOWN_EVT | GENERAL1_INTERCEPT_RSM;
    vmcb->general2_intercepts =
        GENERAL2_INTERCEPT_VMRUN | GENERAL2_INTERCEPT_VMMCALL |
        GENERAL2_INTERCEPT_VMLOAD | GENERAL2_INTERCEPT_VMSAVE |
        GENERAL2_INTERCEPT_STGI | GENERAL2_INTERCEPT_CLGI |
        GENERAL2_INTERCEPT_SKINIT | GENERAL2_INTERCEPT_MONITOR |
        GENERAL2_INTERCEPT_MWAIT | GENERAL2_INTERCEPT_ICEBP;
    /* CR8 writes: with V_INTR_MASKING alone they would go to V_TPR, which
     * our local APIC does not read, and make QEMU 7.2 abort when a V_IRQ
     * is pending (svm/cr8.c). */
    vmcb->cr_intercepts = CR_INTERCEPT_CR8_WRITE;
    /* #UD: VMCALL is Intel's hypercall instruction; Xen emulates it. */
    vmcb->exception_intercepts = 1u << 6;
    vmcb->iopm_base_pa = d->arch.iopm_pa;
    vmcb->msrpm_base_pa = d->arch.msrpm_pa;
    vmcb->np_ctrl = NP_ENABLE;
    vmcb->n_cr3 = d->arch.p2m.root;
    /* Virtual interrupts are masked by the guest's IF, not the host's. */
    vmcb->vintr = VINTR_V_INTR_MASKING;
    vmcb->g_pat = PAT_RESET;
    vmcb->dr6 = 0xffff0ff0;
    vmcb->dr7 = 0x400;
    vmcb->rflags = v->arch.user_regs.rflags = 0x2;
    /* VMRUN refuses EFER.SVME=0 (APM 15.5.1); the guest never sees it. */
    vmcb->efer = EFER_SVME;
    v->arch.hvm.guest_efer = 0;
    /* CD, NW, ET: the reset value. */
    vmcb->cr0 = v->arch.hvm.guest_cr[0] = 0x60000010;
    return 0;
}

void svm_destroy_vmcb(struct vcpu *v)
{
    if (v->arch.hvm.svm.vmcb)
        free_xenheap_pages(v->arch.hvm.svm.vmcb, 0);
    v->arch.hvm.svm.vmcb = NULL;
}

static void dump_seg(const char *name, const struct segment_register *s)
{
    printk("%s: sel=0x%04x, attr=0x%04x, limit=0x%08x, base=0x%016llx\n", name,
           s->sel, s->attr, s->limit, (unsigned long long)s->base);
}

void svm_vmcb_dump(const char *from, const struct vcpu *v)
{
    const struct vmcb_struct *vmcb = v->arch.hvm.svm.vmcb;
    const struct cpu_user_regs *regs = &v->arch.user_regs;

    printk("Dumping guest's current state at %s...\n", from);
    printk("Size of VMCB = %zu, paddr = %#llx, vaddr = %p\n", sizeof(*vmcb),
           (unsigned long long)virt_to_maddr(vmcb), (const void *)vmcb);
    printk("cr_intercepts = %#x dr_intercepts = %#x exception_intercepts = %#x\n",
           vmcb->cr_intercepts, vmcb->dr_intercepts, vmcb->exception_intercepts);
    printk("general1_intercepts = %#x general2_intercepts = %#x\n",
           vmcb->general1_intercepts, vmcb->general2_intercepts);
    printk("iopm_base_pa = %#llx msrpm_base_pa = %#llx tsc_offset = %#llx\n",
           (unsigned long long)vmcb->iopm_base_pa, (unsigned long long)vmcb->msrpm_base_pa,
           (unsigned long long)vmcb->tsc_offset);
    printk("tlb_control = %#x vintr = %#llx int_stat = %#llx\n", vmcb->tlb_control,
           (unsigned long long)vmcb->vintr, (unsigned long long)vmcb->int_stat);
    printk("event_inj %016llx, valid? %d, ec? %d, type %u, vector %#x\n",
           (unsigned long long)vmcb->eventinj, !!(vmcb->eventinj & EVTINJ_V),
           !!(vmcb->eventinj & EVTINJ_EV), EVTINJ_TYPE(vmcb->eventinj),
           EVTINJ_VECTOR(vmcb->eventinj));
    printk("exitcode = %#llx exitinfo1 = %#llx exitinfo2 = %#llx exitintinfo = %#llx\n",
           (unsigned long long)vmcb->exitcode, (unsigned long long)vmcb->exitinfo1,
           (unsigned long long)vmcb->exitinfo2, (unsigned long long)vmcb->exitintinfo);
    printk("asid = %#x np_ctrl = %#llx n_cr3 = %#llx\n", vmcb->guest_asid,
           (unsigned long long)vmcb->np_ctrl, (unsigned long long)vmcb->n_cr3);
    printk("CPL = %u efer = %#llx star = %#llx lstar = %#llx\n", vmcb->cpl,
           (unsigned long long)vmcb->efer, (unsigned long long)vmcb->star,
           (unsigned long long)vmcb->lstar);
    printk("CR0 = 0x%016llx CR2 = 0x%016llx\n", (unsigned long long)vmcb->cr0,
           (unsigned long long)vmcb->cr2);
    printk("CR3 = 0x%016llx CR4 = 0x%016llx\n", (unsigned long long)vmcb->cr3,
           (unsigned long long)vmcb->cr4);
    printk("RSP = 0x%016llx  RIP = 0x%016llx\n", (unsigned long long)regs->rsp,
           (unsigned long long)regs->rip);
    printk("RAX = 0x%016llx  RFLAGS=0x%016llx\n", (unsigned long long)regs->rax,
           (unsigned long long)regs->rflags);
    printk("DR6 = 0x%016llx, DR7 = 0x%016llx\n", (unsigned long long)vmcb->dr6,
           (unsigned long long)vmcb->dr7);
    printk("PAT = 0x%016llx\n", (unsigned long long)vmcb->g_pat);
    dump_seg("       CS", &vmcb->cs);
    dump_seg("       DS", &vmcb->ds);
    dump_seg("       SS", &vmcb->ss);
    dump_seg("       ES", &vmcb->es);
    dump_seg("       FS", &vmcb->fs);
    dump_seg("       GS", &vmcb->gs);
    dump_seg("     GDTR", &vmcb->gdtr);
    dump_seg("     LDTR", &vmcb->ldtr);
    dump_seg("     IDTR", &vmcb->idtr);
    dump_seg("       TR", &vmcb->tr);
}

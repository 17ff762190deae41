/* AMD SVM: enabling it on every CPU, the vCPU run loop (CLGI, pending work
 * with interrupts held, VMRUN, STGI, the exit handler) and the vendor
 * half of hvm_funcs. The exit handler is in exits.c. */
#include <xen/lib.h>
#include <xen/sched.h>
#include <xen/mm.h>
#include <xen/softirq.h>
#include <asm/io.h>
#include <asm/smp.h>
#include <asm/percpu.h>
#include <asm/processor.h>
#include <asm/hvm/hvm.h>
#include <asm/hvm/vcpu_context.h>
#include <asm/hvm/svm/svm.h>
#include <asm/hvm/svm/vmcb.h>
#include <asm/hvm/vlapic.h>
#include <asm/hvm/irq.h>
#include <asm/uregs.h>

bool hvm_enabled;
bool svm_nrips;

/* Per pCPU: the host save area VMRUN uses (VM_HSAVE_PA) and a VMCB-shaped
 * page for the host state VMSAVE/VMLOAD switch around the guest's. */
static DEFINE_PER_CPU(void *, hsa);
static DEFINE_PER_CPU(paddr_t, host_vmcb_pa);

#define UREGS_OK(r) (__builtin_offsetof(struct cpu_user_regs, r) == UREGS_##r)
_Static_assert(UREGS_OK(r15) && UREGS_OK(r14) && UREGS_OK(r13) && UREGS_OK(r12) &&
               UREGS_OK(rbp) && UREGS_OK(rbx) && UREGS_OK(r11) && UREGS_OK(r10) &&
               UREGS_OK(r9) && UREGS_OK(r8) && UREGS_OK(rax) && UREGS_OK(rcx) &&
               UREGS_OK(rdx) && UREGS_OK(rsi) && UREGS_OK(rdi), "entry.S offsets");

extern struct hvm_function_table svm_function_table;

/* CPUID 0x80000001/0x8000000A (APM 15.4); VM_CR.SVMDIS means the firmware
 * locked SVM off. Every CPU runs this; CPU0 decides hvm_enabled. */
void start_svm(void)
{
    uint32_t a, b, c, d, nr_asids;
    unsigned int cpu = smp_processor_id();
    void *hsa, *host_vmcb;

    cpuid(0x80000000, &a, &b, &c, &d);
    if (a < 0x8000000a)
        goto no_svm;
    cpuid(0x80000001, &a, &b, &c, &d);
    if (!(c & CPUID_80000001_ECX_SVM))
        goto no_svm;
    if (rdmsr(MSR_VM_CR) & VM_CR_SVM_DISABLE) {
        printk(XENLOG_WARNING "CPU%u: SVM disabled by the firmware (VM_CR.SVMDIS)\n", cpu);
        goto no_svm;
    }
    cpuid(0x8000000a, &a, &nr_asids, &c, &d);
    if (!(d & CPUID_8000000A_EDX_NPT)) {
        printk(XENLOG_WARNING "CPU%u: SVM without nested paging: not supported\n", cpu);
        goto no_svm;
    }
    hsa = alloc_xenheap_pages(0);
    host_vmcb = alloc_xenheap_pages(0);
    if (!hsa || !host_vmcb)
        panic("CPU%u: no memory for the SVM host save areas", cpu);
    memset(hsa, 0, PAGE_SIZE);
    memset(host_vmcb, 0, PAGE_SIZE);
    this_cpu(hsa) = hsa;
    this_cpu(host_vmcb_pa) = virt_to_maddr(host_vmcb);
    wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_SVME);
    wrmsr(MSR_VM_HSAVE_PA, virt_to_maddr(hsa));
    /* Guest FPU state is switched with FXSAVE/FXRSTOR (CR4.OSFXSR keeps
     * the XMM registers in them); the hypervisor itself never uses it. */
    write_cr4(read_cr4() | (1u << 9) | (1u << 10));
    write_cr0((read_cr0() & ~(1ul << 2) & ~(1ul << 3)) | (1u << 1) | (1u << 5));
    svm_asid_init(nr_asids);
    if (cpu == 0) {
        svm_nrips = d & CPUID_8000000A_EDX_NRIPS;
        hvm_funcs = svm_function_table;
        hvm_enabled = true;
        printk("HVM: SVM enabled, nested paging, %u ASIDs%s%s\n", nr_asids,
               svm_nrips ? ", NRIP save" : ", no NRIP save (instruction lengths decoded)",
               d & CPUID_8000000A_EDX_VGIF ? ", VGIF" : "");
    }
    return;
no_svm:
    if (cpu == 0)
        printk(XENLOG_WARNING "HVM: no SVM with nested paging: guests cannot run\n");
}

static int svm_vcpu_initialise(struct vcpu *v)
{
    vlapic_init(v);
    return svm_create_vmcb(v);
}

static void svm_vcpu_destroy(struct vcpu *v)
{
    vlapic_destroy(v);
    svm_destroy_vmcb(v);
}

static void svm_ctxt_switch_from(struct vcpu *v)
{
    asm volatile("fxsave64 %0" : "=m"(v->arch.hvm.fpu_ctxt));
}

/* FNINIT state plus MXCSR's reset value (Intel SDM 10.2.3.1). */
static void svm_ctxt_switch_to(struct vcpu *v)
{
    if (!v->arch.hvm.fpu_initialised) {
        uint32_t mxcsr = 0x1f80;

        asm volatile("fninit; ldmxcsr %0" :: "m"(mxcsr));
        asm volatile("fxsave64 %0" : "=m"(v->arch.hvm.fpu_ctxt));
        v->arch.hvm.fpu_initialised = true;
    }
    asm volatile("fxrstor64 %0" :: "m"(v->arch.hvm.fpu_ctxt));
}

/* X86_EVENTTYPE_* is EVENTINJ's TYPE field as it stands. */
_Static_assert(X86_EVENTTYPE_EXT_INTR == EVENTTYPE_INTR && X86_EVENTTYPE_NMI == EVENTTYPE_NMI &&
               X86_EVENTTYPE_HW_EXCEPTION == EVENTTYPE_EXCEPTION &&
               X86_EVENTTYPE_SW_INTERRUPT == EVENTTYPE_SWINT, "EVENTINJ types");

static void svm_inject_event(struct vcpu *v, const struct x86_event *e)
{
    struct vmcb_struct *vmcb = v->arch.hvm.svm.vmcb;
    uint64_t ev = EVTINJ_V | e->vector | ((uint64_t)e->type << 8);

    if (e->has_error_code)
        ev |= EVTINJ_EV | ((uint64_t)e->error_code << 32);
    if (e->vector == 14 && e->type == X86_EVENTTYPE_HW_EXCEPTION)
        vmcb->cr2 = e->cr2;
    /* One event at a time: a second exception while one is pending would
     * be a double fault; that is the guest's bug, and hardware's job. */
    vmcb->eventinj = ev;
}

static void svm_get_segment_register(struct vcpu *v, enum x86_segment s,
                                     struct segment_register *reg)
{
    struct vmcb_struct *vmcb = v->arch.hvm.svm.vmcb;
    const struct segment_register *src[] = {
        [x86_seg_es] = &vmcb->es, [x86_seg_cs] = &vmcb->cs, [x86_seg_ss] = &vmcb->ss,
        [x86_seg_ds] = &vmcb->ds, [x86_seg_fs] = &vmcb->fs, [x86_seg_gs] = &vmcb->gs,
        [x86_seg_tr] = &vmcb->tr, [x86_seg_ldtr] = &vmcb->ldtr,
        [x86_seg_gdtr] = &vmcb->gdtr, [x86_seg_idtr] = &vmcb->idtr,
    };

    *reg = *src[s];
}

static unsigned int svm_get_cpl(struct vcpu *v)
{
    return v->arch.hvm.svm.vmcb->cpl;
}

/* VMRUN refuses EFER.SVME=0 (APM 15.5.1); the guest never sees it. */
static void svm_update_guest_efer(struct vcpu *v)
{
    v->arch.hvm.svm.vmcb->efer = v->arch.hvm.guest_efer | EFER_SVME;
}

static void svm_set_tsc_offset(struct vcpu *v, uint64_t offset)
{
    v->arch.hvm.svm.vmcb->tsc_offset = offset;
}

static uint64_t svm_get_guest_pat(struct vcpu *v)
{
    return v->arch.hvm.svm.vmcb->g_pat;
}

static void svm_set_guest_pat(struct vcpu *v, uint64_t gpat)
{
    v->arch.hvm.svm.vmcb->g_pat = gpat;
}

/* The PVH start of day (Xen's docs/misc/pvh.pandoc): 32-bit protected
 * mode, paging off, flat 4 GiB code and data segments, a 32-bit busy TSS,
 * EBX the start info's physical address, IF clear. */
static void svm_set_pvh_start(struct vcpu *v, uint32_t entry, uint32_t start_info)
{
    struct vmcb_struct *vmcb = v->arch.hvm.svm.vmcb;
    const struct segment_register code = { .sel = 0x08, .attr = 0xc9b, .limit = ~0u },
                                  data = { .sel = 0x10, .attr = 0xc93, .limit = ~0u };

    vmcb->cs = code;
    vmcb->ds = vmcb->es = vmcb->ss = vmcb->fs = vmcb->gs = data;
    vmcb->tr = (struct segment_register){ .sel = 0x18, .attr = 0x8b, .limit = 0x67 };
    vmcb->ldtr = (struct segment_register){ .attr = 0x82 };
    vmcb->gdtr = (struct segment_register){ .limit = 0 };
    vmcb->idtr = (struct segment_register){ .limit = 0 };
    vmcb->cpl = 0;
    vmcb->cr0 = v->arch.hvm.guest_cr[0] = 0x11;    /* PE, ET */
    vmcb->cr3 = v->arch.hvm.guest_cr[3] = 0;
    vmcb->cr4 = v->arch.hvm.guest_cr[4] = 0;
    v->arch.hvm.guest_efer = 0;
    svm_update_guest_efer(v);
    memset(&v->arch.user_regs, 0, sizeof(v->arch.user_regs));
    v->arch.user_regs.rflags = 0x2;
    v->arch.user_regs.rip = entry;
    v->arch.user_regs.rbx = start_info;
}

/* A vCPU started by INIT-SIPI (Xen's hvm_vcpu_reset_state): real mode at
 * cs:0000 (cs = the SIPI vector << 8), every other segment 0 with a 64 KiB
 * limit, paging and protection off, EDX the reset signature Xen gives. */
static void svm_set_real_mode_start(struct vcpu *v, uint16_t cs)
{
    struct vmcb_struct *vmcb = v->arch.hvm.svm.vmcb;
    const struct segment_register data = { .attr = 0x93, .limit = 0xffff };

    vmcb->cs = (struct segment_register){ .sel = cs, .attr = 0x9b, .limit = 0xffff,
                                          .base = (uint64_t)cs << 4 };
    vmcb->ds = vmcb->es = vmcb->ss = vmcb->fs = vmcb->gs = data;
    vmcb->ldtr = (struct segment_register){ .attr = 0x82, .limit = 0xffff };
    vmcb->tr = (struct segment_register){ .attr = 0x8b, .limit = 0xffff };
    vmcb->gdtr = vmcb->idtr = (struct segment_register){ .limit = 0xffff };
    vmcb->cpl = 0;
    vmcb->cr0 = v->arch.hvm.guest_cr[0] = 0x10;    /* ET */
    vmcb->cr2 = v->arch.hvm.guest_cr[2] = 0;
    vmcb->cr3 = v->arch.hvm.guest_cr[3] = 0;
    vmcb->cr4 = v->arch.hvm.guest_cr[4] = 0;
    vmcb->eventinj = 0;
    vmcb->int_stat = 0;
    v->arch.hvm.guest_efer = 0;
    svm_update_guest_efer(v);
    memset(&v->arch.user_regs, 0, sizeof(v->arch.user_regs));
    v->arch.user_regs.rflags = 0x2;
    v->arch.user_regs.rdx = 0xf00;
}

/* VCPUOP_initialise (Xen's arch_set_info_hvm_guest, its SVM half): the
 * checked state; FS, GS, LDTR, GDTR and IDTR are left as they are, the
 * guest loads its own. The CPL is SS.DPL (APM vol. 2, 15.5.1). */
static void svm_set_info_guest(struct vcpu *v, const struct hvm_vcpu_start *s)
{
    struct vmcb_struct *vmcb = v->arch.hvm.svm.vmcb;
    struct cpu_user_regs *r = &v->arch.user_regs;

    vmcb->cs = s->cs;
    vmcb->ds = s->ds;
    vmcb->ss = s->ss;
    vmcb->es = s->es;
    vmcb->tr = s->tr;
    vmcb->cpl = SEG_ATTR_DPL(s->ss.attr);
    vmcb->cr0 = v->arch.hvm.guest_cr[0] = s->cr0;
    vmcb->cr3 = v->arch.hvm.guest_cr[3] = s->cr3;
    vmcb->cr4 = v->arch.hvm.guest_cr[4] = s->cr4;
    vmcb->eventinj = 0;
    vmcb->int_stat = 0;
    v->arch.hvm.guest_efer = s->efer;
    svm_update_guest_efer(v);
    r->rax = s->gpr[0], r->rcx = s->gpr[1], r->rdx = s->gpr[2], r->rbx = s->gpr[3];
    r->rsp = s->gpr[4], r->rbp = s->gpr[5], r->rsi = s->gpr[6], r->rdi = s->gpr[7];
    r->rip = s->rip;
    r->rflags = s->rflags;
}

static void svm_dump_vcpu(struct vcpu *v)
{
    svm_vmcb_dump("dump", v);
}

/* Xen's svm_vmenter_helper: the registers VMRUN takes from the VMCB. */
static void svm_vmenter_helper(struct vcpu *v)
{
    struct vmcb_struct *vmcb = v->arch.hvm.svm.vmcb;
    const struct cpu_user_regs *regs = &v->arch.user_regs;

    vmcb->rax = regs->rax;
    vmcb->rip = regs->rip;
    vmcb->rsp = regs->rsp;
    vmcb->rflags = regs->rflags;
    svm_sync_vtpr(v);
}

/* The vCPU's run loop (schedule_tail of HVM vCPUs), Xen's svm_asm_do_resume
 * written in C: with GIF clear, look for work; enter; take the exit. */
static void __attribute__((noreturn)) svm_do_resume(struct vcpu *v)
{
    unsigned int cpu = smp_processor_id();

    for (;;) {
        hvm_init_sipi_work(v);
        svm_intr_assist(v);
        svm_clgi();
        if (softirq_pending(cpu) || !vcpu_runnable(v)) {
            svm_stgi();
            local_irq_enable();
            if (!vcpu_runnable(v))
                raise_softirq(SCHEDULE_SOFTIRQ);
            do_softirq();                   /* may switch away for good */
            continue;
        }
        svm_asid_handle_vmrun(v);
        svm_vmenter_helper(v);
        svm_asm_vmrun(&v->arch.user_regs, v->arch.hvm.svm.vmcb_pa, this_cpu(host_vmcb_pa));
        svm_stgi();                         /* the interrupt that exited is taken here */
        svm_vmexit_handler(v);
    }
}

struct hvm_function_table svm_function_table = {
    .name = "SVM",
    .vcpu_initialise = svm_vcpu_initialise,
    .vcpu_destroy = svm_vcpu_destroy,
    .do_resume = svm_do_resume,
    .ctxt_switch_from = svm_ctxt_switch_from,
    .ctxt_switch_to = svm_ctxt_switch_to,
    .inject_event = svm_inject_event,
    .get_segment_register = svm_get_segment_register,
    .get_cpl = svm_get_cpl,
    .update_guest_efer = svm_update_guest_efer,
    .get_interrupt_shadow = svm_get_interrupt_shadow,
    .set_interrupt_shadow = svm_set_interrupt_shadow,
    .set_tsc_offset = svm_set_tsc_offset,
    .get_guest_pat = svm_get_guest_pat,
    .set_guest_pat = svm_set_guest_pat,
    .set_pvh_start = svm_set_pvh_start,
    .set_real_mode_start = svm_set_real_mode_start,
    .set_info_guest = svm_set_info_guest,
    .dump_vcpu = svm_dump_vcpu,
    .flush_guest_tlbs = svm_asid_flush_vcpu,
};

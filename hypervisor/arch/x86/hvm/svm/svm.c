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
#include <asm/hvm/svm/svm.h>
#include <asm/hvm/svm/vmcb.h>
#include <asm/hvm/vlapic.h>

bool hvm_enabled;
bool svm_nrips;

/* Per pCPU: the host save area VMRUN uses (VM_HSAVE_PA) and a VMCB-shaped
 * page for the host state VMSAVE/VMLOAD switch around the guest's. */
static DEFINE_PER_CPU(void *, hsa);
static DEFINE_PER_CPU(paddr_t, host_vmcb_pa);

_Static_assert(__builtin_offsetof(struct hvm_gprs, rbx) == HVM_GPR_rbx &&
               __builtin_offsetof(struct hvm_gprs, rdi) == HVM_GPR_rdi &&
               __builtin_offsetof(struct hvm_gprs, rbp) == HVM_GPR_rbp &&
               __builtin_offsetof(struct hvm_gprs, r8) == HVM_GPR_r8 &&
               __builtin_offsetof(struct hvm_gprs, r15) == 112, "entry.S offsets");

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

static void svm_inject_event(struct vcpu *v, const struct x86_event *e)
{
    struct vmcb_struct *vmcb = v->arch.hvm.svm.vmcb;
    uint64_t ev = EVTINJ_V | e->vector | ((uint64_t)e->type << 8);

    if (e->has_error_code)
        ev |= EVTINJ_EV | ((uint64_t)e->error_code << 32);
    if (e->vector == 14 && e->type == EVENTTYPE_EXCEPTION)
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
    vmcb->cr0 = 0x11;                   /* PE, ET */
    vmcb->cr3 = 0;
    vmcb->cr4 = 0;
    vmcb->efer = EFER_SVME;
    vmcb->rflags = 0x2;
    vmcb->rip = entry;
    vmcb->rsp = 0;
    vmcb->rax = 0;
    memset(&v->arch.hvm.gprs, 0, sizeof(v->arch.hvm.gprs));
    v->arch.hvm.gprs.rbx = start_info;
}

static void svm_dump_vcpu(struct vcpu *v)
{
    svm_vmcb_dump("dump", v->arch.hvm.svm.vmcb);
}

/* The vCPU's run loop (schedule_tail of HVM vCPUs), Xen's svm_asm_do_resume
 * written in C: with GIF clear, look for work; enter; take the exit. */
static void __attribute__((noreturn)) svm_do_resume(struct vcpu *v)
{
    unsigned int cpu = smp_processor_id();

    for (;;) {
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
        svm_asm_vmrun(&v->arch.hvm.gprs, v->arch.hvm.svm.vmcb_pa, this_cpu(host_vmcb_pa));
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
    .set_pvh_start = svm_set_pvh_start,
    .dump_vcpu = svm_dump_vcpu,
    .flush_guest_tlbs = svm_asid_flush_vcpu,
};

/* The #VMEXIT handler: one case per exit code (AMD APM vol. 2, appendix C).
 * What the guest may not do is refused the way Xen refuses it; what we do
 * not expect crashes the domain with a VMCB dump, never the hypervisor. */
#include <xen/lib.h>
#include <xen/sched.h>
#include <xen/trace.h>
#include <xen/softirq.h>
#include <asm/smp.h>
#include <xen/mm.h>
#include <asm/hvm/hvm.h>
#include <asm/hvm/svm/svm.h>
#include <asm/hvm/svm/vmcb.h>
#include <asm/hvm/svm/exitcode.h>
#include <asm/p2m.h>
#include <asm/hvm/vlapic.h>
#include <asm/hvm/irq.h>

#define TRAP_invalid_op 6

static const char *const exit_names[] = {
    [VMEXIT_EXCEPTION_UD] = "exception_ud", [VMEXIT_EXCEPTION_GP] = "exception_gp",
    [VMEXIT_EXCEPTION_PF] = "exception_pf", [VMEXIT_INTR] = "intr", [VMEXIT_NMI] = "nmi",
    [VMEXIT_SMI] = "smi", [VMEXIT_INIT] = "init", [VMEXIT_VINTR] = "vintr",
    [VMEXIT_CPUID] = "cpuid", [VMEXIT_IRET] = "iret", [VMEXIT_RSM] = "rsm", [VMEXIT_INVD] = "invd",
    [VMEXIT_PAUSE] = "pause", [VMEXIT_HLT] = "hlt", [VMEXIT_INVLPG] = "invlpg",
    [VMEXIT_INVLPGA] = "invlpga", [VMEXIT_IOIO] = "ioio", [VMEXIT_MSR] = "msr",
    [VMEXIT_TASK_SWITCH] = "task_switch", [VMEXIT_SHUTDOWN] = "shutdown",
    [VMEXIT_VMRUN] = "vmrun", [VMEXIT_VMMCALL] = "vmmcall", [VMEXIT_VMLOAD] = "vmload",
    [VMEXIT_VMSAVE] = "vmsave", [VMEXIT_STGI] = "stgi", [VMEXIT_CLGI] = "clgi",
    [VMEXIT_SKINIT] = "skinit", [VMEXIT_RDTSCP] = "rdtscp", [VMEXIT_ICEBP] = "icebp",
    [VMEXIT_WBINVD] = "wbinvd", [VMEXIT_MONITOR] = "monitor", [VMEXIT_MWAIT] = "mwait",
    [VMEXIT_XSETBV] = "xsetbv", [VMEXIT_CR8_WRITE] = "cr8_write",
};

unsigned int hvm_exit_counter(uint64_t code)
{
    if (code < NR_EXIT_COUNTERS)
        return (unsigned int)code;
    if (code == VMEXIT_NPF)
        return EXIT_COUNTER_NPF;
    if (svm_exitcode_is_invalid(code))
        return EXIT_COUNTER_INVALID;
    return EXIT_COUNTER_OTHER;
}

const char *vmexit_name(unsigned int code)
{
    return code < ARRAY_SIZE(exit_names) && exit_names[code] ? exit_names[code] : NULL;
}

const char *hvm_exit_reason_name(unsigned int counter)
{
    static char buf[NR_CPUS][12];
    const char *n;

    switch (counter) {
    case EXIT_COUNTER_NPF: return "npf";
    case EXIT_COUNTER_INVALID: return "invalid";
    case EXIT_COUNTER_OTHER: return "other";
    }
    if ((n = vmexit_name(counter)))
        return n;
    snprintf(buf[smp_processor_id()], sizeof(buf[0]), "0x%x", counter);
    return buf[smp_processor_id()];
}

static void crash_with_dump(struct vcpu *v, const char *why)
{
    struct vmcb_struct *vmcb = v->arch.hvm.svm.vmcb;

    printk(XENLOG_ERR "d%uv%d: %s (exit code %#llx, rip %#llx)\n", v->domain->domain_id,
           v->vcpu_id, why, (unsigned long long)vmcb->exitcode,
           (unsigned long long)v->arch.user_regs.rip);
    svm_vmcb_dump(why, v);
    domain_crash(v->domain);
}

static void advance_rip(struct vcpu *v, unsigned int len)
{
    struct vmcb_struct *vmcb = v->arch.hvm.svm.vmcb;
    struct cpu_user_regs *regs = &v->arch.user_regs;

    regs->rip += len;
    /* Outside long mode RIP wraps at 4 GiB. */
    if (!vmcb_in_64bit_mode(vmcb))
        regs->rip &= 0xffffffffu;
    vmcb->int_stat &= ~INT_STAT_INTR_SHADOW;            /* an instruction completed: no shadow */
}

static void do_cpuid(struct vcpu *v)
{
    struct cpu_user_regs *r = &v->arch.user_regs;
    unsigned int len = svm_get_insn_len(v, INSTR_CPUID);
    uint32_t res[4];

    if (!len)
        return;
    guest_cpuid(v, (uint32_t)r->rax, (uint32_t)r->rcx, res);
    r->rax = res[0];
    r->rbx = res[1];
    r->rcx = res[2];
    r->rdx = res[3];
    advance_rip(v, len);
}

static void do_msr(struct vcpu *v)
{
    struct vmcb_struct *vmcb = v->arch.hvm.svm.vmcb;
    struct cpu_user_regs *r = &v->arch.user_regs;
    bool write = vmcb->exitinfo1 & 1;
    unsigned int len = svm_get_insn_len(v, write ? INSTR_WRMSR : INSTR_RDMSR);
    uint32_t msr = (uint32_t)r->rcx;
    uint64_t val;

    if (!len)
        return;
    if (write) {
        val = (uint32_t)r->rax | ((uint64_t)(uint32_t)r->rdx << 32);
        if (guest_wrmsr(v, msr, val)) {
            hvm_inject_hw_exception(v, 13, 0);
            return;
        }
    } else {
        if (guest_rdmsr(v, msr, &val)) {
            hvm_inject_hw_exception(v, 13, 0);
            return;
        }
        r->rax = (uint32_t)val;
        r->rdx = val >> 32;
    }
    advance_rip(v, len);
}

/* EXITINFO1 (APM 15.10.2): port, size, direction, string/rep; EXITINFO2 is
 * the next RIP, so no decoding is needed here. */
static void do_ioio(struct vcpu *v)
{
    struct vmcb_struct *vmcb = v->arch.hvm.svm.vmcb;
    struct cpu_user_regs *r = &v->arch.user_regs;
    uint64_t info = vmcb->exitinfo1;
    bool in = info & 1, str = info & (1u << 2), rep = info & (1u << 3);
    unsigned int size = info & (1u << 4) ? 1 : info & (1u << 5) ? 2 : 4;
    uint16_t port = (uint16_t)(info >> 16);
    uint32_t val = 0;

    if (str) {
        /* INS/OUTS to ports nobody claims: OUTS drops what it reads, INS
         * stores all-ones. Addressing is 64-bit or 32-bit flat here. */
        uint64_t count = rep ? r->rcx : 1, step = r->rflags & X86_EFLAGS_DF ? -size : size;
        uint64_t *idx = in ? &r->rdi : &r->rsi;

        for (; count; count--) {
            uint32_t pfec, ones = ~0u;
            uint64_t fva;

            if (in) {
                hvm_portio(v, port, size, true, &val);
                if (hvm_copy_to_guest_linear(v, r->rdi + vmcb->es.base, &ones, size,
                                             2, &pfec, &fva) != HVMTRANS_okay) {
                    crash_with_dump(v, "INS to an address that does not translate");
                    return;
                }
            }
            *idx += step;
            if (rep)
                r->rcx--;
        }
    } else if (in) {
        hvm_portio(v, port, size, true, &val);
        if (size == 4)
            r->rax = val;                /* 32-bit results zero-extend */
        else
            r->rax = (r->rax & ~((1ull << (size * 8)) - 1)) | val;
    } else {
        val = (uint32_t)r->rax & (size == 4 ? ~0u : (1u << (size * 8)) - 1);
        hvm_portio(v, port, size, false, &val);
    }
    r->rip = vmcb->exitinfo2;
    vmcb->int_stat &= ~INT_STAT_INTR_SHADOW;
}

/* Xen's hvm_hlt: HLT with interrupts off can only be ended by an NMI, so
 * (unless one is pending already) it takes the vCPU down, and a domain with every vCPU down is powered
 * off; with interrupts on the vCPU blocks until an event arrives. */
static void do_hlt(struct vcpu *v)
{
    const struct cpu_user_regs *r = &v->arch.user_regs;
    unsigned int len = svm_get_insn_len(v, INSTR_HLT);
    struct domain *d = v->domain;
    struct vcpu *o;
    bool all_down = true;

    if (!len)
        return;
    advance_rip(v, len);
    if (hvm_local_events_need_delivery(v))
        return;                             /* the event ends the HLT at once */
    if (r->rflags & X86_EFLAGS_IF) {
        vcpu_block();
        /* An interrupt that came meanwhile must not be slept through. */
        if (hvm_local_events_need_delivery(v))
            __atomic_fetch_and(&v->pause_flags, ~VPF_blocked, __ATOMIC_SEQ_CST);
        return;
    }
    __atomic_fetch_or(&v->pause_flags, VPF_down, __ATOMIC_SEQ_CST);
    raise_softirq(SCHEDULE_SOFTIRQ);
    for (o = d->vcpu[0]; o; o = o->next_in_list)
        if (!(o->pause_flags & VPF_down))
            all_down = false;
    if (all_down) {
        printk("d%u: all vCPUs offline (HLT with interrupts disabled) -- powering off\n",
               d->domain_id);
        domain_shutdown(d, SHUTDOWN_poweroff);
    }
}

static void do_hypercall_insn(struct vcpu *v, enum instruction_index insn)
{
    unsigned int len = svm_get_insn_len(v, insn);

    if (len && hvm_hypercall(v))
        advance_rip(v, len);
}

/* #UD: VMCALL (0F 01 C1) is Intel's hypercall instruction and Xen accepts
 * it on AMD too; anything else goes back to the guest as #UD. */
static void do_ud(struct vcpu *v)
{
    uint8_t insn[3];

    if (hvm_fetch_insn(v, insn, 3) == 3 && insn[0] == 0x0f && insn[1] == 0x01 &&
        insn[2] == 0xc1) {
        do_hypercall_insn(v, INSTR_VMCALL);
        return;
    }
    hvm_inject_hw_exception(v, TRAP_invalid_op, X86_EVENT_NO_EC);
}

/* A nested page fault: the guest touched guest-physical memory it does not
 * have. Without a device model that is unclaimed MMIO (Xen's p2m_mmio_dm
 * with no ioreq server); a fault on memory it has is our bug. */
static void do_npf(struct vcpu *v)
{
    struct vmcb_struct *vmcb = v->arch.hvm.svm.vmcb;
    struct domain *d = v->domain;
    uint64_t gpa = vmcb->exitinfo2;
    p2m_type_t t;
    unsigned long mfn = p2m_lookup(d, gpa >> PAGE_SHIFT, &t);

    if (t == p2m_invalid && !(vmcb->exitinfo1 & 0x10) && hvm_emulate_mmio(v, gpa))
        return;
    /* A write to a read-only grant mapping: Xen emulates it as a write
     * to a discard-write type (P2M_DISCARD_WRITE_TYPES): the instruction
     * completes and the page is unchanged, no fault (seen on Xen 4.17). */
    if (t == p2m_grant_map_ro && (vmcb->exitinfo1 & 2) && hvm_emulate_mmio(v, gpa))
        return;
    printk(XENLOG_ERR "d%uv%d: nested page fault at gpa %#llx (%s%s%s), p2m %s mfn %#lx\n",
           d->domain_id, v->vcpu_id, (unsigned long long)gpa,
           vmcb->exitinfo1 & 2 ? "write" : "read", vmcb->exitinfo1 & 0x10 ? " fetch" : "",
           vmcb->exitinfo1 & 1 ? ", present" : ", not present",
           t == p2m_invalid ? "has no entry" : "has an entry", mfn);
    crash_with_dump(v, "nested page fault the hypervisor cannot resolve");
}

/* What the guest may have changed without an exit, into the vendor-neutral
 * places (Xen's svm_vmexit_handler does the same): the registers VMRUN
 * saved in the VMCB, and CR0/CR3/CR4/EFER, which are not intercepted. */
static void svm_sync_guest_state(struct vcpu *v, const struct vmcb_struct *vmcb)
{
    struct cpu_user_regs *regs = &v->arch.user_regs;
    struct hvm_vcpu *hv = &v->arch.hvm;

    regs->rax = vmcb->rax;
    regs->rip = vmcb->rip;
    regs->rsp = vmcb->rsp;
    regs->rflags = vmcb->rflags;
    hv->guest_cr[0] = vmcb->cr0;
    hv->guest_cr[3] = vmcb->cr3;
    hv->guest_cr[4] = vmcb->cr4;
    hv->guest_efer = vmcb->efer & ~(uint64_t)EFER_SVME;
}

void svm_vmexit_handler(struct vcpu *v)
{
    struct vmcb_struct *vmcb = v->arch.hvm.svm.vmcb;
    uint64_t code = svm_exitcode(vmcb->exitcode);
    unsigned int ctr = hvm_exit_counter(code);
    struct domain *d = v->domain;

    /* A refused VMRUN saved nothing of the guest's (QEMU 7.2 saves the
     * host's state there instead, docs/qemu-tcg-svm.md): what we tried
     * to run stays for the dump. */
    if (!svm_exitcode_is_invalid(code))
        svm_sync_guest_state(v, vmcb);

    __atomic_fetch_add(&d->exit_count[ctr], 1, __ATOMIC_RELAXED);
    trace_count(TRC_VMEXIT, ctr);       /* machine-wide, per CPU (key 'p') */
    if (trace_enabled(TRC_VMEXIT))
        trace(TRC_VMEXIT, "exit", "d=%u v=%d reason=%s rip=%#llx info1=%#llx info2=%#llx",
              d->domain_id, v->vcpu_id, hvm_exit_reason_name(ctr),
              (unsigned long long)v->arch.user_regs.rip, (unsigned long long)vmcb->exitinfo1,
              (unsigned long long)vmcb->exitinfo2);
    vmcb->eventinj = 0;
    svm_intr_ack(v);
    if (!svm_exitcode_is_invalid(code) && (vmcb->exitintinfo & EVTINJ_V))
        svm_reinject(v, vmcb->exitintinfo);

    switch (code) {
    case VMEXIT_INTR:
    case VMEXIT_NMI:
    case VMEXIT_SMI:
        break;                              /* taken by the host at STGI */
    case VMEXIT_VINTR:
        svm_intr_window_close(v);
        break;
    case VMEXIT_IRET:
        /* Intercepted after an NMI was injected (svm/intr.c): the NMI
         * handler returns, NMIs are unblocked. The exit comes before the
         * IRET runs, so, as Xen does, an interrupt shadow keeps the next
         * NMI out until it has retired (if the IRET faults, an NMI may
         * come before it: Xen's caveat too). */
        vmcb->general1_intercepts &= ~GENERAL1_INTERCEPT_IRET;
        vmcb->int_stat |= INT_STAT_INTR_SHADOW;
        /* QEMU 7.2 drops that shadow if another exit comes before the IRET
         * runs (docs/qemu-tcg-svm.md): where the IRET is is kept too. */
        v->arch.hvm.svm.nmi_iret_pending = true;
        v->arch.hvm.svm.nmi_iret_rip = v->arch.user_regs.rip;
        break;
    case VMEXIT_CR8_WRITE:
        svm_vmexit_do_cr8_write(v);
        break;
    case VMEXIT_CPUID:
        do_cpuid(v);
        break;
    case VMEXIT_MSR:
        do_msr(v);
        break;
    case VMEXIT_IOIO:
        do_ioio(v);
        break;
    case VMEXIT_HLT:
        do_hlt(v);
        break;
    case VMEXIT_VMMCALL:
        do_hypercall_insn(v, INSTR_VMMCALL);
        break;
    case VMEXIT_EXCEPTION_UD:
        do_ud(v);
        break;
    case VMEXIT_INVD: {
        unsigned int len = svm_get_insn_len(v, INSTR_INVD);

        if (len)                            /* caches are coherent: a no-op */
            advance_rip(v, len);
        break;
    }
    case VMEXIT_VMRUN: case VMEXIT_VMLOAD: case VMEXIT_VMSAVE: case VMEXIT_STGI:
    case VMEXIT_CLGI: case VMEXIT_SKINIT: case VMEXIT_INVLPGA: case VMEXIT_MONITOR:
    case VMEXIT_MWAIT: case VMEXIT_ICEBP: case VMEXIT_RSM:
        /* Not offered to guests (no nested SVM, no MONITOR in CPUID). */
        hvm_inject_hw_exception(v, TRAP_invalid_op, X86_EVENT_NO_EC);
        break;
    case VMEXIT_SHUTDOWN:
        /* Xen's hvm_triple_fault: the HVM_PARAM_TRIPLE_FAULT_REASON
         * default, reboot, after showing the state. */
        printk("d%uv%d Triple fault - invoking HVM shutdown action %u\n",
               d->domain_id, v->vcpu_id, SHUTDOWN_reboot);
        svm_vmcb_dump("triple fault", v);
        domain_shutdown(d, SHUTDOWN_reboot);
        break;
    case VMEXIT_NPF:
        do_npf(v);
        break;
    case (uint64_t)VMEXIT_INVALID:
        /* Refused: running the same state again would be refused again.
         * The domain is crashed, so its vCPUs never reach VMRUN again. */
        crash_with_dump(v, "VMRUN refused the guest state (VMEXIT_INVALID)");
        break;
    default:
        crash_with_dump(v, "unexpected VM exit");
        break;
    }
}

/* Address space IDs (AMD APM vol. 2, 15.16): TLB entries are tagged with
 * the ASID of the guest that made them, so a VMRUN need not flush. Each
 * pCPU hands out ASIDs 1..max-1 (0 is the host's and VMRUN refuses it);
 * when they run out, a new generation starts with a full flush and every
 * vCPU takes a new ASID at its next VMRUN on that pCPU (Xen's scheme). A
 * vCPU that moves to another pCPU also takes a new one there. */
#include <xen/lib.h>
#include <xen/sched.h>
#include <asm/smp.h>
#include <asm/percpu.h>
#include <asm/hvm/svm/svm.h>
#include <asm/hvm/svm/vmcb.h>

struct svm_asid_pcpu {
    uint64_t generation;                /* starts at 1: 0 means "never" */
    uint32_t next_asid, max_asid;
};
static DEFINE_PER_CPU(struct svm_asid_pcpu, svm_asid);

void svm_asid_init(uint32_t nr_asids)
{
    struct svm_asid_pcpu *a = &this_cpu(svm_asid);

    a->generation = 1;
    a->next_asid = 1;
    a->max_asid = nr_asids ? nr_asids - 1 : 0;
}

/* Just before VMRUN, with GIF=0: the vCPU's ASID is current on this pCPU. */
void svm_asid_handle_vmrun(struct vcpu *v)
{
    struct svm_asid_pcpu *a = &this_cpu(svm_asid);
    struct svm_vcpu *s = &v->arch.hvm.svm;
    struct vmcb_struct *vmcb = s->vmcb;
    unsigned int cpu = smp_processor_id();

    vmcb->tlb_control = TLB_CTRL_NO_FLUSH;
    if (s->asid_cpu == (int)cpu && s->asid_generation == a->generation)
        return;
    if (a->next_asid > a->max_asid) {
        a->generation++;
        a->next_asid = 1;
        /* Entries of the old generation's ASIDs must go. */
        vmcb->tlb_control = TLB_CTRL_FLUSH_ALL;
    }
    /* Fresh in this generation on this pCPU: no stale entries carry it. */
    s->asid = a->next_asid++;
    s->asid_generation = a->generation;
    s->asid_cpu = (int)cpu;
    vmcb->guest_asid = s->asid;
}

/* After its p2m changed: the vCPU's translations must go at next VMRUN. */
void svm_asid_flush_vcpu(struct vcpu *v)
{
    v->arch.hvm.svm.asid_generation = 0;
}

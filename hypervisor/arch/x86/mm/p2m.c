/* A domain's p2m as the rest of the hypervisor changes it: under the p2m
 * lock, and followed by a TLB shootdown. With nested paging the CPU caches
 * guest-physical translations per ASID; after an entry changes, no vCPU of
 * the domain may keep using the old one. Every vCPU gets a new ASID at its
 * next VMRUN, and those running elsewhere are made to exit first by an IPI
 * we wait for (Xen's flush_tlb_mask). QEMU's TCG flushes at every VMRUN and
 * would hide a missing shootdown; hardware would not. */
#include <xen/lib.h>
#include <xen/sched.h>
#include <asm/smp.h>
#include <asm/processor.h>
#include <asm/p2m.h>
#include <asm/hvm/hvm.h>

static void exit_guest(void *unused)
{
    (void)unused;                       /* the IPI itself made the guest exit */
}

void p2m_flush_guest_tlbs(struct domain *d)
{
    struct vcpu *v;
    bool remote = false;

    for_each_vcpu(d, v) {
        hvm_funcs.flush_guest_tlbs(v);
        if (v->is_running && v->processor != smp_processor_id())
            remote = true;
    }
    /* A vCPU still in the guest on another pCPU leaves it before we go on;
     * its next VMRUN takes the new ASID. */
    if (remote)
        smp_call_function(exit_guest, NULL);
}

int p2m_set_entry_flush(struct domain *d, unsigned long gfn, unsigned long mfn,
                        unsigned int order, p2m_type_t t)
{
    int rc;

    spin_lock(&d->arch.p2m_lock);
    rc = p2m_set_entry(&d->arch.p2m, gfn, mfn, order, t);
    spin_unlock(&d->arch.p2m_lock);
    if (!rc)
        p2m_flush_guest_tlbs(d);
    return rc;
}

unsigned long p2m_lookup(struct domain *d, unsigned long gfn, p2m_type_t *t)
{
    unsigned int order;
    unsigned long mfn;

    spin_lock(&d->arch.p2m_lock);
    mfn = p2m_get_entry(&d->arch.p2m, gfn, t, &order);
    spin_unlock(&d->arch.p2m_lock);
    return mfn;
}

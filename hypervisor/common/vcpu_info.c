/* VCPUOP_register_vcpu_info: a vCPU's vcpu_info moves from its slot in
 * shared_info to a place in the guest's own memory (public/vcpu.h), as
 * Linux does for every vCPU at boot. Xen 4.17's map_vcpu_info checks in
 * its order: the offset (-ENXIO when the struct would not fit or is not
 * 8-byte aligned), once only (-EINVAL), the caller itself or a vCPU that
 * is down (-EINVAL), a RAM page the domain owns (-EINVAL). The contents
 * move along, every selector bit is set and an upcall raised, so that no
 * event is lost on the way (the guest copes with the spurious one). */
#include <xen/lib.h>
#include <xen/sched.h>
#include <xen/mm.h>
#include <xen/time.h>
#include <xen/string.h>
#include <asm/io.h>
#include <asm/smp.h>
#include <asm/hvm/hvm.h>
#include <asm/hvm/irq.h>
#include <public/vcpu.h>
#include <public/errno.h>

int map_vcpu_info(struct vcpu *v, unsigned long gfn, unsigned int offset)
{
    struct domain *d = v->domain;
    struct vcpu_info *new_info;
    p2m_type_t t;
    unsigned long mfn;

    if (offset > PAGE_SIZE - sizeof(*new_info) || (offset & (_Alignof(struct vcpu_info) - 1)))
        return -XEN_ENXIO;
    if (v->vcpu_info_registered)
        return -XEN_EINVAL;
    if (v != current && !(v->pause_flags & VPF_down))
        return -XEN_EINVAL;
    mfn = p2m_lookup(d, gfn, &t);
    if (t != p2m_ram_rw || !get_page(mfn, d))
        return -XEN_EINVAL;
    new_info = (struct vcpu_info *)((uint8_t *)maddr_to_virt((paddr_t)mfn << PAGE_SHIFT) + offset);
    if (v->vcpu_info)
        memcpy(new_info, v->vcpu_info, sizeof(*new_info));
    else
        memset(new_info, 0, sizeof(*new_info));
    __atomic_store_n(&v->vcpu_info, new_info, __ATOMIC_SEQ_CST);
    v->vcpu_info_mfn = mfn;
    v->vcpu_info_registered = true;
    __atomic_store_n(&new_info->evtchn_pending_sel, ~(xen_ulong_t)0, __ATOMIC_SEQ_CST);
    __atomic_store_n(&new_info->evtchn_upcall_pending, 1, __ATOMIC_SEQ_CST);
    hvm_assert_evtchn_irq(v);
    return 0;
}

/* The page reference goes with the vCPU. */
void unmap_vcpu_info(struct vcpu *v)
{
    if (!v->vcpu_info_registered)
        return;
    v->vcpu_info_registered = false;
    v->vcpu_info = NULL;
    put_page(v->vcpu_info_mfn);
}

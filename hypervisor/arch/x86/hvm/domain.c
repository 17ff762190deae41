/* VCPUOP_initialise and VCPUOP_up for an HVM/PVH vCPU (Xen's arch_initialise_vcpu and
 * arch_set_info_hvm_guest): the guest's vcpu_hvm_context, checked against
 * the CPUID the guest sees (hvm/vcpu_context.c), becomes the state of a
 * vCPU that has never been started, or was reset by INIT. It stays down
 * until VCPUOP_up, as on Xen. The INIT-SIPI lock orders this against a
 * SIPI starting the same vCPU. */
#include <xen/lib.h>
#include <xen/sched.h>
#include <xen/guest_access.h>
#include <asm/smp.h>
#include <asm/hvm/hvm.h>
#include <asm/hvm/vcpu_context.h>
#include <public/errno.h>

int arch_initialise_vcpu(struct vcpu *v, uint64_t arg)
{
    struct hvm_vcpu *hv = &v->arch.hvm;
    struct vcpu_hvm_context ctx;
    struct hvm_cpu_features f;
    struct hvm_vcpu_start s;
    uint32_t leaf1[4], leaf7[4], ext1[4];
    const char *why = NULL;
    unsigned long flags;
    int rc;

    if (copy_from_guest(&ctx, arg, 1))
        return -XEN_EFAULT;
    guest_cpuid(v, 1, 0, leaf1);
    guest_cpuid(v, 7, 0, leaf7);
    guest_cpuid(v, 0x80000001, 0, ext1);
    hvm_cpu_features_from_cpuid(leaf1, leaf7, ext1, &f);
    flags = spin_lock_irqsave(&hv->init_sipi_lock);
    if (v->is_initialised)
        rc = -XEN_EEXIST;
    else if (!(rc = hvm_vcpu_context_check(&ctx, &f, &s, &why))) {
        hvm_funcs.set_info_guest(v, &s);
        /* The BSP's TSC, as Xen syncs an AP's. */
        hvm_funcs.set_tsc_offset(v, hv->cache_tsc_offset =
                                        v->domain->vcpu[0]->arch.hvm.cache_tsc_offset);
        v->is_initialised = true;
        __atomic_fetch_or(&v->pause_flags, VPF_down, __ATOMIC_RELEASE);
    }
    spin_unlock_irqrestore(&hv->init_sipi_lock, flags);
    if (why)
        printk(XENLOG_ERR "d%uv%d: VCPUOP_initialise of vCPU %d: %s\n",
               current->domain->domain_id, current->vcpu_id, v->vcpu_id, why);
    return rc;
}

int arch_vcpu_up(struct vcpu *v)
{
    unsigned long flags = spin_lock_irqsave(&v->arch.hvm.init_sipi_lock);
    bool wake = false;
    int rc = 0;

    if (!v->is_initialised)
        rc = -XEN_EINVAL;
    else
        wake = __atomic_fetch_and(&v->pause_flags, ~VPF_down, __ATOMIC_ACQ_REL) & VPF_down;
    spin_unlock_irqrestore(&v->arch.hvm.init_sipi_lock, flags);
    if (wake)
        vcpu_wake(v);
    return rc;
}

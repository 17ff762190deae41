/* INIT and STARTUP IPIs between a domain's vCPUs: how Linux starts the
 * secondary vCPUs of a PVH guest (native_cpu_up: INIT, then two SIPIs
 * whose vector is the page of its real-mode trampoline). As Xen's
 * vlapic_init_sipi_one: INIT takes a vCPU that is up down again with its
 * local APIC reset (one already down is left alone), a SIPI starts a vCPU
 * that is down in real mode at vector:0000, and a SIPI to a vCPU that is
 * up is ignored (the second SIPI of the pair). The sender only records
 * what was asked; the target changes its own state, in its own run loop,
 * so nothing here waits for another vCPU to stop. */
#include <xen/lib.h>
#include <xen/sched.h>
#include <xen/trace.h>
#include <asm/hvm/hvm.h>
#include <asm/hvm/irq.h>
#include <asm/hvm/vlapic.h>

static bool is_down(const struct vcpu *v)
{
    return __atomic_load_n(&v->pause_flags, __ATOMIC_ACQUIRE) & VPF_down;
}

void hvm_vcpu_init_ipi(struct vcpu *sender, struct vcpu *v)
{
    struct hvm_vcpu *hv = &v->arch.hvm;
    unsigned long flags = spin_lock_irqsave(&hv->init_sipi_lock);
    bool kick = !is_down(v);

    if (kick)
        hv->init_pending = true;
    spin_unlock_irqrestore(&hv->init_sipi_lock, flags);
    trace(TRC_IRQ, "init", "d=%u v=%d from=%d up=%d", v->domain->domain_id, v->vcpu_id,
          sender->vcpu_id, kick);
    if (kick)
        vcpu_kick(v);
}

void hvm_vcpu_sipi(struct vcpu *sender, struct vcpu *v, uint8_t vector)
{
    struct hvm_vcpu *hv = &v->arch.hvm;
    unsigned long flags = spin_lock_irqsave(&hv->init_sipi_lock);
    bool down = is_down(v), taken = down || hv->init_pending;

    if (taken) {
        hv->sipi_pending = true;
        hv->sipi_cs = (uint16_t)(vector << 8);
    }
    if (down) {
        v->is_initialised = true;           /* VCPUOP_initialise: -EEXIST now */
        __atomic_fetch_and(&v->pause_flags, ~VPF_down, __ATOMIC_RELEASE);
    }
    spin_unlock_irqrestore(&hv->init_sipi_lock, flags);
    trace(TRC_IRQ, "sipi", "d=%u v=%d from=%d vector=%#x taken=%d", v->domain->domain_id,
          v->vcpu_id, sender->vcpu_id, vector, taken);
    if (down)
        vcpu_wake(v);
}

/* At the top of v's run loop: an INIT takes it down (the loop then
 * schedules it out), a SIPI recorded meanwhile starts it again. */
void hvm_init_sipi_work(struct vcpu *v)
{
    struct hvm_vcpu *hv = &v->arch.hvm;
    unsigned long flags;

    if (!__atomic_load_n(&hv->init_pending, __ATOMIC_ACQUIRE) &&
        !__atomic_load_n(&hv->sipi_pending, __ATOMIC_ACQUIRE))
        return;
    flags = spin_lock_irqsave(&hv->init_sipi_lock);
    if (hv->init_pending) {
        hv->init_pending = false;
        vlapic_do_init(v);
        hv->nmi_pending = false;
        v->is_initialised = false;          /* Xen's vcpu_reset */
        if (!hv->sipi_pending)
            __atomic_fetch_or(&v->pause_flags, VPF_down, __ATOMIC_RELEASE);
    }
    if (hv->sipi_pending) {
        hv->sipi_pending = false;
        v->is_initialised = true;
        hvm_funcs.set_real_mode_start(v, hv->sipi_cs);
        /* The BSP's TSC, as Xen syncs an AP's. */
        hvm_funcs.set_tsc_offset(v, hv->cache_tsc_offset =
                                        v->domain->vcpu[0]->arch.hvm.cache_tsc_offset);
        printk(XENLOG_INFO "d%uv%d: started by SIPI at %04x:0000\n", v->domain->domain_id,
               v->vcpu_id, hv->sipi_cs);
    }
    spin_unlock_irqrestore(&hv->init_sipi_lock, flags);
}

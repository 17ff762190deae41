/* Emulated local APIC (see asm/hvm/vlapic.h). Register layout and
 * semantics: Intel SDM vol. 3, 11.4-11.8 (the AMD APM vol. 2, ch. 16 is
 * the same for what is here). The timer counts at 1 GHz, as Xen's does
 * (APIC_BUS_CYCLE_NS 1). */
#include <xen/lib.h>
#include <xen/sched.h>
#include <xen/softirq.h>
#include <xen/time.h>
#include <xen/trace.h>
#include <asm/smp.h>
#include <asm/processor.h>
#include <asm/hvm/hvm.h>
#include <asm/hvm/vlapic.h>
#include <asm/hvm/irq.h>

#define REG(off) (((off) & 0xff0) >> 4)     /* registers sit on 16-byte slots */
#define APIC_ID    0x020
#define APIC_LVR   0x030
#define APIC_TASKPRI 0x080
#define APIC_PROCPRI 0x0a0
#define APIC_EOI   0x0b0
#define APIC_LDR   0x0d0
#define APIC_DFR   0x0e0
#define APIC_SPIV  0x0f0
#define APIC_ISR   0x100
#define APIC_TMR   0x180
#define APIC_IRR   0x200
#define APIC_ESR   0x280
#define APIC_ICR   0x300
#define APIC_ICR2  0x310
#define APIC_LVTT  0x320
#define APIC_LVT0  0x350
#define APIC_LVTERR 0x370
#define APIC_TMICT 0x380
#define APIC_TMCCT 0x390
#define APIC_TDCR  0x3e0
#define APIC_DM_FIXED  0
#define APIC_DM_NMI    4
#define APIC_DM_INIT   5
#define APIC_DM_STARTUP 6
#define ICR_LEVEL_TRIG (1u << 15)
#define ICR_ASSERT     (1u << 14)
#define ICR_DEST_LOGICAL (1u << 11)
#define ICR_SHORTHAND(icr) (((icr) >> 18) & 3)     /* none, self, all, all but self */
#define LVT_MASKED (1u << 16)
#define LVTT_PERIODIC (1u << 17)
#define LVTT_MODE     (3u << 17)        /* one-shot 00, periodic 01, TSC-deadline 10 */
#define LVTT_TDT      (2u << 17)
#define SPIV_ENABLED (1u << 8)

static struct vlapic *vcpu_vlapic(struct vcpu *v)
{
    return &v->arch.hvm.vlapic;
}

static uint32_t *reg(struct vlapic *vl, unsigned int off)
{
    return &vl->regs[REG(off)];
}

/* 256-bit vectors (ISR, TMR, IRR): bit v of the register block at base. */
static void vec_set(struct vlapic *vl, unsigned int base, int v, bool on)
{
    uint32_t *r = reg(vl, base + (v / 32) * 0x10);

    if (on)
        __atomic_fetch_or(r, 1u << (v % 32), __ATOMIC_SEQ_CST);
    else
        __atomic_fetch_and(r, ~(1u << (v % 32)), __ATOMIC_SEQ_CST);
}

static int vec_highest(struct vlapic *vl, unsigned int base)
{
    for (int i = 7; i >= 0; i--) {
        uint32_t w = __atomic_load_n(reg(vl, base + i * 0x10), __ATOMIC_SEQ_CST);

        if (w)
            return i * 32 + 31 - __builtin_clz(w);
    }
    return -1;
}

/* PPR (SDM 11.8.3.1): the higher of TPR and the in-service class. */
static uint32_t ppr(struct vlapic *vl)
{
    uint32_t tpr = *reg(vl, APIC_TASKPRI) & 0xff;
    int isr = vec_highest(vl, APIC_ISR);
    uint32_t isrv = isr < 0 ? 0 : (uint32_t)isr & 0xf0;

    return (tpr & 0xf0) >= isrv ? tpr : isrv;
}

/* A pending interrupt makes a blocked vCPU runnable, and one running on
 * another pCPU leave the guest to see it. */
void vlapic_set_irq(struct vcpu *v, int vector)
{
    vec_set(vcpu_vlapic(v), APIC_IRR, vector, true);
    vcpu_kick(v);
}

/* Does the IPI's destination name target (SDM 11.6.2, 11.12.9)? Physical
 * mode: its APIC ID (Xen's 2 * vCPU ID) or the broadcast ID (0xff, x2APIC
 * 0xffffffff); logical mode: xAPIC's flat model (DFR stays flat) against
 * LDR's bitmap, x2APIC's cluster model against the derived LDR. */
static bool vlapic_match_dest(struct vcpu *target, const struct vcpu *source,
                              uint32_t icr, uint32_t dest)
{
    uint32_t id = (uint32_t)target->vcpu_id * 2;

    switch (ICR_SHORTHAND(icr)) {
    case 1: return target == source;
    case 2: return true;
    case 3: return target != source;
    }
    if (vlapic_x2apic_mode(source)) {
        if (icr & ICR_DEST_LOGICAL)
            return (dest >> 16) == (id >> 4) && (dest & 0xffff & (1u << (id & 0xf)));
        return dest == 0xffffffff || dest == id;
    }
    if (icr & ICR_DEST_LOGICAL)
        return (*reg(vcpu_vlapic(target), APIC_LDR) >> 24) & dest;
    return dest == 0xff || dest == id;
}

/* An IPI written to ICR (SDM 11.6.1). Fixed, NMI, INIT and STARTUP are
 * delivered, as Xen's vlapic_accept_irq does (an NMI to "self" too, which
 * the SDM calls invalid and Xen accepts; INIT's de-assert, a level-
 * triggered INIT without the assert bit, does nothing); lowest priority,
 * SMI and the rest are dropped. */
static void vlapic_ipi(struct vcpu *v, uint32_t icr, uint32_t dest)
{
    unsigned int mode = (icr >> 8) & 7, vector = icr & 0xff;
    struct vcpu *o;

    if (mode == APIC_DM_INIT && (icr & (ICR_LEVEL_TRIG | ICR_ASSERT)) == ICR_LEVEL_TRIG)
        return;
    if (mode != APIC_DM_NMI && mode != APIC_DM_INIT && mode != APIC_DM_STARTUP &&
        (mode != APIC_DM_FIXED || vector < 16))
        return;
    for (o = v->domain->vcpu[0]; o; o = o->next_in_list) {
        if (!vlapic_match_dest(o, v, icr, dest))
            continue;
        if (mode == APIC_DM_NMI)
            hvm_inject_nmi(o);
        else if (mode == APIC_DM_INIT)
            hvm_vcpu_init_ipi(v, o);
        else if (mode == APIC_DM_STARTUP)
            hvm_vcpu_sipi(v, o, (uint8_t)vector);
        else
            vlapic_set_irq(o, (int)vector);
    }
}

static uint64_t divisor(struct vlapic *vl)
{
    uint32_t d = *reg(vl, APIC_TDCR);
    unsigned int shift = ((d & 3) | ((d & 8) >> 1)) + 1;    /* SDM fig. 11-10 */

    return shift == 8 ? 1 : 1ULL << shift;
}

static void timer_fn(void *data)
{
    struct vcpu *v = data;
    struct vlapic *vl = vcpu_vlapic(v);
    uint32_t lvtt = *reg(vl, APIC_LVTT);

    if ((lvtt & LVTT_MODE) == LVTT_TDT)
        vl->tdt_msr = 0;                    /* fired: the MSR reads 0 again */
    else if ((lvtt & LVTT_MODE) == LVTT_PERIODIC && *reg(vl, APIC_TMICT)) {
        vl->timer_start = NOW();
        set_timer(&vl->timer, vl->timer_start +
                  (s_time_t)(*reg(vl, APIC_TMICT) * vl->timer_period_ns));
    }
    if (!(lvtt & LVT_MASKED) && (*reg(vl, APIC_SPIV) & SPIV_ENABLED))
        vlapic_set_irq(v, (int)(lvtt & 0xff));
}

static void timer_start(struct vlapic *vl, uint32_t count)
{
    stop_timer(&vl->timer);
    vl->timer_period_ns = divisor(vl);
    if (!count)
        return;
    vl->timer_start = NOW();
    set_timer(&vl->timer, vl->timer_start + (s_time_t)(count * vl->timer_period_ns));
}

static bool tdt_mode(struct vlapic *vl)
{
    return (*reg(vl, APIC_LVTT) & LVTT_MODE) == LVTT_TDT;
}

uint64_t vlapic_tdt_msr_get(struct vcpu *v)
{
    struct vlapic *vl = vcpu_vlapic(v);

    return tdt_mode(vl) ? vl->tdt_msr : 0;
}

/* Xen's vlapic_tdt_msr_set: 0 disarms, a deadline already passed fires at
 * once, a later one arms the timer (the guest's TSC runs at the host's). */
void vlapic_tdt_msr_set(struct vcpu *v, uint64_t val)
{
    struct vlapic *vl = vcpu_vlapic(v);
    uint64_t now = hvm_get_guest_tsc(v);

    if (!(vl->apic_base_msr & APIC_BASE_ENABLE) || !tdt_mode(vl))
        return;
    stop_timer(&vl->timer);
    vl->tdt_msr = 0;
    if (!val)
        return;
    if (val <= now) {
        timer_fn(v);
        return;
    }
    vl->tdt_msr = val;
    set_timer(&vl->timer, NOW() + (s_time_t)((val - now) * 1000000 / cpu_khz));
}

static uint32_t timer_current(struct vlapic *vl)
{
    uint64_t count = *reg(vl, APIC_TMICT), done;

    if (!count || !vl->timer_period_ns || tdt_mode(vl))
        return 0;
    done = (uint64_t)(NOW() - vl->timer_start) / vl->timer_period_ns;
    if ((*reg(vl, APIC_LVTT) & LVTT_MODE) == LVTT_PERIODIC)
        return (uint32_t)(count - done % count);
    return done >= count ? 0 : (uint32_t)(count - done);
}

/* The state after reset or INIT (SDM 10.4.7.3): all registers cleared but
 * the ID, the LVTs masked; IA32_APIC_BASE (x2APIC mode too) is kept. */
static void vlapic_reset_regs(struct vcpu *v)
{
    struct vlapic *vl = vcpu_vlapic(v);

    memset(vl->regs, 0, sizeof(vl->regs));
    /* Xen's APIC IDs are 2 * vCPU ID; version 0x14 with 6 LVT entries. */
    *reg(vl, APIC_ID) = (uint32_t)(v->vcpu_id * 2) << 24;
    *reg(vl, APIC_LVR) = 0x00050014;
    *reg(vl, APIC_DFR) = 0xffffffff;
    *reg(vl, APIC_SPIV) = 0xff;
    for (unsigned int off = APIC_LVTT; off <= APIC_LVTERR; off += 0x10)
        *reg(vl, off) = LVT_MASKED;
    vl->injecting = -1;
    vl->timer_period_ns = 0;
    vl->tdt_msr = 0;
}

void vlapic_init(struct vcpu *v)
{
    struct vlapic *vl = vcpu_vlapic(v);

    vlapic_reset_regs(v);
    vl->apic_base_msr = VLAPIC_BASE | APIC_BASE_ENABLE | (v->vcpu_id ? 0 : APIC_BASE_BSP);
    init_timer(&vl->timer, timer_fn, v, v->processor);
}

/* INIT, handled by the vCPU itself (hvm/init_sipi.c). */
void vlapic_do_init(struct vcpu *v)
{
    stop_timer(&vcpu_vlapic(v)->timer);
    vlapic_reset_regs(v);
}

void vlapic_destroy(struct vcpu *v)
{
    kill_timer(&vcpu_vlapic(v)->timer);
}

/* In x2APIC mode the MMIO page is gone (SDM 11.12.1.2): unclaimed memory. */
bool vlapic_mmio_access(struct vcpu *v, uint64_t gpa)
{
    return (gpa & ~0xfffULL) == VLAPIC_BASE && !vlapic_x2apic_mode(v);
}

bool vlapic_x2apic_mode(const struct vcpu *v)
{
    return v->arch.hvm.vlapic.apic_base_msr & APIC_BASE_EXTD;
}

uint64_t vlapic_base_msr(struct vcpu *v)
{
    return vcpu_vlapic(v)->apic_base_msr;
}

/* IA32_APIC_BASE (SDM 11.12.5): only the mode may change, enabled xAPIC to
 * x2APIC; leaving x2APIC (which takes a disable) and moving or disabling
 * the APIC are not offered: #GP. */
int vlapic_set_base_msr(struct vcpu *v, uint64_t val)
{
    struct vlapic *vl = vcpu_vlapic(v);

    if ((val & ~(uint64_t)APIC_BASE_EXTD) != (vl->apic_base_msr & ~(uint64_t)APIC_BASE_EXTD))
        return -1;
    if (vlapic_x2apic_mode(v) && !(val & APIC_BASE_EXTD))
        return -1;
    vl->apic_base_msr = val;
    return 0;
}

/* x2APIC MSRs 0x800-0x8ff (SDM 11.12.1.2, table 11-6): the xAPIC register
 * at (msr - 0x800) << 4, 32 bits wide, except ICR (64 bits, ICR2 gone),
 * the x2APIC ID and the cluster LDR derived from it, the write-only
 * SELF_IPI; DFR does not exist. What is not there, reads of write-only and
 * writes of read-only registers, and set reserved bits raise #GP. */
#define X2APIC_SELF_IPI 0x3f0
int vlapic_x2apic_rdmsr(struct vcpu *v, uint32_t msr, uint64_t *val)
{
    unsigned int off = (msr - 0x800) << 4;
    uint32_t id = (uint32_t)v->vcpu_id * 2;

    if (!vlapic_x2apic_mode(v) || msr - 0x800 > 0xff)
        return -1;
    switch (off) {
    case APIC_ID:
        *val = id;
        return 0;
    case APIC_LDR:
        *val = ((id >> 4) << 16) | (1u << (id & 0xf));
        return 0;
    case APIC_ICR:
        *val = *reg(vcpu_vlapic(v), APIC_ICR) | ((uint64_t)vcpu_vlapic(v)->icr_dest << 32);
        return 0;
    case APIC_LVR: case APIC_TASKPRI: case APIC_PROCPRI: case APIC_SPIV:
    case APIC_ISR ... APIC_ISR + 0x70: case APIC_TMR ... APIC_TMR + 0x70:
    case APIC_IRR ... APIC_IRR + 0x70: case APIC_ESR:
    case APIC_LVTT ... APIC_LVTERR: case APIC_TMICT: case APIC_TMCCT: case APIC_TDCR:
        *val = vlapic_read(v, off);
        return 0;
    }
    return -1;
}

int vlapic_x2apic_wrmsr(struct vcpu *v, uint32_t msr, uint64_t val)
{
    unsigned int off = (msr - 0x800) << 4;

    if (!vlapic_x2apic_mode(v) || msr - 0x800 > 0xff)
        return -1;
    if (off != APIC_ICR && (val >> 32))
        return -1;
    switch (off) {
    case APIC_ICR:
        vcpu_vlapic(v)->icr_dest = (uint32_t)(val >> 32);
        *reg(vcpu_vlapic(v), APIC_ICR) = (uint32_t)val & ~(1u << 12);
        vlapic_ipi(v, (uint32_t)val, (uint32_t)(val >> 32));
        return 0;
    case X2APIC_SELF_IPI:                   /* a fixed IPI to self */
        if (val > 0xff)
            return -1;
        vlapic_ipi(v, (1u << 18) | (uint32_t)val, 0);
        return 0;
    case APIC_EOI:
        if (val)
            return -1;
        /* fall through */
    case APIC_TASKPRI: case APIC_SPIV: case APIC_ESR: case APIC_LVTT ... APIC_LVTERR:
    case APIC_TMICT: case APIC_TDCR:
        vlapic_write(v, off, (uint32_t)val);
        return 0;
    }
    return -1;
}

uint32_t vlapic_read(struct vcpu *v, unsigned int offset)
{
    struct vlapic *vl = vcpu_vlapic(v);

    switch (offset & 0xff0) {
    case APIC_PROCPRI:
        return ppr(vl);
    case APIC_TMCCT:
        return timer_current(vl);
    case APIC_EOI:                          /* write-only */
        return 0;
    }
    return offset < 0x400 ? *reg(vl, offset) : 0;
}

void vlapic_write(struct vcpu *v, unsigned int offset, uint32_t val)
{
    struct vlapic *vl = vcpu_vlapic(v);
    int isr;

    switch (offset & 0xff0) {
    case APIC_TASKPRI:
        *reg(vl, offset) = val & 0xff;
        break;
    case APIC_EOI:                          /* the highest in-service one ends */
        if ((isr = vec_highest(vl, APIC_ISR)) >= 0)
            vec_set(vl, APIC_ISR, isr, false);
        break;
    case APIC_LDR:
        *reg(vl, offset) = val & 0xff000000;
        break;
    case APIC_DFR:
        *reg(vl, offset) = val | 0x0fffffff;
        break;
    case APIC_SPIV:
        /* A full barrier: an event sender on another pCPU sets
         * evtchn_upcall_pending, then reads SVR (hvm_assert_evtchn_irq);
         * one of the two sides must see the other's write. */
        __atomic_store_n(reg(vl, offset), val & 0x3ff, __ATOMIC_SEQ_CST);
        if (!(val & SPIV_ENABLED)) {        /* software disable masks every LVT */
            for (unsigned int off = APIC_LVTT; off <= APIC_LVTERR; off += 0x10)
                *reg(vl, off) |= LVT_MASKED;
        } else if (v->arch.hvm.evtchn_upcall_vector && hvm_evtchn_upcall_pending(v)) {
            /* The upcall hvm_assert_evtchn_irq held back while the APIC
             * was disabled, marked now (Xen 4.17.7's vlapic_reg_write). */
            vlapic_set_irq(v, v->arch.hvm.evtchn_upcall_vector);
        }
        break;
    case APIC_ESR:
        *reg(vl, offset) = 0;
        break;
    case APIC_LVTT:
        /* Entering or leaving TSC-deadline mode disarms the timer (SDM
         * 10.5.4.1; Xen clears TMICT and the deadline). */
        if (tdt_mode(vl) != ((val & LVTT_MODE) == LVTT_TDT)) {
            stop_timer(&vl->timer);
            *reg(vl, APIC_TMICT) = 0;
            vl->tdt_msr = 0;
        }
        *reg(vl, offset) = val & (LVTT_MODE | LVT_MASKED | 0xff);
        break;
    case APIC_LVTT + 0x10 ... APIC_LVTERR:
        *reg(vl, offset) = val & (LVT_MASKED | 0x7ff);
        break;
    case APIC_TMICT:
        if (tdt_mode(vl))
            break;                          /* ignored in TSC-deadline mode */
        *reg(vl, offset) = val;
        timer_start(vl, val);
        break;
    case APIC_TDCR:
        *reg(vl, offset) = val & 0xb;
        break;
    case APIC_ICR:
        /* Delivery is immediate: the status bit (12) always reads idle. */
        *reg(vl, offset) = val & ~(1u << 12);
        vlapic_ipi(v, val, *reg(vl, APIC_ICR2) >> 24);
        break;
    case APIC_ICR2:
        *reg(vl, offset) = val & 0xff000000;
        break;
    default:
        break;                              /* read-only or reserved: ignored */
    }
}

int vlapic_pending(struct vcpu *v)
{
    struct vlapic *vl = vcpu_vlapic(v);
    int irr = vec_highest(vl, APIC_IRR);

    if (irr < 16 || !vlapic_enabled(v))
        return -1;
    return ((uint32_t)irr & 0xf0) > (ppr(vl) & 0xf0) ? irr : -1;
}

bool vlapic_enabled(const struct vcpu *v)
{
    return __atomic_load_n(&v->arch.hvm.vlapic.regs[REG(APIC_SPIV)], __ATOMIC_SEQ_CST) &
           SPIV_ENABLED;
}

bool vlapic_has_pending(struct vcpu *v)
{
    return vlapic_pending(v) >= 0;
}

void vlapic_ack(struct vcpu *v, int vector)
{
    struct vlapic *vl = vcpu_vlapic(v);

    vec_set(vl, APIC_IRR, vector, false);
    vec_set(vl, APIC_ISR, vector, true);
    if (trace_enabled(TRC_VMEXIT))
        trace(TRC_VMEXIT, "inject", "d=%u v=%d vector=%d type=intr", v->domain->domain_id,
              v->vcpu_id, vector);
}

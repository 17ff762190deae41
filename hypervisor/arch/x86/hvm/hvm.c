/* The vendor-independent HVM layer: a domain's p2m and permission maps,
 * the vCPU's mode, RIP and TSC, memory access on a vCPU's behalf (its page
 * tables, then the p2m), event injection, and port I/O nobody claims. */
#include <xen/lib.h>
#include <xen/sched.h>
#include <xen/mm.h>
#include <xen/trace.h>
#include <xen/hypercall.h>
#include <asm/io.h>
#include <asm/hvm/hvm.h>
#include <asm/guest_walk.h>
#include <asm/hvm/irq.h>
#include <xen/guest_copy.h>
#include <asm/p2m.h>

struct hvm_function_table hvm_funcs;

/* NPT tables come from the xenheap: identity mapped, so maddr = pointer. */
static uint64_t p2m_alloc_table(void *ctx)
{
    void *p = alloc_xenheap_pages(0);

    (void)ctx;
    if (!p)
        return 0;
    memset(p, 0, PAGE_SIZE);
    return virt_to_maddr(p);
}

static void p2m_free_table(void *ctx, uint64_t maddr)
{
    (void)ctx;
    free_xenheap_pages(maddr_to_virt(maddr), 0);
}

static void *p2m_map_table(void *ctx, uint64_t maddr)
{
    (void)ctx;
    return maddr_to_virt(maddr);
}

static const struct p2m_pt_ops xenheap_p2m_ops = {
    .alloc_table = p2m_alloc_table, .free_table = p2m_free_table, .map = p2m_map_table,
};

/* MSRPM (APM 15.11): two bits per MSR (read, write) in three 2 KiB ranges. */
static void msrpm_allow(uint8_t *msrpm, uint32_t msr)
{
    unsigned int base;

    if (msr < 0x2000)
        base = 0;
    else if (msr - 0xc0000000u < 0x2000)
        base = 0x800, msr -= 0xc0000000u;
    else
        return;
    msrpm[base + msr / 4] &= (uint8_t)~(3u << ((msr % 4) * 2));
}

int hvm_domain_initialise(struct domain *d)
{
    /* VMLOAD/VMSAVE switch these; the guest owns them outright. */
    static const uint32_t passthrough[] = {
        0xc0000100, 0xc0000101, 0xc0000102,                 /* FS/GS/KernelGS base */
        0xc0000081, 0xc0000082, 0xc0000083, 0xc0000084,     /* STAR, LSTAR, CSTAR, SFMASK */
        0x174, 0x175, 0x176,                                /* SYSENTER */
    };

    d->arch.p2m_lock = (spinlock_t)SPIN_LOCK_UNLOCKED;
    if (p2m_pt_init(&d->arch.p2m, &xenheap_p2m_ops, NULL))
        return -1;
    /* IOPM: 12 KiB, every port intercepted; MSRPM: 8 KiB (APM 15.10, 15.11). */
    d->arch.iopm = alloc_xenheap_pages(2);
    d->arch.msrpm = alloc_xenheap_pages(1);
    if (!d->arch.iopm || !d->arch.msrpm) {
        hvm_domain_destroy(d);
        return -1;
    }
    memset(d->arch.iopm, 0xff, 4 * PAGE_SIZE);
    memset(d->arch.msrpm, 0xff, 2 * PAGE_SIZE);
    for (unsigned int i = 0; i < ARRAY_SIZE(passthrough); i++)
        msrpm_allow(d->arch.msrpm, passthrough[i]);
    d->arch.iopm_pa = virt_to_maddr(d->arch.iopm);
    d->arch.msrpm_pa = virt_to_maddr(d->arch.msrpm);
    return 0;
}

void hvm_domain_destroy(struct domain *d)
{
    if (d->arch.p2m.root)
        p2m_pt_teardown(&d->arch.p2m);
    if (d->arch.iopm)
        free_xenheap_pages(d->arch.iopm, 2);
    if (d->arch.msrpm)
        free_xenheap_pages(d->arch.msrpm, 1);
    d->arch.iopm = d->arch.msrpm = NULL;
}

void hvm_inject_hw_exception(struct vcpu *v, unsigned int vector, int errcode)
{
    struct x86_event e = {
        .vector = (uint8_t)vector, .type = X86_EVENTTYPE_HW_EXCEPTION,
        .has_error_code = errcode != X86_EVENT_NO_EC, .error_code = (uint32_t)errcode,
    };

    if (trace_enabled(TRC_VMEXIT))
        trace(TRC_VMEXIT, "inject", "d=%u v=%d vector=%u ec=%d", v->domain->domain_id,
              v->vcpu_id, vector, errcode);
    hvm_funcs.inject_event(v, &e);
}

int hvm_guest_x86_mode(struct vcpu *v)
{
    struct segment_register cs;

    if (!(v->arch.hvm.guest_cr[0] & X86_CR0_PE))
        return 0;
    if (v->arch.user_regs.rflags & X86_EFLAGS_VM)
        return 1;
    hvm_funcs.get_segment_register(v, x86_seg_cs, &cs);
    if (hvm_long_mode_active(v) && (cs.attr & SEG_ATTR_L))
        return 8;
    return cs.attr & SEG_ATTR_DB ? 4 : 2;
}

void hvm_advance_rip(struct vcpu *v, unsigned int len)
{
    struct cpu_user_regs *regs = &v->arch.user_regs;

    regs->rip += len;
    if (hvm_guest_x86_mode(v) != 8)
        regs->rip &= 0xffffffffu;
    hvm_funcs.set_interrupt_shadow(v, hvm_funcs.get_interrupt_shadow(v) &
                                      ~(HVM_INTR_SHADOW_STI | HVM_INTR_SHADOW_MOV_SS));
}

uint64_t hvm_get_guest_tsc(struct vcpu *v)
{
    return rdtsc() + v->arch.hvm.cache_tsc_offset;
}

void hvm_set_guest_tsc(struct vcpu *v, uint64_t guest_tsc)
{
    v->arch.hvm.cache_tsc_offset = guest_tsc - rdtsc();
    hvm_funcs.set_tsc_offset(v, v->arch.hvm.cache_tsc_offset);
}

/* Guest-physical to a hypervisor pointer: RAM the domain has, or NULL. */
static void *gpa_to_virt(struct domain *d, uint64_t gpa, bool write)
{
    p2m_type_t t;
    unsigned long mfn = p2m_lookup(d, gpa >> PAGE_SHIFT, &t);

    if (mfn == INVALID_MFN || (t != p2m_ram_rw && !(t == p2m_ram_ro && !write)))
        return NULL;
    return maddr_to_virt(((paddr_t)mfn << PAGE_SHIFT) | (gpa & ~PAGE_MASK));
}

static int walk_read(void *ctx, uint64_t gpa, uint64_t *val)
{
    uint64_t *p = gpa_to_virt(ctx, gpa, false);

    if (!p)
        return -1;
    *val = __atomic_load_n(p, __ATOMIC_RELAXED);
    return 0;
}

static int walk_write(void *ctx, uint64_t gpa, uint64_t val)
{
    uint64_t *p = gpa_to_virt(ctx, gpa, true);

    if (!p)
        return -1;
    __atomic_store_n(p, val, __ATOMIC_RELAXED);
    return 0;
}

static const struct guest_walk_ops walk_ops = { .read_gpa = walk_read, .write_gpa = walk_write };

static enum hvm_translation_result linear_to_gpa(struct vcpu *v, uint64_t va, uint32_t pfec,
                                                 uint64_t *gpa, uint32_t *pfec_out)
{
    const struct hvm_vcpu *hv = &v->arch.hvm;
    struct guest_paging_state st = {
        .cr0 = hv->guest_cr[0], .cr3 = hv->guest_cr[3], .cr4 = hv->guest_cr[4],
        .efer = hv->guest_efer, .rflags = v->arch.user_regs.rflags,
    };
    uint64_t bad;

    /* Copies on the guest's behalf are supervisor accesses unless asked. */
    switch (guest_walk_tables(&st, va, pfec, &walk_ops, v->domain, gpa, pfec_out, &bad)) {
    case GW_OK:
        return HVMTRANS_okay;
    case GW_BAD_GPA:
        return HVMTRANS_bad_gfn_to_mfn;
    default:
        return HVMTRANS_bad_linear_to_gfn;
    }
}

static enum hvm_translation_result copy_linear(struct vcpu *v, uint64_t va, void *buf,
                                               size_t len, bool to_guest, uint32_t pfec,
                                               uint32_t *pfec_out, uint64_t *fault_va)
{
    unsigned int bits = hvm_long_mode_active(v) ? 64 : 32;

    while (len) {
        size_t chunk;
        uint64_t gpa;
        enum hvm_translation_result rc;
        void *p;

        if (guest_copy_chunk(va, len, bits, &chunk)) {
            *fault_va = va;
            *pfec_out = 0;
            return HVMTRANS_bad_linear_to_gfn;
        }
        rc = linear_to_gpa(v, va, pfec, &gpa, pfec_out);
        if (rc != HVMTRANS_okay) {
            *fault_va = va;
            return rc;
        }
        if (!(p = gpa_to_virt(v->domain, gpa, to_guest))) {
            *fault_va = va;
            return HVMTRANS_bad_gfn_to_mfn;
        }
        if (to_guest)
            memcpy(p, buf, chunk);
        else
            memcpy(buf, p, chunk);
        va += chunk;
        buf = (char *)buf + chunk;
        len -= chunk;
    }
    return HVMTRANS_okay;
}

enum hvm_translation_result hvm_copy_from_guest_linear(struct vcpu *v, void *buf,
        uint64_t va, size_t len, uint32_t pfec, uint32_t *pfec_out, uint64_t *fault_va)
{
    return copy_linear(v, va, buf, len, false, pfec, pfec_out, fault_va);
}

enum hvm_translation_result hvm_copy_to_guest_linear(struct vcpu *v, uint64_t va,
        const void *buf, size_t len, uint32_t pfec, uint32_t *pfec_out, uint64_t *fault_va)
{
    return copy_linear(v, va, (void *)buf, len, true, pfec | PFEC_write_access, pfec_out,
                       fault_va);
}

enum hvm_translation_result hvm_copy_to_guest_phys(struct domain *d, uint64_t gpa,
                                                    const void *buf, size_t len)
{
    while (len) {
        size_t chunk = MIN(len, PAGE_SIZE - (gpa & ~PAGE_MASK));
        void *p = gpa_to_virt(d, gpa, true);

        if (!p)
            return HVMTRANS_bad_gfn_to_mfn;
        memcpy(p, buf, chunk);
        gpa += chunk;
        buf = (const char *)buf + chunk;
        len -= chunk;
    }
    return HVMTRANS_okay;
}

unsigned int hvm_fetch_insn(struct vcpu *v, uint8_t *buf, unsigned int len)
{
    struct segment_register cs;
    uint64_t va, fault_va;
    uint32_t pfec = PFEC_insn_fetch | (hvm_funcs.get_cpl(v) == 3 ? PFEC_user_mode : 0);
    unsigned int got = 0;

    hvm_funcs.get_segment_register(v, x86_seg_cs, &cs);
    va = cs.base + v->arch.user_regs.rip;
    /* Byte by byte: the instruction may end just before an unmapped page. */
    for (; got < len; got++) {
        uint32_t pf;

        if (hvm_copy_from_guest_linear(v, buf + got, va + got, 1, pfec, &pf, &fault_va) !=
            HVMTRANS_okay)
            break;
    }
    return got;
}

/* Port 0xe9 is Xen's HVM debug port: what a guest writes there appears on
 * the hypervisor console as "(dN) ..." lines. Every other port is unclaimed:
 * reads give all-ones, writes are dropped, as on Xen for a PVH guest. */
#define DEBUG_PORT 0xe9

bool hvm_portio(struct vcpu *v, uint16_t port, unsigned int size, bool in, uint32_t *val)
{
    if (in) {
        *val = size == 4 ? ~0u : (1u << (size * 8)) - 1;
        return true;
    }
    if (port == DEBUG_PORT)
        guest_console_putc(v, (char)(*val & 0xff));
    return true;
}

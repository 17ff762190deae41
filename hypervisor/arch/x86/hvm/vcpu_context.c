/* The checks of Xen 4.17's arch_set_info_hvm_guest (hvm/domain.c), in its
 * order: a 32-bit context names its segments and each must be usable for
 * its register; a 64-bit one starts in long mode with flat segments the
 * hypervisor chooses. Then CR4 and EFER against the guest's CPUID. */
#include <asm/hvm/vcpu_context.h>
#include <asm/processor.h>
#include <public/errno.h>

#define BIT(n) (1u << (n))

void hvm_cpu_features_from_cpuid(const uint32_t leaf1[4], const uint32_t leaf7[4],
                                 const uint32_t ext1[4], struct hvm_cpu_features *f)
{
    uint32_t edx = leaf1[3], ecx = leaf1[2], ebx7 = leaf7[1], ecx7 = leaf7[2], edx7 = leaf7[3];
    uint64_t v = X86_CR4_PCE;

    /* Leaf 1 EDX: VME 1, DE 2, PSE 3, TSC 4, PAE 6, MCE 7, PGE 13, MCA 14,
     * FXSR 24, SSE 25; ECX: PCID 17, XSAVE 26. Leaf 7: EBX FSGSBASE 0,
     * SMEP 7, SMAP 20; ECX UMIP 2, PKU 3, CET_SS 7; EDX CET_IBT 20. */
    if (edx & BIT(1))
        v |= X86_CR4_VME | X86_CR4_PVI;
    if (edx & BIT(4))
        v |= X86_CR4_TSD;
    if (edx & BIT(2))
        v |= X86_CR4_DE;
    if (edx & BIT(3))
        v |= X86_CR4_PSE;
    if (edx & BIT(6))
        v |= X86_CR4_PAE;
    if (edx & (BIT(7) | BIT(14)))
        v |= X86_CR4_MCE;
    if (edx & BIT(13))
        v |= X86_CR4_PGE;
    if (edx & BIT(24))
        v |= X86_CR4_OSFXSR;
    if (edx & BIT(25))
        v |= X86_CR4_OSXMMEXCPT;
    if (ecx7 & BIT(2))
        v |= X86_CR4_UMIP;
    if (ebx7 & BIT(0))
        v |= X86_CR4_FSGSBASE;
    if (ecx & BIT(17))
        v |= X86_CR4_PCIDE;
    if (ecx & BIT(26))
        v |= X86_CR4_OSXSAVE;
    if (ebx7 & BIT(7))
        v |= X86_CR4_SMEP;
    if (ebx7 & BIT(20))
        v |= X86_CR4_SMAP;
    if (ecx7 & BIT(3))
        v |= X86_CR4_PKE;
    if ((ecx7 & BIT(7)) || (edx7 & BIT(20)))
        v |= X86_CR4_CET;
    f->cr4_valid = v;
    f->syscall = ext1[3] & BIT(11);
    f->lm = ext1[3] & BIT(29);
    f->nx = ext1[3] & BIT(20);
    f->ffxsr = ext1[3] & BIT(25);
}

/* Segment attribute fields (the _ar layout of hvm_vcpu.h). */
#define AR_TYPE(a)  ((a) & 0xf)
#define AR_PAD(a)   ((a) >> 12)
#define TSS_BUSY    0xb

enum seg_kind { SEG_CS, SEG_DS, SEG_SS, SEG_ES, SEG_TR };

static int check_segment(const struct segment_register *s, enum seg_kind k, const char **why)
{
    unsigned int type = AR_TYPE(s->attr);

    if (AR_PAD(s->attr)) {
        *why = "Segment attribute bits 12-15 are not zero";
        return -XEN_EINVAL;
    }
    if (s->attr == 0) {
        if (k == SEG_DS || k == SEG_ES)
            return 0;                       /* a null data segment is fine */
        *why = "Null segment attributes for CS, SS or TR";
        return -XEN_EINVAL;
    }
    if (k == SEG_TR) {
        if (s->attr & SEG_ATTR_S) {
            *why = "Code or data segment provided for TR";
            return -XEN_EINVAL;
        }
        if (type != TSS_BUSY) {
            *why = "Non-32-bit-TSS segment provided for TR";
            return -XEN_EINVAL;
        }
    } else if (!(s->attr & SEG_ATTR_S)) {
        *why = "System segment provided for a code or data segment";
        return -XEN_EINVAL;
    }
    if (!(s->attr & SEG_ATTR_P)) {
        *why = "Non-present segment provided";
        return -XEN_EINVAL;
    }
    if (k == SEG_CS && !(type & 0x8)) {
        *why = "Non-code segment provided for CS";
        return -XEN_EINVAL;
    }
    if (k == SEG_SS && ((type & 0x8) || !(type & 0x2))) {
        *why = "Non-writeable segment provided for SS";
        return -XEN_EINVAL;
    }
    if ((k == SEG_DS || k == SEG_ES) && (type & 0x8) && !(type & 0x2)) {
        *why = "Non-readable segment provided for DS or ES";
        return -XEN_EINVAL;
    }
    return 0;
}

/* As Xen: a present segment is marked accessed (TR: busy) before the
 * checks, so the guest may hand over a TSS as "available". */
static struct segment_register seg32(uint16_t ar, uint32_t limit, uint32_t base, enum seg_kind k)
{
    struct segment_register s = { .attr = ar, .limit = limit, .base = base };

    if (ar & SEG_ATTR_P)
        s.attr |= k == SEG_TR ? 2 : 1;
    return s;
}

static int load_32(const struct vcpu_hvm_x86_32 *r, struct hvm_vcpu_start *o, const char **why)
{
    uint32_t limit;
    int rc;

    if (r->pad1 || r->pad2[0] || r->pad2[1] || r->pad2[2]) {
        *why = "padding not zero";
        return -XEN_EINVAL;
    }
    o->cs = seg32(r->cs_ar, r->cs_limit, r->cs_base, SEG_CS);
    o->ds = seg32(r->ds_ar, r->ds_limit, r->ds_base, SEG_DS);
    o->ss = seg32(r->ss_ar, r->ss_limit, r->ss_base, SEG_SS);
    o->es = seg32(r->es_ar, r->es_limit, r->es_base, SEG_ES);
    o->tr = seg32(r->tr_ar, r->tr_limit, r->tr_base, SEG_TR);
    /* Xen ORs the five results together: the last failure's text is logged
     * there; here the first one's, the code is the same. */
    if ((rc = check_segment(&o->cs, SEG_CS, why)) || (rc = check_segment(&o->ds, SEG_DS, why)) ||
        (rc = check_segment(&o->ss, SEG_SS, why)) || (rc = check_segment(&o->es, SEG_ES, why)) ||
        (rc = check_segment(&o->tr, SEG_TR, why)))
        return rc;
    limit = o->cs.limit;
    if (o->cs.attr & SEG_ATTR_G)
        limit = (limit << 12) | 0xfff;
    if (r->eip > limit) {
        *why = "EIP outside CS limit";
        return -XEN_EINVAL;
    }
    if (SEG_ATTR_DPL(o->ss.attr) != SEG_ATTR_DPL(o->cs.attr)) {
        *why = "SS.DPL is different than CS.DPL";
        return -XEN_EINVAL;
    }
    if ((o->ds.attr & SEG_ATTR_P) && SEG_ATTR_DPL(o->ds.attr) > SEG_ATTR_DPL(o->cs.attr)) {
        *why = "DS.DPL is greater than CS.DPL";
        return -XEN_EINVAL;
    }
    if ((o->es.attr & SEG_ATTR_P) && SEG_ATTR_DPL(o->es.attr) > SEG_ATTR_DPL(o->cs.attr)) {
        *why = "ES.DPL is greater than CS.DPL";
        return -XEN_EINVAL;
    }
    if ((r->efer & EFER_LMA) && !(r->efer & EFER_LME)) {
        *why = "EFER.LMA set without EFER.LME";
        return -XEN_EINVAL;
    }
    o->gpr[0] = r->eax, o->gpr[1] = r->ecx, o->gpr[2] = r->edx, o->gpr[3] = r->ebx;
    o->gpr[4] = r->esp, o->gpr[5] = r->ebp, o->gpr[6] = r->esi, o->gpr[7] = r->edi;
    o->rip = r->eip;
    o->rflags = r->eflags;
    o->cr0 = r->cr0, o->cr3 = r->cr3, o->cr4 = r->cr4, o->efer = r->efer;
    return 0;
}

static bool is_canonical(uint64_t va)
{
    uint64_t top = va >> 47;                /* bits 63..47 all equal */

    return top == 0 || top == 0x1ffff;
}

static int load_64(const struct vcpu_hvm_x86_64 *r, struct hvm_vcpu_start *o, const char **why)
{
    if (!is_canonical(r->rip)) {
        *why = "RIP contains a non-canonical address";
        return -XEN_EINVAL;
    }
    if (!(r->cr0 & X86_CR0_PG)) {
        *why = "CR0 doesn't have paging enabled";
        return -XEN_EINVAL;
    }
    if (!(r->cr4 & X86_CR4_PAE)) {
        *why = "CR4 doesn't have PAE enabled";
        return -XEN_EINVAL;
    }
    if (!(r->efer & EFER_LME)) {
        *why = "EFER doesn't have LME enabled";
        return -XEN_EINVAL;
    }
    o->gpr[0] = r->rax, o->gpr[1] = r->rcx, o->gpr[2] = r->rdx, o->gpr[3] = r->rbx;
    o->gpr[4] = r->rsp, o->gpr[5] = r->rbp, o->gpr[6] = r->rsi, o->gpr[7] = r->rdi;
    o->rip = r->rip;
    o->rflags = r->rflags;
    o->cr0 = r->cr0, o->cr3 = r->cr3, o->cr4 = r->cr4, o->efer = r->efer;
    /* Flat, base 0: 64-bit code, read/write data, a busy 64-bit TSS. */
    o->cs = (struct segment_register){ .attr = 0xa9b, .limit = ~0u };
    o->ds = o->ss = o->es = (struct segment_register){ .attr = 0xc93, .limit = ~0u };
    o->tr = (struct segment_register){ .attr = 0x8b, .limit = 0x67 };
    return 0;
}

int hvm_vcpu_context_check(const struct vcpu_hvm_context *ctx, const struct hvm_cpu_features *f,
                           struct hvm_vcpu_start *out, const char **why)
{
    const uint64_t known = EFER_SCE | EFER_LME | EFER_LMA | EFER_NXE | EFER_SVME | EFER_FFXSE;
    int rc;

    *out = (struct hvm_vcpu_start){ 0 };
    if (ctx->pad) {
        *why = "padding not zero";
        return -XEN_EINVAL;
    }
    if (ctx->mode == VCPU_HVM_MODE_32B)
        rc = load_32(&ctx->cpu_regs.x86_32, out, why);
    else if (ctx->mode == VCPU_HVM_MODE_64B)
        rc = load_64(&ctx->cpu_regs.x86_64, out, why);
    else {
        *why = "unknown mode";
        return -XEN_EINVAL;
    }
    if (rc)
        return rc;
    if (out->efer & EFER_LME)
        out->efer |= EFER_LMA;
    if (out->cr4 & ~f->cr4_valid) {
        *why = "Bad CR4 value";
        return -XEN_EINVAL;
    }
    /* hvm_efer_valid with CR0.PG unknown (-1, taken as set; LMA without
     * LME cannot reach here). SVME would need nested virtualisation,
     * which is not offered. */
    *why = (out->efer & ~known) ? "Bad EFER value: Unknown bits set"
         : ((out->efer & EFER_SCE) && !f->syscall) ? "Bad EFER value: SCE without feature"
         : ((out->efer & (EFER_LME | EFER_LMA)) && !f->lm) ? "Bad EFER value: LME/LMA without feature"
         : ((out->efer & EFER_NXE) && !f->nx) ? "Bad EFER value: NXE without feature"
         : (out->efer & EFER_SVME) ? "Bad EFER value: SVME without nested virt"
         : ((out->efer & EFER_FFXSE) && !f->ffxsr) ? "Bad EFER value: FFXSE without feature"
         : NULL;
    return *why ? -XEN_EINVAL : 0;
}

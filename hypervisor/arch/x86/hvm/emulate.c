/* Accesses to guest-physical addresses nobody backs. Xen treats such a
 * frame of an HVM domain as emulated MMIO and, when no device model claims
 * it (a PVH domU has none), completes the access itself: reads return
 * all-ones, writes are dropped, the domain lives on. We do the same for the
 * plain loads and stores compilers emit for such accesses (MOV, MOVZX);
 * anything else on unclaimed MMIO crashes the domain with a report. */
#include <xen/lib.h>
#include <xen/sched.h>
#include <xen/trace.h>
#include <asm/hvm/hvm.h>
#include <asm/hvm/svm/svm.h>
#include <asm/hvm/svm/vmcb.h>
#include <asm/x86_emulate.h>

static enum x86_insn_mode vcpu_mode(const struct vmcb_struct *vmcb)
{
    if (!(vmcb->cr0 & 1))
        return X86_MODE_REAL;
    if ((vmcb->efer & EFER_LMA) && (vmcb->cs.attr & SEG_ATTR_L))
        return X86_MODE_LONG64;
    return vmcb->cs.attr & SEG_ATTR_DB ? X86_MODE_PROT32 : X86_MODE_PROT16;
}

/* Writes an all-ones result of size bytes to GPR n (Intel SDM 3.4.1.1:
 * 32-bit results zero-extend, 8/16-bit ones merge; without REX, byte
 * registers 4-7 are AH, CH, DH, BH). */
static void set_gpr_ones(struct vcpu *v, unsigned int n, unsigned int size, bool rex,
                         uint64_t zext_ones)
{
    struct vmcb_struct *vmcb = v->arch.hvm.svm.vmcb;
    struct hvm_gprs *r = &v->arch.hvm.gprs;
    uint64_t *regs[16] = { &vmcb->rax, &r->rcx, &r->rdx, &r->rbx, &vmcb->rsp, &r->rbp,
                           &r->rsi, &r->rdi, &r->r8, &r->r9, &r->r10, &r->r11,
                           &r->r12, &r->r13, &r->r14, &r->r15 };
    unsigned int shift = 0;
    uint64_t mask;

    if (size == 1 && !rex && n >= 4 && n < 8) {
        n -= 4;
        shift = 8;
    }
    if (size >= 4) {
        *regs[n] = size == 8 ? ~0ULL : zext_ones;
        return;
    }
    mask = ((1ULL << (size * 8)) - 1) << shift;
    *regs[n] = (*regs[n] & ~mask) | (zext_ones << shift & mask);
}

bool hvm_emulate_unclaimed_mmio(struct vcpu *v, uint64_t gpa)
{
    struct vmcb_struct *vmcb = v->arch.hvm.svm.vmcb;
    enum x86_insn_mode mode = vcpu_mode(vmcb);
    struct x86_insn_info in;
    uint8_t buf[X86_INSN_MAX_LEN];
    unsigned int got = svm_fetch_insn(v, buf, sizeof(buf)), reg, size;
    int len = x86_insn_length(buf, got, mode, &in);
    bool rexw, opsize16;
    uint64_t ones;

    if (len <= 0 || in.vex || in.lock || in.rep || in.repne)
        goto unhandled;
    rexw = in.rex & 8;
    /* Operand size: REX.W 64; else 16 if the default (32, or 16 outside
     * 32/64-bit code) is flipped by 66. */
    opsize16 = (mode == X86_MODE_PROT16 || mode == X86_MODE_REAL) != in.opsize;
    size = rexw ? 8 : opsize16 ? 2 : 4;
    reg = ((in.modrm >> 3) & 7) | (in.rex & 4 ? 8 : 0);
    ones = size == 8 ? ~0ULL : (1ULL << (size * 8)) - 1;
    if (in.map == 0) {
        switch (in.opcode) {
        case 0x8a:                          /* MOV r8, r/m8 */
            set_gpr_ones(v, reg, 1, in.rex, 0xff);
            break;
        case 0x8b:                          /* MOV r, r/m */
            set_gpr_ones(v, reg, size, in.rex, ones);
            break;
        case 0xa0:                          /* MOV AL, moffs */
            set_gpr_ones(v, 0, 1, in.rex, 0xff);
            break;
        case 0xa1:                          /* MOV eAX, moffs */
            set_gpr_ones(v, 0, size, in.rex, ones);
            break;
        case 0x88: case 0x89: case 0xa2: case 0xa3:     /* MOV r/m, r; moffs */
            break;
        case 0xc6: case 0xc7:               /* MOV r/m, imm */
            if ((in.modrm >> 3) & 7)
                goto unhandled;
            break;
        default:
            goto unhandled;
        }
    } else if (in.map == 1 && (in.opcode == 0xb6 || in.opcode == 0xb7)) {
        set_gpr_ones(v, reg, size, in.rex, in.opcode == 0xb6 ? 0xff : 0xffff);   /* MOVZX */
    } else {
        goto unhandled;
    }
    if (trace_enabled(TRC_VMEXIT))
        trace(TRC_VMEXIT, "mmio", "d=%u v=%d gpa=%#llx op=%#x unclaimed=1",
              v->domain->domain_id, v->vcpu_id, (unsigned long long)gpa, in.opcode);
    vmcb->rip += (unsigned int)len;
    if (mode != X86_MODE_LONG64)
        vmcb->rip &= 0xffffffffu;
    vmcb->int_stat &= ~1ull;
    return true;
unhandled:
    printk(XENLOG_ERR "d%uv%d: cannot emulate the instruction at %#llx on unclaimed MMIO "
           "%#llx (%u bytes: %02x %02x %02x %02x)\n", v->domain->domain_id, v->vcpu_id,
           (unsigned long long)vmcb->rip, (unsigned long long)gpa, got, buf[0], buf[1],
           buf[2], buf[3]);
    return false;
}

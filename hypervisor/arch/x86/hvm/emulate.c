/* Emulated MMIO: accesses to guest-physical addresses no RAM backs. The
 * local APIC page goes to the vLAPIC. Any other such frame Xen treats as
 * emulated MMIO that, without a device model (a PVH domU has none), it
 * completes itself: reads return all-ones, writes are dropped, the domain
 * lives on. We emulate the plain loads and stores compilers emit for
 * device registers (MOV, MOVZX); anything else crashes the domain with a
 * report. */
#include <xen/lib.h>
#include <xen/sched.h>
#include <xen/trace.h>
#include <asm/hvm/hvm.h>
#include <asm/x86_emulate.h>
#include <asm/hvm/vlapic.h>

/* Virtual-8086 code decodes as real-mode code does. */
static enum x86_insn_mode vcpu_mode(struct vcpu *v)
{
    switch (hvm_guest_x86_mode(v)) {
    case 8:
        return X86_MODE_LONG64;
    case 4:
        return X86_MODE_PROT32;
    case 2:
        return X86_MODE_PROT16;
    default:
        return X86_MODE_REAL;
    }
}

/* GPR n in the ModRM/opcode numbering (SDM 2.1.5, table 2-2). */
static uint64_t *gpr(struct vcpu *v, unsigned int n)
{
    struct cpu_user_regs *r = &v->arch.user_regs;
    uint64_t *regs[16] = { &r->rax, &r->rcx, &r->rdx, &r->rbx, &r->rsp, &r->rbp,
                           &r->rsi, &r->rdi, &r->r8, &r->r9, &r->r10, &r->r11,
                           &r->r12, &r->r13, &r->r14, &r->r15 };

    return regs[n & 15];
}

/* Without REX, byte registers 4-7 are AH, CH, DH, BH (SDM 3.4.1.1). */
static unsigned int byte_reg_shift(unsigned int *n, unsigned int size, bool rex)
{
    if (size == 1 && !rex && *n >= 4 && *n < 8) {
        *n -= 4;
        return 8;
    }
    return 0;
}

/* A load's result into GPR n: 32-bit results zero-extend, 8/16-bit ones
 * merge (SDM 3.4.1.1). */
static void set_gpr(struct vcpu *v, unsigned int n, unsigned int size, bool rex, uint64_t val)
{
    unsigned int shift = byte_reg_shift(&n, size, rex);
    uint64_t *r = gpr(v, n), mask;

    if (size >= 4) {
        *r = size == 8 ? val : (uint32_t)val;
        return;
    }
    mask = ((1ULL << (size * 8)) - 1) << shift;
    *r = (*r & ~mask) | (val << shift & mask);
}

static uint64_t get_gpr(struct vcpu *v, unsigned int n, unsigned int size, bool rex)
{
    unsigned int shift = byte_reg_shift(&n, size, rex);
    uint64_t val = *gpr(v, n) >> shift;

    return size == 8 ? val : val & ((1ULL << (size * 8)) - 1);
}

static uint64_t mmio_read(struct vcpu *v, uint64_t gpa, unsigned int size)
{
    if (vlapic_mmio_access(v, gpa)) {
        uint64_t val = vlapic_read(v, gpa & 0xffc) >> ((gpa & 3) * 8);

        if (size == 8)
            val |= (uint64_t)vlapic_read(v, (gpa + 4) & 0xffc) << 32;
        return val;
    }
    return ~0ULL;                           /* nobody claims it */
}

static void mmio_write(struct vcpu *v, uint64_t gpa, unsigned int size, uint64_t val)
{
    if (vlapic_mmio_access(v, gpa) && size >= 4 && !(gpa & 3))
        vlapic_write(v, gpa & 0xff0, (uint32_t)val);
}

static uint64_t imm(const uint8_t *buf, const struct x86_insn_info *in)
{
    uint64_t v = 0;

    for (unsigned int i = 0; i < in->imm_len && i < 8; i++)
        v |= (uint64_t)buf[in->imm_off + i] << (i * 8);
    return v;
}

bool hvm_emulate_mmio(struct vcpu *v, uint64_t gpa)
{
    enum x86_insn_mode mode = vcpu_mode(v);
    struct x86_insn_info in;
    uint8_t buf[X86_INSN_MAX_LEN];
    unsigned int got = hvm_fetch_insn(v, buf, sizeof(buf)), reg, size;
    int len = x86_insn_length(buf, got, mode, &in);
    bool rex;

    if (len <= 0 || in.vex || in.lock || in.rep || in.repne)
        goto unhandled;
    rex = in.rex != 0;
    /* Operand size: REX.W 64; else 16 if the default (32, or 16 outside
     * 32/64-bit code) is flipped by 66. */
    size = in.rex & 8 ? 8 : (mode == X86_MODE_PROT16 || mode == X86_MODE_REAL) != in.opsize ?
           2 : 4;
    reg = ((in.modrm >> 3) & 7) | (in.rex & 4 ? 8 : 0);
    if (in.map == 0) {
        switch (in.opcode) {
        case 0x8a:                          /* MOV r8, r/m8 */
            set_gpr(v, reg, 1, rex, mmio_read(v, gpa, 1));
            break;
        case 0x8b:                          /* MOV r, r/m */
            set_gpr(v, reg, size, rex, mmio_read(v, gpa, size));
            break;
        case 0xa0:                          /* MOV AL, moffs */
            set_gpr(v, 0, 1, rex, mmio_read(v, gpa, 1));
            break;
        case 0xa1:                          /* MOV eAX, moffs */
            set_gpr(v, 0, size, rex, mmio_read(v, gpa, size));
            break;
        case 0x88:                          /* MOV r/m8, r8 */
            mmio_write(v, gpa, 1, get_gpr(v, reg, 1, rex));
            break;
        case 0x89:                          /* MOV r/m, r */
            mmio_write(v, gpa, size, get_gpr(v, reg, size, rex));
            break;
        case 0xa2:                          /* MOV moffs, AL */
            mmio_write(v, gpa, 1, get_gpr(v, 0, 1, rex));
            break;
        case 0xa3:                          /* MOV moffs, eAX */
            mmio_write(v, gpa, size, get_gpr(v, 0, size, rex));
            break;
        case 0xc6:                          /* MOV r/m8, imm8 */
        case 0xc7:                          /* MOV r/m, imm (sign-extended) */
            if ((in.modrm >> 3) & 7)
                goto unhandled;
            mmio_write(v, gpa, in.opcode == 0xc6 ? 1 : size, imm(buf, &in));
            break;
        default:
            goto unhandled;
        }
    } else if (in.map == 1 && (in.opcode == 0xb6 || in.opcode == 0xb7)) {
        unsigned int src = in.opcode == 0xb6 ? 1 : 2;   /* MOVZX */

        set_gpr(v, reg, size, rex, mmio_read(v, gpa, src) & ((1ULL << (src * 8)) - 1));
    } else {
        goto unhandled;
    }
    if (trace_enabled(TRC_VMEXIT))
        trace(TRC_VMEXIT, "mmio", "d=%u v=%d gpa=%#llx op=%#x lapic=%d",
              v->domain->domain_id, v->vcpu_id, (unsigned long long)gpa, in.opcode,
              vlapic_mmio_access(v, gpa));
    hvm_advance_rip(v, (unsigned int)len);
    return true;
unhandled:
    printk(XENLOG_ERR "d%uv%d: cannot emulate the instruction at %#llx on MMIO "
           "%#llx (%u bytes: %02x %02x %02x %02x)\n", v->domain->domain_id, v->vcpu_id,
           (unsigned long long)v->arch.user_regs.rip, (unsigned long long)gpa, got, buf[0], buf[1],
           buf[2], buf[3]);
    return false;
}

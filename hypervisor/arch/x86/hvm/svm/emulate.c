/* Instruction lengths for intercepted instructions. Without NRIP save (as
 * under QEMU's TCG) the CPU does not say where the next instruction is, so
 * the bytes at CS:RIP are fetched through the guest's page tables and
 * matched against the opcode the exit implies, after any prefixes (Xen's
 * svm_get_insn_len does the same). A mismatch means the guest changed the
 * code under us or we misread it: the domain is crashed, not guessed at. */
#include <xen/lib.h>
#include <xen/sched.h>
#include <asm/hvm/hvm.h>
#include <asm/hvm/svm/svm.h>
#include <asm/hvm/svm/vmcb.h>
#include <asm/guest_walk.h>

static const struct {
    uint8_t len;
    uint8_t bytes[3];
} opcodes[INSTR_MAX] = {
    [INSTR_CPUID]   = { 2, { 0x0f, 0xa2 } },
    [INSTR_RDMSR]   = { 2, { 0x0f, 0x32 } },
    [INSTR_WRMSR]   = { 2, { 0x0f, 0x30 } },
    [INSTR_HLT]     = { 1, { 0xf4 } },
    [INSTR_VMMCALL] = { 3, { 0x0f, 0x01, 0xd9 } },
    [INSTR_VMCALL]  = { 3, { 0x0f, 0x01, 0xc1 } },
    [INSTR_INVLPGA] = { 3, { 0x0f, 0x01, 0xdf } },
    [INSTR_VMRUN]   = { 3, { 0x0f, 0x01, 0xd8 } },
    [INSTR_VMLOAD]  = { 3, { 0x0f, 0x01, 0xda } },
    [INSTR_VMSAVE]  = { 3, { 0x0f, 0x01, 0xdb } },
    [INSTR_STGI]    = { 3, { 0x0f, 0x01, 0xdc } },
    [INSTR_CLGI]    = { 3, { 0x0f, 0x01, 0xdd } },
    [INSTR_SKINIT]  = { 3, { 0x0f, 0x01, 0xde } },
    [INSTR_MONITOR] = { 3, { 0x0f, 0x01, 0xc8 } },
    [INSTR_MWAIT]   = { 3, { 0x0f, 0x01, 0xc9 } },
    [INSTR_XSETBV]  = { 3, { 0x0f, 0x01, 0xd1 } },
    [INSTR_RDTSCP]  = { 3, { 0x0f, 0x01, 0xf9 } },
    [INSTR_WBINVD]  = { 2, { 0x0f, 0x09 } },
    [INSTR_INVD]    = { 2, { 0x0f, 0x08 } },
    [INSTR_ICEBP]   = { 1, { 0xf1 } },
    [INSTR_PAUSE]   = { 2, { 0xf3, 0x90 } },
};

static bool is_prefix(uint8_t b, bool long_mode)
{
    switch (b) {
    case 0x26: case 0x2e: case 0x36: case 0x3e: case 0x64: case 0x65:
    case 0x66: case 0x67: case 0xf0: case 0xf2: case 0xf3:
        return true;
    }
    return long_mode && (b & 0xf0) == 0x40;     /* REX */
}

unsigned int svm_get_insn_len(struct vcpu *v, enum instruction_index insn)
{
    struct vmcb_struct *vmcb = v->arch.hvm.svm.vmcb;
    uint64_t rip = v->arch.user_regs.rip;
    bool long_mode = vmcb_in_64bit_mode(vmcb);
    uint8_t buf[15];
    unsigned int n, i = 0;

    if (svm_nrips && vmcb->nextrip > rip && vmcb->nextrip - rip <= 15)
        return (unsigned int)(vmcb->nextrip - rip);
    n = hvm_fetch_insn(v, buf, sizeof(buf));
    /* PAUSE is F3 90: its F3 is part of the opcode, not a prefix. */
    while (i < n && insn != INSTR_PAUSE && is_prefix(buf[i], long_mode))
        i++;
    if (i + opcodes[insn].len <= n && !memcmp(buf + i, opcodes[insn].bytes, opcodes[insn].len))
        return i + opcodes[insn].len;
    printk(XENLOG_ERR "d%uv%d: cannot decode the instruction at %#llx for exit %#llx "
           "(%u bytes fetched)\n", v->domain->domain_id, v->vcpu_id,
           (unsigned long long)rip, (unsigned long long)vmcb->exitcode, n);
    svm_vmcb_dump("instruction fetch", v);
    domain_crash(v->domain);
    return 0;
}

/* Exit codes and the one intercepted instruction whose operand we need
 * (see asm/hvm/svm/exitcode.h). Pure: host-tested. */
#include <asm/hvm/svm/exitcode.h>
#include <asm/hvm/svm/vmcb.h>

/* EXITCODE is a quadword and VMEXIT_INVALID is -1 (APM vol. 2, appendix
 * C). QEMU 7.2 passes exit codes as 32-bit values and stores a refused
 * VMRUN's as 0x00000000ffffffff (docs/qemu-tcg-svm.md, conformance test
 * vmrun-invalid-code). No defined code has its low half all ones, so the
 * low half alone decides. (Xen 4.17 compares all 64 bits and so files
 * QEMU's form under "Unexpected vmexit".) */
bool svm_exitcode_is_invalid(uint64_t exitcode)
{
    return (uint32_t)exitcode == (uint32_t)VMEXIT_INVALID;
}

uint64_t svm_exitcode(uint64_t exitcode)
{
    return svm_exitcode_is_invalid(exitcode) ? (uint64_t)(int64_t)VMEXIT_INVALID : exitcode;
}

/* MOV CRn, reg is 0F 22 /r: ModRM.reg (extended by REX.R) names the
 * control register, ModRM.rm (extended by REX.B) the GPR, whatever mod
 * says (Intel SDM vol. 2, MOV-Move to/from Control Registers). AMD also
 * reaches CR8 as LOCK MOV CR0 (APM vol. 3, MOV CRn: CR8 legacy). */
int svm_decode_mov_to_cr8(const uint8_t *bytes, unsigned int avail, enum x86_insn_mode mode,
                          unsigned int *len)
{
    struct x86_insn_info info;
    int n = x86_insn_length(bytes, avail, mode, &info);
    unsigned int cr;

    if (n <= 0 || info.vex || info.map != 1 || info.opcode != 0x22 || !info.has_modrm)
        return -1;
    cr = ((info.modrm >> 3) & 7) | (info.rex & 4 ? 8 : 0);
    if (info.lock && cr == 0)
        cr = 8;
    if (cr != 8)
        return -1;
    *len = (unsigned int)n;
    return (int)((info.modrm & 7) | (info.rex & 1 ? 8 : 0));
}

/* x86 instruction decoding for the hypervisor's emulation paths. QEMU's
 * SVM gives neither NRIP save nor decode assists, so after an intercept we
 * find the length (and the operands' places) ourselves. Pure: host-tested. */
#ifndef ASM_X86_X86_EMULATE_H
#define ASM_X86_X86_EMULATE_H
#include <xen/types.h>

/* A segment register as the emulator and hvm_funcs see it (Xen's struct
 * segment_register; the VMCB stores segments in this very layout, APM
 * vol. 2 table B-2). attr: descriptor bits 40-47 in 0-7, 52-55 in 8-11. */
struct segment_register {
    uint16_t sel;
    uint16_t attr;
    uint32_t limit;
    uint64_t base;
};
#define SEG_ATTR_S    (1u << 4)
#define SEG_ATTR_P    (1u << 7)
#define SEG_ATTR_L    (1u << 9)
#define SEG_ATTR_DB   (1u << 10)
#define SEG_ATTR_G    (1u << 11)
#define SEG_ATTR_DPL(a) (((a) >> 5) & 3)

enum x86_insn_mode { X86_MODE_REAL, X86_MODE_PROT16, X86_MODE_PROT32, X86_MODE_LONG64 };

#define X86_INSN_MAX_LEN 15
#define X86_INSN_TRUNC   1      /* returned negated: more bytes are needed */
#define X86_INSN_INVALID 2      /* returned negated: #UD encoding, or > 15 bytes */

struct x86_insn_info {
    uint8_t len;            /* total length */
    uint8_t map;            /* 0: one-byte, 1: 0F, 2: 0F38, 3: 0F3A; VEX/EVEX: mmmmm
                             * (1-3, EVEX also 5/6); XOP: 8, 9, 10 */
    uint8_t opcode;         /* opcode byte within its map (0F 0F: 0x0f, suffix in imm) */
    bool has_modrm; uint8_t modrm;
    bool has_sib;   uint8_t sib;
    uint8_t rex;            /* 0 if none (long mode only) */
    bool opsize, adsize, lock, rep, repne; uint8_t seg; /* segment override prefix byte or 0 */
    uint8_t disp_off, disp_len, imm_off, imm_len;
    uint8_t opc_off;        /* offset of the opcode byte */
    uint8_t vex;            /* 0, or the escape that began a VEX (0xc4, 0xc5), XOP (0x8f) or EVEX (0x62) prefix */
    bool rip_rel;           /* long mode, mod=0 rm=5: disp32 is relative to the next instruction */
};

/* Length of the instruction in bytes[0..avail): 1..15, or -X86_INSN_TRUNC
 * when more bytes are needed, -X86_INSN_INVALID for an undefined encoding or
 * > 15 bytes. info may be NULL. Reads no byte at or beyond avail. */
int x86_insn_length(const uint8_t *bytes, unsigned int avail, enum x86_insn_mode mode,
                    struct x86_insn_info *info);

#endif

/* Instruction length decoding (see asm/x86_emulate.h), after Intel SDM
 * vol. 2 chapter 2 and appendix A and AMD APM vol. 3 chapter 1 and
 * appendix A: legacy prefixes, REX, VEX/XOP/EVEX, the one-byte, 0F, 0F38 and
 * 0F3A maps, ModRM/SIB/displacement and immediates.
 *
 * Where the vendors differ we follow AMD, whose SVM we run on (and GNU
 * objdump's default): in 64-bit mode a 66 prefix makes near branches
 * (E8, E9, 0F 8x) take a 16-bit displacement; 0F 78 with 66/F2 is
 * SSE4a EXTRQ/INSERTQ with two immediate bytes. 0F FF (UD0) takes a ModRM
 * as on Intel. LOCK is not checked against its instruction: the emulator
 * raises that #UD. */
#include <asm/x86_emulate.h>
#include <xen/string.h>

#define M    (1u << 0)      /* ModRM follows */
#define I8   (1u << 1)      /* immediate bytes: 1 */
#define I16  (1u << 2)      /* 2 */
#define I32  (1u << 3)      /* 4 */
#define IZ   (1u << 4)      /* 2 or 4, by operand size */
#define IV   (1u << 5)      /* 2, 4 or 8 with REX.W (MOV r, imm) */
#define AP   (1u << 6)      /* far pointer: 16:16 or 16:32 */
#define MO   (1u << 7)      /* moffs: by address size */
#define N64  (1u << 8)      /* #UD in 64-bit mode */
#define UD   (1u << 9)      /* undefined */
#define MEM  (1u << 10)     /* ModRM must name memory */
#define GRP  (1u << 11)     /* ModRM.reg or a prefix decides: see group() */
#define REG  (1u << 12)     /* ModRM.mod ignored, always a register (MOV CR/DR) */
#define PFX  (1u << 13)     /* a legacy prefix */

#define ALU(b) [b ... b + 3] = M, [b + 4] = I8, [b + 5] = IZ

static const uint16_t onebyte[256] = {
    ALU(0x00), [0x06 ... 0x07] = N64, ALU(0x08), [0x0e] = N64,
    ALU(0x10), [0x16 ... 0x17] = N64, ALU(0x18), [0x1e ... 0x1f] = N64,
    ALU(0x20), [0x26] = PFX, [0x27] = N64, ALU(0x28), [0x2e] = PFX, [0x2f] = N64,
    ALU(0x30), [0x36] = PFX, [0x37] = N64, ALU(0x38), [0x3e] = PFX, [0x3f] = N64,
    [0x60 ... 0x61] = N64, [0x62] = M | MEM | N64, [0x63] = M, [0x64 ... 0x67] = PFX,
    [0x68] = IZ, [0x69] = M | IZ, [0x6a] = I8, [0x6b] = M | I8,
    [0x70 ... 0x7f] = I8, [0x80] = M | I8, [0x81] = M | IZ, [0x82] = M | I8 | N64,
    [0x83] = M | I8, [0x84 ... 0x8b] = M, [0x8c] = M | GRP, [0x8d] = M | MEM,
    [0x8e ... 0x8f] = M | GRP, [0x9a] = AP | N64, [0xa0 ... 0xa3] = MO,
    [0xa8] = I8, [0xa9] = IZ, [0xb0 ... 0xb7] = I8, [0xb8 ... 0xbf] = IV,
    [0xc0 ... 0xc1] = M | I8, [0xc2] = I16, [0xc4 ... 0xc5] = M | MEM | N64,
    [0xc6 ... 0xc7] = M | GRP, [0xc8] = I16 | I8, [0xca] = I16, [0xcd] = I8, [0xce] = N64,
    [0xd0 ... 0xd3] = M, [0xd4 ... 0xd5] = I8 | N64, [0xd6] = UD, [0xd8 ... 0xdf] = M,
    [0xe0 ... 0xe7] = I8, [0xe8 ... 0xe9] = IZ, [0xea] = AP | N64, [0xeb] = I8,
    [0xf0] = PFX, [0xf2 ... 0xf3] = PFX, [0xf6 ... 0xf7] = M | GRP, [0xfe ... 0xff] = M | GRP,
};

static const uint16_t twobyte[256] = {
    [0x00] = M | GRP, [0x01 ... 0x03] = M, [0x04] = UD, [0x0a] = UD, [0x0c] = UD,
    [0x0d] = M, [0x0f] = M | I8,                /* 3DNow!: the suffix opcode is an imm8 */
    [0x10 ... 0x1f] = M, [0x20 ... 0x23] = M | REG, [0x24 ... 0x27] = UD,
    [0x28 ... 0x2f] = M, [0x36] = UD, [0x38 ... 0x3f] = UD,   /* 38, 3A: escapes */
    [0x40 ... 0x6f] = M, [0x70 ... 0x73] = M | I8, [0x74 ... 0x76] = M,
    [0x78] = M | GRP, [0x79] = M, [0x7a ... 0x7b] = UD, [0x7c ... 0x7f] = M,
    [0x80 ... 0x8f] = IZ, [0x90 ... 0x9f] = M, [0xa3] = M, [0xa4] = M | I8, [0xa5] = M,
    [0xa6 ... 0xa7] = UD, [0xab] = M, [0xac] = M | I8, [0xad ... 0xaf] = M,
    [0xb0 ... 0xb1] = M, [0xb2] = M | MEM, [0xb3] = M, [0xb4 ... 0xb5] = M | MEM,
    [0xb6 ... 0xb7] = M, [0xb8] = M | GRP, [0xb9] = M, [0xba] = M | I8 | GRP,
    [0xbb ... 0xc1] = M, [0xc2] = M | I8, [0xc3] = M | MEM, [0xc4 ... 0xc6] = M | I8, [0xc7] = M | GRP,
    [0xd0 ... 0xff] = M,
};

/* Defined opcodes of the legacy 0F38 and 0F3A maps (SSSE3 to SHA, AES,
 * GFNI, MOVBE, CRC32, INVEPT/INVVPID/INVPCID, MOVDIR*, ENQCMD, ADX...). */
static const uint8_t map38_defined[][2] = {
    { 0x00, 0x0b }, { 0x10, 0x10 }, { 0x14, 0x15 }, { 0x17, 0x17 }, { 0x1c, 0x1e },
    { 0x20, 0x25 }, { 0x28, 0x2b }, { 0x30, 0x35 }, { 0x37, 0x41 }, { 0x80, 0x82 },
    { 0xc8, 0xcd }, { 0xcf, 0xcf }, { 0xd8, 0xd8 }, { 0xdb, 0xdf }, { 0xf0, 0xf6 },
    { 0xf8, 0xfc },
};
static const uint8_t map3a_defined[][2] = {
    { 0x08, 0x0f }, { 0x14, 0x17 }, { 0x20, 0x22 }, { 0x40, 0x42 }, { 0x44, 0x44 },
    { 0x60, 0x63 }, { 0xcc, 0xcc }, { 0xce, 0xcf }, { 0xdf, 0xdf }, { 0xf0, 0xf0 },
};

static bool in_ranges(const uint8_t (*r)[2], unsigned int n, uint8_t op)
{
    for (unsigned int i = 0; i < n; i++)
        if (op >= r[i][0] && op <= r[i][1])
            return true;
    return false;
}

struct dec {
    const uint8_t *b;
    unsigned int avail;
    uint8_t last_rep;       /* the last of F2/F3: the one an SSE opcode sees */
};

/* The byte at pos, or -X86_INSN_INVALID past 15 bytes, -X86_INSN_TRUNC past avail. */
static int byte_at(const struct dec *d, unsigned int pos)
{
    if (pos >= X86_INSN_MAX_LEN)
        return -X86_INSN_INVALID;
    if (pos >= d->avail)
        return -X86_INSN_TRUNC;
    return d->b[pos];
}

/* VEX (C4/C5), XOP (8F) and EVEX (62) prefixes: map, then the opcode
 * (Intel SDM 2.3 and 2.7, AMD APM vol. 3 1.8). Returns the opcode's
 * position, or an error. */
static int decode_vex(const struct dec *d, unsigned int pos, struct x86_insn_info *info,
                      unsigned int *flags)
{
    int esc = d->b[pos], b1, b2, op;
    unsigned int map;

    /* 66, F2, F3, LOCK or REX before these prefixes is #UD. */
    if (info->opsize || info->rep || info->repne || info->lock || info->rex)
        return -X86_INSN_INVALID;
    if ((b1 = byte_at(d, pos + 1)) < 0)
        return b1;
    map = esc == 0xc5 ? 1 : b1 & (esc == 0x62 ? 0x07 : 0x1f);
    if (esc == 0x8f ? map < 8 || map > 10 :
        esc == 0x62 ? map == 0 || map == 4 || map == 7 || (b1 & 0x08) : map < 1 || map > 3)
        return -X86_INSN_INVALID;           /* EVEX P0 bit 3 is 0 */
    if (esc == 0xc5) {
        pos += 2;
    } else {
        if ((b2 = byte_at(d, pos + 2)) < 0)
            return b2;
        pos += 3;
        if (esc == 0x62) {
            if (!(b2 & 0x04))               /* EVEX P1 bit 2 is 1 */
                return -X86_INSN_INVALID;
            if ((b2 = byte_at(d, pos++)) < 0)
                return b2;
        }
    }
    if ((op = byte_at(d, pos)) < 0)
        return op;

    *flags = M;
    if (map == 3 || map == 8)
        *flags |= I8;
    else if (map == 10)
        *flags |= I32;
    else if (map == 1 && ((op >= 0x70 && op <= 0x73) || op == 0xc2 || (op >= 0xc4 && op <= 0xc6)))
        *flags |= I8;
    else if (map == 1 && op == 0x77 && esc != 0x62)
        *flags = 0;                             /* VZEROUPPER, VZEROALL */
    info->vex = esc;
    info->map = map;
    return pos;
}

/* Opcodes whose ModRM.reg, ModRM or mandatory prefix decides validity or
 * immediates. */
static unsigned int group(const struct dec *d, const struct x86_insn_info *info,
                          unsigned int flags)
{
    unsigned int m = info->modrm, reg = (m >> 3) & 7, mod = m >> 6;

    if (info->map == 1) {
        switch (info->opcode) {
        case 0x00:                              /* SLDT..VERW, LKGS */
            return reg == 7 ? UD : flags;
        case 0x78:                              /* VMREAD, EXTRQ, INSERTQ */
            if (d->last_rep == 0xf2)
                return mod == 3 ? flags | I16 : UD;
            if (d->last_rep == 0xf3)
                return UD;
            if (info->opsize)
                return mod == 3 && reg == 0 ? flags | I16 : UD;
            return flags;
        case 0xb8:                              /* POPCNT needs F3 */
            return d->last_rep == 0xf3 ? flags : UD;
        case 0xba:                              /* BT, BTS, BTR, BTC imm8 */
            return reg < 4 ? UD : flags;
        case 0xc7:                              /* CMPXCHG8B/16B, VMPTRLD.., RDRAND.. */
            return reg == 0 || (reg == 1 && mod == 3) ? UD : flags;
        }
        return flags;
    }
    switch (info->opcode) {
    case 0x8c:                                  /* MOV from Sreg: ES..GS only */
        return reg > 5 ? UD : flags;
    case 0x8e:                                  /* MOV to Sreg: not CS */
        return reg > 5 || reg == 1 ? UD : flags;
    case 0x8f:                                  /* POP Ev */
        return reg ? UD : flags;
    case 0xc6:                                  /* MOV Eb,Ib; XABORT */
        return reg == 0 || m == 0xf8 ? flags | I8 : UD;
    case 0xc7:                                  /* MOV Ev,Iz; XBEGIN */
        return reg == 0 || m == 0xf8 ? flags | IZ : UD;
    case 0xf6:                                  /* TEST Eb,Ib (/0, /1); NOT..IDIV */
        return reg < 2 ? flags | I8 : flags;
    case 0xf7:
        return reg < 2 ? flags | IZ : flags;
    case 0xfe:                                  /* INC, DEC */
        return reg > 1 ? UD : flags;
    case 0xff:                                  /* CALLF/JMPF need memory */
        return reg == 7 || ((reg == 3 || reg == 5) && mod == 3) ? UD : flags;
    }
    return flags;
}

/* ModRM, SIB and displacement (SDM tables 2-1 to 2-3). Returns the
 * position after them, or an error. */
static int decode_modrm(const struct dec *d, unsigned int pos, unsigned int adsz,
                        bool lm, unsigned int flags, struct x86_insn_info *info)
{
    unsigned int mod = info->modrm >> 6, rm = info->modrm & 7, disp = 0;
    int sib;

    if (mod == 3 || (flags & REG))
        return pos;
    if (adsz == 16) {
        if (mod == 0 && rm == 6)
            disp = 2;
        else
            disp = mod == 1 ? 1 : mod == 2 ? 2 : 0;
    } else {
        if (rm == 4) {
            if ((sib = byte_at(d, pos)) < 0)
                return sib;
            info->has_sib = true;
            info->sib = sib;
            pos++;
            if (mod == 0 && (sib & 7) == 5)
                disp = 4;
        } else if (mod == 0 && rm == 5) {
            disp = 4;
            info->rip_rel = lm;
        }
        if (mod)
            disp = mod == 1 ? 1 : 4;
    }
    if (disp) {
        info->disp_off = pos;
        info->disp_len = disp;
    }
    return pos + disp;
}

int x86_insn_length(const uint8_t *bytes, unsigned int avail, enum x86_insn_mode mode,
                    struct x86_insn_info *info)
{
    struct x86_insn_info scratch;
    struct dec d = { .b = bytes, .avail = avail };
    bool lm = mode == X86_MODE_LONG64, def16 = mode == X86_MODE_REAL || mode == X86_MODE_PROT16;
    bool op16;
    unsigned int pos, flags, adsz, imm = 0;
    int c, next;

    if (!info)
        info = &scratch;
    memset(info, 0, sizeof(*info));

    for (pos = 0;; pos++) {
        if ((c = byte_at(&d, pos)) < 0)
            return c;
        if (lm && (c & 0xf0) == 0x40) {
            info->rex = c;
            continue;
        }
        if (!(onebyte[c] & PFX))
            break;
        info->rex = 0;                          /* a REX counts only right before the opcode */
        switch (c) {
        case 0x66: info->opsize = true; break;
        case 0x67: info->adsize = true; break;
        case 0xf0: info->lock = true; break;
        case 0xf2: info->repne = true; d.last_rep = c; break;
        case 0xf3: info->rep = true; d.last_rep = c; break;
        default: info->seg = c; break;
        }
    }
    /* Operand and address size (SDM 2.2.1.2, APM vol. 3 1.2.2-1.2.3). */
    op16 = lm ? info->opsize && !(info->rex & 0x08) : def16 != info->opsize;
    adsz = lm ? (info->adsize ? 32 : 64) : (def16 != info->adsize ? 16 : 32);

    if (c == 0x0f) {
        if ((c = byte_at(&d, ++pos)) < 0)
            return c;
        info->map = 1;
        flags = twobyte[c];
        if (c == 0x38 || c == 0x3a) {
            info->map = c == 0x38 ? 2 : 3;
            if ((c = byte_at(&d, ++pos)) < 0)
                return c;
            if (info->map == 2)
                flags = in_ranges(map38_defined, ARRAY_SIZE(map38_defined), c) ? M : UD;
            else
                flags = in_ranges(map3a_defined, ARRAY_SIZE(map3a_defined), c) ? M | I8 : UD;
        }
    } else if (c == 0xc4 || c == 0xc5 || c == 0x62 || c == 0x8f) {
        /* Outside 64-bit mode C4/C5/62 are LES/LDS/BOUND unless the next
         * byte has mod=11 (invalid for them); 8F is POP unless the next byte
         * has map bits >= 8 (reg != 0, invalid for POP). Real mode knows
         * only the legacy forms. */
        if ((next = byte_at(&d, pos + 1)) < 0)
            return next;
        if (c == 0x8f ? (next & 0x1f) >= 8 && mode != X86_MODE_REAL :
            lm || (mode != X86_MODE_REAL && next >= 0xc0)) {
            int p = decode_vex(&d, pos, info, &flags);

            if (p < 0)
                return p;
            pos = p;
            c = bytes[pos];
        } else
            flags = onebyte[c];
    } else
        flags = onebyte[c];

    info->opcode = c;
    info->opc_off = pos++;
    if ((flags & UD) || (lm && (flags & N64)))
        return -X86_INSN_INVALID;

    if (flags & M) {
        if ((c = byte_at(&d, pos)) < 0)
            return c;
        info->has_modrm = true;
        info->modrm = c;
        pos++;
        if ((flags & MEM) && (c >> 6) == 3)
            return -X86_INSN_INVALID;
        if ((flags & GRP) && ((flags = group(&d, info, flags)) & UD))
            return -X86_INSN_INVALID;
        if ((c = decode_modrm(&d, pos, adsz, lm, flags, info)) < 0)
            return c;
        pos = c;
    }

    imm += flags & I8 ? 1 : 0;
    imm += flags & I16 ? 2 : 0;
    imm += flags & I32 ? 4 : 0;
    imm += flags & IZ ? (op16 ? 2 : 4) : 0;
    imm += flags & IV ? (info->rex & 0x08 ? 8 : op16 ? 2 : 4) : 0;
    imm += flags & AP ? (op16 ? 4 : 6) : 0;
    imm += flags & MO ? adsz / 8 : 0;
    if (imm) {
        info->imm_off = pos;
        info->imm_len = imm;
    }
    pos += imm;
    if (pos > X86_INSN_MAX_LEN)
        return -X86_INSN_INVALID;
    if (pos > avail)
        return -X86_INSN_TRUNC;
    info->len = pos;
    return pos;
}

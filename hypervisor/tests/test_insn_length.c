/* The instruction-length decoder: encodings from the GNU assembler
 * (tests/insn_length_vectors.h, generated from insn_length_vectors.txt and
 * cross-checked with objdump), then hand-checked encodings (Intel SDM vol. 2
 * appendix A, AMD APM vol. 3 appendix A) for what as cannot produce: invalid
 * encodings, truncation, prefix limits, decoded fields. */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include "suites.h"
#include <asm/x86_emulate.h>

struct vector {
    enum x86_insn_mode mode;
    unsigned int len;
    uint8_t bytes[15];
    const char *text;
};

static const struct vector vectors[] = {
#include "insn_length_vectors.h"
};

/* Decodes from a heap copy of exactly avail bytes, so ASan catches any
 * read past them. */
static int decode(const uint8_t *b, unsigned int avail, enum x86_insn_mode mode,
                  struct x86_insn_info *info)
{
    uint8_t *copy = malloc(avail ? avail : 1);
    int rc;

    ck_assert_ptr_nonnull(copy);
    memcpy(copy, b, avail);
    rc = x86_insn_length(copy, avail, mode, info);
    free(copy);
    return rc;
}

#define LEN(mode, ...) ({ \
        const uint8_t b_[] = { __VA_ARGS__ }; \
        decode(b_, sizeof(b_), mode, &info); })

START_TEST(insn_length_matches_assembler)
{
    ck_assert_uint_gt(ARRAY_SIZE(vectors), 500);
    for (unsigned int i = 0; i < ARRAY_SIZE(vectors); i++) {
        const struct vector *v = &vectors[i];
        struct x86_insn_info info;
        uint8_t padded[15];
        int rc = decode(v->bytes, v->len, v->mode, &info);

        ck_assert_msg(rc == (int)v->len, "mode %d \"%s\": %d, want %u",
                      v->mode, v->text, rc, v->len);
        ck_assert_uint_eq(info.len, v->len);
        if (info.disp_len)
            ck_assert_uint_le(info.disp_off + info.disp_len, v->len);
        if (info.imm_len)
            ck_assert_uint_eq(info.imm_off + info.imm_len, v->len);
        /* Whatever follows does not change the length... */
        memset(padded, 0x90, sizeof(padded));
        memcpy(padded, v->bytes, v->len);
        ck_assert_int_eq(decode(padded, 15, v->mode, NULL), v->len);
        /* ...and every shorter prefix asks for more bytes. */
        for (unsigned int n = 0; n < v->len; n++)
            ck_assert_msg(decode(v->bytes, n, v->mode, NULL) == -X86_INSN_TRUNC,
                          "\"%s\" cut to %u bytes", v->text, n);
    }
}
END_TEST

START_TEST(insn_length_svm_and_fields)
{
    struct x86_insn_info info;

    /* VMRUN..INVLPGA are 0F 01 D8..DF, VMCALL 0F 01 C1 (APM vol. 3, SDM). */
    for (uint8_t m = 0xd8; m <= 0xdf; m++) {
        ck_assert_int_eq(LEN(X86_MODE_LONG64, 0x0f, 0x01, m), 3);
        ck_assert_uint_eq(info.map, 1);
        ck_assert_uint_eq(info.opcode, 0x01);
        ck_assert(info.has_modrm);
        ck_assert_uint_eq(info.modrm, m);
    }
    ck_assert_int_eq(LEN(X86_MODE_PROT32, 0x0f, 0x01, 0xc1), 3);
    /* MOV CR/DR ignore ModRM.mod: 0F 20 00 is MOV EAX, CR0, no SIB/disp. */
    ck_assert_int_eq(LEN(X86_MODE_LONG64, 0x0f, 0x20, 0x04), 3);
    ck_assert(!info.has_sib);
    ck_assert_int_eq(LEN(X86_MODE_LONG64, 0x0f, 0x22, 0x45), 3);
    ck_assert_uint_eq(info.disp_len, 0);
    /* RIP-relative: mov 0x12345678(%rip), %eax. */
    ck_assert_int_eq(LEN(X86_MODE_LONG64, 0x8b, 0x05, 0x78, 0x56, 0x34, 0x12), 6);
    ck_assert(info.rip_rel);
    ck_assert_uint_eq(info.disp_off, 2);
    ck_assert_uint_eq(info.disp_len, 4);
    ck_assert_int_eq(LEN(X86_MODE_PROT32, 0x8b, 0x05, 0x78, 0x56, 0x34, 0x12), 6);
    ck_assert(!info.rip_rel);
    /* Prefixes and REX. */
    ck_assert_int_eq(LEN(X86_MODE_LONG64, 0xf0, 0x65, 0x67, 0x48, 0x0f, 0xb1, 0x0a), 7);
    ck_assert(info.lock && info.adsize && !info.opsize);
    ck_assert_uint_eq(info.seg, 0x65);
    ck_assert_uint_eq(info.rex, 0x48);
    ck_assert_uint_eq(info.opc_off, 5);
    ck_assert_int_eq(LEN(X86_MODE_LONG64, 0xf3, 0xf2, 0x66, 0xa5), 4);
    ck_assert(info.rep && info.repne && info.opsize);
    /* A REX followed by a legacy prefix is ignored: 48 66 B8 iw. */
    ck_assert_int_eq(LEN(X86_MODE_LONG64, 0x48, 0x66, 0xb8, 0x34, 0x12), 5);
    ck_assert_uint_eq(info.rex, 0);
    ck_assert_int_eq(LEN(X86_MODE_LONG64, 0x66, 0x48, 0xb8, 1, 2, 3, 4, 5, 6, 7, 8), 11);
    /* 0F38 / 0F3A maps, 3DNow! suffix, ENTER, far pointers. */
    ck_assert_int_eq(LEN(X86_MODE_LONG64, 0x66, 0x0f, 0x38, 0x00, 0xc1), 5);
    ck_assert_uint_eq(info.map, 2);
    ck_assert_uint_eq(info.opcode, 0x00);
    ck_assert_int_eq(LEN(X86_MODE_LONG64, 0x66, 0x0f, 0x3a, 0x0f, 0xc1, 0x04), 6);
    ck_assert_uint_eq(info.map, 3);
    ck_assert_uint_eq(info.imm_off, 5);
    ck_assert_int_eq(LEN(X86_MODE_PROT32, 0x0f, 0x0f, 0x44, 0x24, 0x08, 0x9e), 6);
    ck_assert_uint_eq(info.imm_off, 5);
    ck_assert_uint_eq(info.imm_len, 1);
    ck_assert_int_eq(LEN(X86_MODE_LONG64, 0xc8, 0x10, 0x00, 0x01), 4);
    ck_assert_uint_eq(info.imm_len, 3);
    ck_assert_int_eq(LEN(X86_MODE_PROT16, 0x66, 0x9a, 1, 2, 3, 4, 5, 6), 8);
    ck_assert_uint_eq(info.imm_len, 6);
    /* VEX/XOP/EVEX escapes are reported. */
    ck_assert_int_eq(LEN(X86_MODE_LONG64, 0xc5, 0xf8, 0x77), 3);
    ck_assert_uint_eq(info.vex, 0xc5);
    ck_assert(!info.has_modrm);
    ck_assert_int_eq(LEN(X86_MODE_LONG64, 0xc4, 0xe3, 0x79, 0x0f, 0xc1, 0x04), 6);
    ck_assert_uint_eq(info.vex, 0xc4);
    ck_assert_uint_eq(info.map, 3);
    ck_assert_int_eq(LEN(X86_MODE_LONG64, 0x8f, 0xea, 0x78, 0x10, 0xc0, 1, 2, 3, 4), 9);
    ck_assert_uint_eq(info.vex, 0x8f);
    ck_assert_uint_eq(info.map, 10);
    ck_assert_uint_eq(info.imm_len, 4);
    ck_assert_int_eq(LEN(X86_MODE_LONG64, 0x62, 0xf1, 0x6c, 0x48, 0x58, 0x58, 0x01), 7);
    ck_assert_uint_eq(info.vex, 0x62);
    ck_assert_uint_eq(info.disp_len, 1);         /* disp8*N is still one byte */
}
END_TEST

START_TEST(insn_length_sizes_by_mode)
{
    struct x86_insn_info info;

    /* moffs (A0-A3) follow the address size. */
    ck_assert_int_eq(LEN(X86_MODE_REAL, 0xa1, 0x34, 0x12), 3);
    ck_assert_int_eq(LEN(X86_MODE_REAL, 0x67, 0xa1, 1, 2, 3, 4), 6);
    ck_assert_int_eq(LEN(X86_MODE_PROT32, 0xa1, 1, 2, 3, 4), 5);
    ck_assert_int_eq(LEN(X86_MODE_PROT32, 0x67, 0xa3, 1, 2), 4);
    ck_assert_int_eq(LEN(X86_MODE_LONG64, 0xa0, 1, 2, 3, 4, 5, 6, 7, 8), 9);
    ck_assert_int_eq(LEN(X86_MODE_LONG64, 0x67, 0xa0, 1, 2, 3, 4), 6);
    ck_assert_int_eq(LEN(X86_MODE_LONG64, 0x66, 0xa1, 1, 2, 3, 4, 5, 6, 7, 8), 10);
    /* Group 3: only TEST (/0, /1) has an immediate. */
    ck_assert_int_eq(LEN(X86_MODE_LONG64, 0xf6, 0xc0, 0x12), 3);
    ck_assert_int_eq(LEN(X86_MODE_LONG64, 0xf6, 0xc8, 0x12), 3);
    ck_assert_int_eq(LEN(X86_MODE_LONG64, 0xf6, 0xd0), 2);
    ck_assert_int_eq(LEN(X86_MODE_LONG64, 0xf7, 0x00, 1, 2, 3, 4), 6);
    ck_assert_int_eq(LEN(X86_MODE_LONG64, 0x66, 0xf7, 0x00, 1, 2), 5);
    ck_assert_int_eq(LEN(X86_MODE_REAL, 0xf7, 0x07, 1, 2), 4);
    ck_assert_int_eq(LEN(X86_MODE_LONG64, 0xf7, 0x38), 2);
    /* 16-bit addressing: mod=0 rm=6 is disp16; no SIB. */
    ck_assert_int_eq(LEN(X86_MODE_REAL, 0x8b, 0x06, 0x34, 0x12), 4);
    ck_assert_int_eq(LEN(X86_MODE_REAL, 0x8b, 0x04), 2);
    ck_assert(!info.has_sib);
    ck_assert_int_eq(LEN(X86_MODE_REAL, 0x8b, 0x84, 0x34, 0x12), 4);
    ck_assert_int_eq(LEN(X86_MODE_PROT32, 0x67, 0x8b, 0x46, 0x12), 4);
    /* SIB with base 5 and mod=0: disp32. */
    ck_assert_int_eq(LEN(X86_MODE_LONG64, 0x8b, 0x04, 0x25, 1, 2, 3, 4), 7);
    ck_assert_int_eq(LEN(X86_MODE_LONG64, 0x8b, 0x44, 0x25, 1), 4);
    /* Near branches in 64-bit mode with 66: rel16 (AMD; objdump agrees). */
    ck_assert_int_eq(LEN(X86_MODE_LONG64, 0x66, 0xe8, 1, 2), 4);
    ck_assert_int_eq(LEN(X86_MODE_LONG64, 0x66, 0x0f, 0x84, 1, 2), 5);
    ck_assert_int_eq(LEN(X86_MODE_LONG64, 0x66, 0x48, 0xe9, 1, 2, 3, 4), 7);
    /* C4/C5 outside 64-bit mode: LES/LDS unless mod=11 (then VEX); in real
     * mode always LES/LDS, so a register operand is #UD. */
    ck_assert_int_eq(LEN(X86_MODE_PROT32, 0xc5, 0x05, 1, 2, 3, 4), 6);
    ck_assert_uint_eq(info.vex, 0);
    ck_assert_int_eq(LEN(X86_MODE_PROT32, 0xc5, 0xf8, 0x58, 0xc1), 4);
    ck_assert_uint_eq(info.vex, 0xc5);
    ck_assert_int_eq(LEN(X86_MODE_REAL, 0xc5, 0xf8, 0x58, 0xc1), -X86_INSN_INVALID);
    ck_assert_int_eq(LEN(X86_MODE_PROT16, 0xc4, 0x06, 1, 2), 4);
    /* 8F: POP unless the map field is >= 8 (XOP). */
    ck_assert_int_eq(LEN(X86_MODE_LONG64, 0x8f, 0xc0), 2);
    ck_assert_int_eq(LEN(X86_MODE_LONG64, 0x8f, 0x40, 0x08), 3);
    ck_assert_int_eq(LEN(X86_MODE_PROT32, 0x8f, 0xe8, 0x78, 0xc0, 0xc1, 0x05), 6);
    ck_assert_int_eq(LEN(X86_MODE_REAL, 0x8f, 0xe8, 0x78, 0xc0, 0xc1, 0x05), -X86_INSN_INVALID);
}
END_TEST

START_TEST(insn_length_invalid)
{
    struct x86_insn_info info;
    static const uint8_t n64[] = { 0x06, 0x07, 0x0e, 0x16, 0x17, 0x1e, 0x1f, 0x27, 0x2f,
                                   0x37, 0x3f, 0x60, 0x61, 0x9a, 0xce, 0xd4, 0xd5, 0xea };

    /* Opcodes gone in 64-bit mode (SDM appendix A, "i64"). */
    for (unsigned int i = 0; i < ARRAY_SIZE(n64); i++) {
        uint8_t b[15] = { n64[i] };

        ck_assert_int_eq(decode(b, 15, X86_MODE_LONG64, NULL), -X86_INSN_INVALID);
        ck_assert_int_gt(decode(b, 15, X86_MODE_PROT32, NULL), 0);
    }
    ck_assert_int_eq(LEN(X86_MODE_LONG64, 0x82, 0xc0, 1), -X86_INSN_INVALID);
    ck_assert_int_eq(LEN(X86_MODE_PROT32, 0x82, 0xc0, 1), 3);
    ck_assert_int_eq(LEN(X86_MODE_PROT32, 0xd6), -X86_INSN_INVALID);
    ck_assert_int_eq(LEN(X86_MODE_LONG64, 0x0f, 0x04), -X86_INSN_INVALID);
    ck_assert_int_eq(LEN(X86_MODE_LONG64, 0x0f, 0x0b), 2);         /* UD2 is defined */
    ck_assert_int_eq(LEN(X86_MODE_LONG64, 0x0f, 0x24, 0xc0), -X86_INSN_INVALID);
    ck_assert_int_eq(LEN(X86_MODE_LONG64, 0x0f, 0x38, 0x50, 0xc0), -X86_INSN_INVALID);
    ck_assert_int_eq(LEN(X86_MODE_LONG64, 0x0f, 0x3a, 0x00, 0xc0, 0), -X86_INSN_INVALID);
    /* Group encodings with no instruction. */
    ck_assert_int_eq(LEN(X86_MODE_LONG64, 0xff, 0x38), -X86_INSN_INVALID);
    ck_assert_int_eq(LEN(X86_MODE_LONG64, 0xff, 0xd8), -X86_INSN_INVALID);   /* CALLF reg */
    ck_assert_int_eq(LEN(X86_MODE_LONG64, 0xff, 0xe8), -X86_INSN_INVALID);   /* JMPF reg */
    ck_assert_int_eq(LEN(X86_MODE_LONG64, 0xff, 0xd0), 2);
    ck_assert_int_eq(LEN(X86_MODE_LONG64, 0xfe, 0x10), -X86_INSN_INVALID);
    ck_assert_int_eq(LEN(X86_MODE_LONG64, 0x8d, 0xc0), -X86_INSN_INVALID);   /* LEA reg */
    ck_assert_int_eq(LEN(X86_MODE_LONG64, 0x8e, 0xc8), -X86_INSN_INVALID);   /* MOV CS */
    ck_assert_int_eq(LEN(X86_MODE_LONG64, 0x8c, 0xf0), -X86_INSN_INVALID);
    ck_assert_int_eq(LEN(X86_MODE_LONG64, 0xc6, 0x08, 1), -X86_INSN_INVALID);
    ck_assert_int_eq(LEN(X86_MODE_LONG64, 0xc6, 0xf9, 1), -X86_INSN_INVALID);
    ck_assert_int_eq(LEN(X86_MODE_LONG64, 0xc7, 0xf9, 1, 2, 3, 4), -X86_INSN_INVALID);
    ck_assert_int_eq(LEN(X86_MODE_LONG64, 0x8f, 0x20), -X86_INSN_INVALID);   /* POP /4 */
    ck_assert_int_eq(LEN(X86_MODE_LONG64, 0x8f, 0x08), -X86_INSN_TRUNC);     /* XOP map 8 */
    ck_assert_int_eq(LEN(X86_MODE_LONG64, 0x0f, 0xb8, 0xc0), -X86_INSN_INVALID);   /* JMPE */
    ck_assert_int_eq(LEN(X86_MODE_LONG64, 0x0f, 0xba, 0xc0, 1), -X86_INSN_INVALID);
    ck_assert_int_eq(LEN(X86_MODE_LONG64, 0x0f, 0xc7, 0xc8), -X86_INSN_INVALID);
    ck_assert_int_eq(LEN(X86_MODE_LONG64, 0x0f, 0x00, 0x38), -X86_INSN_INVALID);
    ck_assert_int_eq(LEN(X86_MODE_LONG64, 0x66, 0x0f, 0x78, 0x00, 1, 2), -X86_INSN_INVALID);
    ck_assert_int_eq(LEN(X86_MODE_PROT32, 0xc4, 0xc0), -X86_INSN_INVALID);  /* VEX map 0 */
    ck_assert_int_eq(LEN(X86_MODE_PROT32, 0x62, 0xc0), -X86_INSN_INVALID);  /* EVEX map 0 */
    /* VEX/EVEX after 66/F2/F3/LOCK/REX, bad maps, fixed bits. */
    ck_assert_int_eq(LEN(X86_MODE_LONG64, 0x66, 0xc5, 0xf8, 0x58, 0xc1), -X86_INSN_INVALID);
    ck_assert_int_eq(LEN(X86_MODE_LONG64, 0xf3, 0xc5, 0xf8, 0x58, 0xc1), -X86_INSN_INVALID);
    ck_assert_int_eq(LEN(X86_MODE_LONG64, 0xf0, 0xc5, 0xf8, 0x58, 0xc1), -X86_INSN_INVALID);
    ck_assert_int_eq(LEN(X86_MODE_LONG64, 0x40, 0xc5, 0xf8, 0x58, 0xc1), -X86_INSN_INVALID);
    ck_assert_int_eq(LEN(X86_MODE_LONG64, 0xc4, 0xe4, 0x79, 0x58, 0xc1), -X86_INSN_INVALID);
    ck_assert_int_eq(LEN(X86_MODE_LONG64, 0xc4, 0xe0, 0x79, 0x58, 0xc1), -X86_INSN_INVALID);
    ck_assert_int_eq(LEN(X86_MODE_LONG64, 0x8f, 0xeb, 0x78, 0x10, 0xc0), -X86_INSN_INVALID);
    ck_assert_int_eq(LEN(X86_MODE_LONG64, 0x62, 0xf4, 0x6c, 0x48, 0x58, 0xc1), -X86_INSN_INVALID);
    ck_assert_int_eq(LEN(X86_MODE_LONG64, 0x62, 0xf9, 0x6c, 0x48, 0x58, 0xc1), -X86_INSN_INVALID);
    ck_assert_int_eq(LEN(X86_MODE_LONG64, 0x62, 0xf1, 0x68, 0x48, 0x58, 0xc1), -X86_INSN_INVALID);
    ck_assert_int_eq(LEN(X86_MODE_LONG64, 0x62, 0xf5, 0x6c, 0x48, 0x58, 0xc1), 6);   /* FP16 map 5 */
}
END_TEST

START_TEST(insn_length_limits_and_truncation)
{
    uint8_t b[32];

    /* 14 prefixes and a NOP: 15 bytes, the most there may be. */
    memset(b, 0x66, sizeof(b));
    b[14] = 0x90;
    ck_assert_int_eq(decode(b, 15, X86_MODE_LONG64, NULL), 15);
    /* One more prefix: 16 bytes is #GP-worthy, invalid whatever avail. */
    b[14] = 0x66;
    b[15] = 0x90;
    ck_assert_int_eq(decode(b, 16, X86_MODE_LONG64, NULL), -X86_INSN_INVALID);
    ck_assert_int_eq(decode(b, 15, X86_MODE_LONG64, NULL), -X86_INSN_INVALID);
    ck_assert_int_eq(decode(b, 14, X86_MODE_LONG64, NULL), -X86_INSN_TRUNC);
    /* 10 prefixes + movabs $imm64, %rax = 20 bytes. */
    memset(b, 0x2e, 10);
    b[10] = 0x48;
    b[11] = 0xb8;
    memset(b + 12, 0x11, 8);
    ck_assert_int_eq(decode(b, 20, X86_MODE_LONG64, NULL), -X86_INSN_INVALID);
    ck_assert_int_eq(decode(b, 12, X86_MODE_LONG64, NULL), -X86_INSN_INVALID);
    ck_assert_int_eq(decode(b + 6, 14, X86_MODE_LONG64, NULL), 14);
    /* Nothing, or only prefixes: more bytes needed. */
    ck_assert_int_eq(decode(b, 0, X86_MODE_LONG64, NULL), -X86_INSN_TRUNC);
    ck_assert_int_eq(decode(b, 3, X86_MODE_PROT32, NULL), -X86_INSN_TRUNC);
    /* Truncated inside VEX/XOP/EVEX prefixes and the C4/C5 look-ahead. */
    b[0] = 0xc4;
    ck_assert_int_eq(decode(b, 1, X86_MODE_PROT32, NULL), -X86_INSN_TRUNC);
    b[0] = 0x62; b[1] = 0xf1; b[2] = 0x6c;
    ck_assert_int_eq(decode(b, 3, X86_MODE_LONG64, NULL), -X86_INSN_TRUNC);
    /* A NULL info is fine. */
    b[0] = 0xf4;
    ck_assert_int_eq(x86_insn_length(b, 1, X86_MODE_REAL, NULL), 1);
}
END_TEST

Suite *insn_length_suite(void)
{
    Suite *s = suite_create("insn_length");
    TCase *tc = tcase_create("decode");

    tcase_add_test(tc, insn_length_matches_assembler);
    tcase_add_test(tc, insn_length_svm_and_fields);
    tcase_add_test(tc, insn_length_sizes_by_mode);
    tcase_add_test(tc, insn_length_invalid);
    tcase_add_test(tc, insn_length_limits_and_truncation);
    suite_add_tcase(s, tc);
    return s;
}

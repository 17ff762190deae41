/* Exit codes and MOV to CR8 decoding (arch/x86/hvm/svm/exitcode.c). */
#include <check.h>
#include "suites.h"
#include <asm/hvm/svm/exitcode.h>
#include <asm/hvm/svm/vmcb.h>

START_TEST(invalid_both_forms)
{
    /* The APM's -1, and QEMU 7.2's zero-extended 32-bit value. */
    ck_assert(svm_exitcode_is_invalid(0xffffffffffffffffULL));
    ck_assert(svm_exitcode_is_invalid(0x00000000ffffffffULL));
    ck_assert_uint_eq(svm_exitcode(0x00000000ffffffffULL), 0xffffffffffffffffULL);
    ck_assert_uint_eq(svm_exitcode(0xffffffffffffffffULL), 0xffffffffffffffffULL);
    ck_assert(svm_exitcode(0x00000000ffffffffULL) == (uint64_t)VMEXIT_INVALID);
}
END_TEST

START_TEST(valid_codes_unchanged)
{
    static const uint64_t codes[] = { VMEXIT_CR0_READ, 0x18, VMEXIT_INTR, VMEXIT_VINTR,
                                      VMEXIT_CPUID, VMEXIT_HLT, VMEXIT_SHUTDOWN,
                                      VMEXIT_VMRUN, VMEXIT_XSETBV, VMEXIT_NPF,
                                      VMEXIT_VMGEXIT };

    for (unsigned int i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
        ck_assert(!svm_exitcode_is_invalid(codes[i]));
        ck_assert_uint_eq(svm_exitcode(codes[i]), codes[i]);
    }
    ck_assert(!svm_exitcode_is_invalid(0xfffffffeULL));
    ck_assert(!svm_exitcode_is_invalid(0xffffffff00000000ULL));
}
END_TEST

static int decode(const uint8_t *b, unsigned int n, enum x86_insn_mode mode, unsigned int *len)
{
    *len = 99;
    return svm_decode_mov_to_cr8(b, n, mode, len);
}

START_TEST(mov_to_cr8)
{
    unsigned int len;
    /* mov %rax,%cr8 / mov %r9,%cr8 / mov %rdi,%cr8 with a 66 prefix. */
    static const uint8_t rax[] = { 0x44, 0x0f, 0x22, 0xc0 };
    static const uint8_t r9[] = { 0x45, 0x0f, 0x22, 0xc1 };
    static const uint8_t rdi[] = { 0x66, 0x44, 0x0f, 0x22, 0xc7 };
    /* LOCK mov %eax,%cr0 is CR8 on AMD, in 32-bit code too. */
    static const uint8_t alt[] = { 0xf0, 0x0f, 0x22, 0xc3 };
    /* ModRM.mod is ignored: 0x04 still names a register. */
    static const uint8_t mod0[] = { 0x44, 0x0f, 0x22, 0x02 };
    /* Nor does mod 0 rm 5 take a displacement here. */
    static const uint8_t rbp[] = { 0x44, 0x0f, 0x22, 0x05, 0x90, 0x90, 0x90, 0x90 };

    ck_assert_int_eq(decode(rax, sizeof(rax), X86_MODE_LONG64, &len), 0);
    ck_assert_uint_eq(len, 4);
    ck_assert_int_eq(decode(r9, sizeof(r9), X86_MODE_LONG64, &len), 9);
    ck_assert_uint_eq(len, 4);
    ck_assert_int_eq(decode(rdi, sizeof(rdi), X86_MODE_LONG64, &len), 7);
    ck_assert_uint_eq(len, 5);
    ck_assert_int_eq(decode(alt, sizeof(alt), X86_MODE_PROT32, &len), 3);
    ck_assert_uint_eq(len, 4);
    ck_assert_int_eq(decode(alt, sizeof(alt), X86_MODE_LONG64, &len), 3);
    ck_assert_int_eq(decode(mod0, sizeof(mod0), X86_MODE_LONG64, &len), 2);
    ck_assert_int_eq(decode(rbp, sizeof(rbp), X86_MODE_LONG64, &len), 5);
    ck_assert_uint_eq(len, 4);
}
END_TEST

START_TEST(not_mov_to_cr8)
{
    unsigned int len;
    static const uint8_t cr0[] = { 0x0f, 0x22, 0xc0 };          /* mov %rax,%cr0 */
    static const uint8_t cr3[] = { 0x0f, 0x22, 0xd8 };          /* mov %rax,%cr3 */
    static const uint8_t rd8[] = { 0x44, 0x0f, 0x20, 0xc0 };    /* mov %cr8,%rax */
    static const uint8_t cr9[] = { 0x44, 0x0f, 0x22, 0xc8 };    /* reg 1 + REX.R */
    static const uint8_t cpuid[] = { 0x0f, 0xa2 };
    /* Outside long mode 0x44 is INC ESP, not REX. */
    static const uint8_t inc[] = { 0x44, 0x0f, 0x22, 0xc0 };

    ck_assert_int_eq(decode(cr0, sizeof(cr0), X86_MODE_LONG64, &len), -1);
    ck_assert_int_eq(decode(cr3, sizeof(cr3), X86_MODE_LONG64, &len), -1);
    ck_assert_int_eq(decode(rd8, sizeof(rd8), X86_MODE_LONG64, &len), -1);
    ck_assert_int_eq(decode(cr9, sizeof(cr9), X86_MODE_LONG64, &len), -1);
    ck_assert_int_eq(decode(cpuid, sizeof(cpuid), X86_MODE_LONG64, &len), -1);
    ck_assert_int_eq(decode(inc, sizeof(inc), X86_MODE_PROT32, &len), -1);
    /* Cut short: not enough bytes fetched. */
    ck_assert_int_eq(decode(cr9, 3, X86_MODE_LONG64, &len), -1);
    ck_assert_uint_eq(len, 99);
}
END_TEST

Suite *svm_exitcode_suite(void)
{
    Suite *s = suite_create("svm_exitcode");
    TCase *tc = tcase_create("core");

    tcase_add_test(tc, invalid_both_forms);
    tcase_add_test(tc, valid_codes_unchanged);
    tcase_add_test(tc, mov_to_cr8);
    tcase_add_test(tc, not_mov_to_cr8);
    suite_add_tcase(s, tc);
    return s;
}

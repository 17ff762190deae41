/* Where an HVM vCPU's hypercall number and arguments come from
 * (arch/x86/hvm/hypercall_args.c), by mode, and a continuation's write
 * back: Xen 4.17's hvm_hypercall takes the whole RAX in 64-bit mode. */
#include <check.h>
#include "suites.h"
#include <asm/hvm/hypercall_args.h>

static struct cpu_user_regs filled(void)
{
    struct cpu_user_regs r = {
        .rax = 0x100000011ull,          /* xen_version (17) with bit 32 set */
        .rdi = 0xa1a1a1a1a1a1a1a1ull, .rsi = 0xa2a2a2a2a2a2a2a2ull,
        .rdx = 0xa3a3a3a3a3a3a3a3ull, .r10 = 0xa4a4a4a4a4a4a4a4ull,
        .r8 = 0xa5a5a5a5a5a5a5a5ull,
        .rbx = 0xb1b1b1b1b1b1b1b1ull, .rcx = 0xb2b2b2b2b2b2b2b2ull,
    };
    return r;
}

START_TEST(mode64_takes_the_whole_rax)
{
    struct cpu_user_regs r = filled();
    struct hcall_args h;

    hvm_hypercall_args(&r, true, &h);
    /* Not xen_version: Xen's call_handlers_hvm64 sees 0x100000011. */
    ck_assert_uint_eq(h.nr, 0x100000011ull);
    ck_assert_uint_eq(h.a[0], r.rdi);
    ck_assert_uint_eq(h.a[1], r.rsi);
    ck_assert_uint_eq(h.a[2], r.rdx);
    ck_assert_uint_eq(h.a[3], r.r10);
    ck_assert_uint_eq(h.a[4], r.r8);
}
END_TEST

START_TEST(mode32_takes_the_low_halves)
{
    struct cpu_user_regs r = filled();
    struct hcall_args h;

    r.rdi = 0xc5c5c5c5c5c5c5c5ull;
    hvm_hypercall_args(&r, false, &h);
    ck_assert_uint_eq(h.nr, 0x11);
    ck_assert_uint_eq(h.a[0], 0xb1b1b1b1u);
    ck_assert_uint_eq(h.a[1], 0xb2b2b2b2u);
    ck_assert_uint_eq(h.a[2], 0xa3a3a3a3u);
    ck_assert_uint_eq(h.a[3], 0xa2a2a2a2u);
    ck_assert_uint_eq(h.a[4], 0xc5c5c5c5u);
}
END_TEST

START_TEST(continuation_writes_back_where_they_came_from)
{
    static const uint64_t again[3] = { 0x1111222233334444ull, 0x55, 0x6666777788889999ull };

    for (int mode64 = 0; mode64 < 2; mode64++) {
        struct cpu_user_regs r = filled(), before = r;
        struct hcall_args h;

        hvm_hypercall_set_args(&r, mode64, again, 3);
        hvm_hypercall_args(&r, mode64, &h);
        for (unsigned int i = 0; i < 3; i++)
            ck_assert_uint_eq(h.a[i], mode64 ? again[i] : (uint32_t)again[i]);
        /* The rest, and the number, untouched. */
        ck_assert_uint_eq(r.rax, before.rax);
        ck_assert_uint_eq(mode64 ? r.r10 : r.rsi, mode64 ? before.r10 : before.rsi);
        ck_assert_uint_eq(mode64 ? r.r8 : r.rdi, mode64 ? before.r8 : before.rdi);
    }
}
END_TEST

Suite *hypercall_args_suite(void)
{
    Suite *s = suite_create("hypercall_args");
    TCase *tc = tcase_create("core");

    tcase_add_test(tc, mode64_takes_the_whole_rax);
    tcase_add_test(tc, mode32_takes_the_low_halves);
    tcase_add_test(tc, continuation_writes_back_where_they_came_from);
    suite_add_tcase(s, tc);
    return s;
}

/* The guest's formatter against the C library's: same text, same length,
 * same truncation. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "check_suites.h"

/* Formats with both and compares; buffers of several sizes for truncation. */
#define SAME(...) do {                                                        \
        char ours[128], libc[128];                                            \
        int n1 = guest_snprintf(ours, sizeof(ours), __VA_ARGS__);             \
        int n2 = snprintf(libc, sizeof(libc), __VA_ARGS__);                   \
        ck_assert_int_eq(n1, n2);                                             \
        ck_assert_str_eq(ours, libc);                                         \
        for ( size_t sz = 0; sz < 12; sz++ ) {                                \
            memset(ours, 'X', sizeof(ours));                                  \
            memset(libc, 'X', sizeof(libc));                                  \
            n1 = guest_snprintf(ours, sz, __VA_ARGS__);                       \
            n2 = snprintf(libc, sz, __VA_ARGS__);                             \
            ck_assert_int_eq(n1, n2);                                         \
            ck_assert_mem_eq(ours, libc, sz + 1);                             \
        }                                                                     \
    } while ( 0 )

#pragma GCC diagnostic ignored "-Wformat-truncation"
#pragma GCC diagnostic ignored "-Wformat-zero-length"

START_TEST(test_integers)
{
    SAME("%d %i %u", 0, -1, 4000000000u);
    SAME("%d", -2147483647 - 1);
    SAME("%ld %lu", -9223372036854775807L - 1, 18446744073709551615UL);
    SAME("%lld %llx", -5LL, 0xdeadbeefcafeULL);
    SAME("%zu %zx", (size_t)123, (size_t)0xabc);
    SAME("%hd %hu %hhd %hhu", (short)-3, (unsigned short)65535, (signed char)-128,
         (unsigned char)255);
    SAME("%hx %hhx", 0x12345, 0x1ff);
}
END_TEST

START_TEST(test_hex_octal)
{
    SAME("%x %X %o", 0xabcdefu, 0xabcdefu, 0777u);
    SAME("%#x %#X %#o %#x %#o", 0x1fu, 0x1fu, 8u, 0u, 0u);
    SAME("%#lx", 0x40000000UL);
    SAME("%p %p", (void *)0x1234, (void *)0xffff800000000000UL);
}
END_TEST

START_TEST(test_width_precision_flags)
{
    SAME("[%5d] [%-5d] [%05d] [%-5d]", 42, 42, 42, -42);
    SAME("[%05d] [%5d] [%08x] [%#010x]", -42, -42, 0xbeefu, 0xbeefu);
    SAME("[%.3d] [%8.3d] [%-8.3d] [%8.3d]", 7, 7, 7, -7);
    SAME("[%.0d] [%.0x] [%5.0u]", 0, 0u, 0u);
    SAME("[%*d] [%-*d] [%*d]", 6, 1, 6, 1, -6, 1);
    SAME("[%.*s] [%.*d]", 3, "abcdef", 4, 5);
    SAME("[%010lu] [%-20lx]", 123456789UL, 0xfffUL);
    SAME("[%02x %02x]", 0x5u, 0xabu);
}
END_TEST

START_TEST(test_strings_chars)
{
    SAME("%s|%10s|%-10s|%.2s|%5.1s", "abc", "abc", "abc", "abc", "abc");
    SAME("%c%c%c [%3c] [%-3c]", 'a', 'b', 'c', 'x', 'y');
    SAME("100%% %s", "done");
    SAME("%s", "");
    SAME("no conversions at all");
    SAME("");
}
END_TEST

START_TEST(test_null_string)
{
    char buf[16];
    const char *volatile null = NULL;     /* hidden from -Wformat-overflow */

    ck_assert_int_eq(guest_snprintf(buf, sizeof(buf), "%s", null), 6);
    ck_assert_str_eq(buf, "(null)");
}
END_TEST

START_TEST(test_result_lines)
{
    char buf[64];

    /* The framework's result line through a short buffer: cut, terminated,
     * the full length returned. */
    int n = guest_snprintf(buf, 20, "Test result: %s: %s", "FAILURE", "a long reason");
    ck_assert_int_eq(n, (int)strlen("Test result: FAILURE: a long reason"));
    ck_assert_str_eq(buf, "Test result: FAILUR");
}
END_TEST

Suite *vsnprintf_suite(void)
{
    Suite *s = suite_create("vsnprintf");
    TCase *tc = tcase_create("format");

    tcase_add_test(tc, test_integers);
    tcase_add_test(tc, test_hex_octal);
    tcase_add_test(tc, test_width_precision_flags);
    tcase_add_test(tc, test_strings_chars);
    tcase_add_test(tc, test_null_string);
    tcase_add_test(tc, test_result_lines);
    suite_add_tcase(s, tc);
    return s;
}

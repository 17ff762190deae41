/* Trace record encoding and trace= class selection. */
#include <check.h>
#include "suites.h"
#include <string.h>
#include <xen/trace.h>
#include <xen/vsprintf.h>

START_TEST(record_layout)
{
    char buf[128];
    size_t n = trace_format(buf, sizeof(buf), 7, 123456789, 2, TRC_BOOT, "smp",
                            "cpus_online=4");

    ck_assert_str_eq(buf, "7 123456789 2 boot smp cpus_online=4\n");
    ck_assert_uint_eq(n, strlen(buf));
}
END_TEST

START_TEST(record_without_kv)
{
    char buf[64];

    trace_format(buf, sizeof(buf), 1, 0, 0, TRC_POWER, "poweroff", "");
    ck_assert_str_eq(buf, "1 0 0 power poweroff\n");
}
END_TEST

START_TEST(record_is_one_printable_line)
{
    char buf[64];

    trace_format(buf, sizeof(buf), 1, 0, 0, TRC_KEY, "pressed", "key=\n\x01\x7f");
    ck_assert_str_eq(buf, "1 0 0 key pressed key=???\n");
}
END_TEST

START_TEST(record_truncated_still_ends_in_newline)
{
    char buf[16];
    size_t n = trace_format(buf, sizeof(buf), 1, 0, 0, TRC_BOOT, "start",
                            "version=0.1 a=b c=d");

    ck_assert_uint_eq(n, 15);
    ck_assert_int_eq(buf[14], '\n');
    ck_assert_int_eq(buf[15], '\0');
}
END_TEST

START_TEST(classes)
{
    uint32_t m = 0;

    ck_assert_int_eq(trace_parse_classes("all", &m), 0);
    ck_assert_uint_eq(m, TRC_MASK_ALL);
    ck_assert_int_eq(trace_parse_classes("none", &m), 0);
    ck_assert_uint_eq(m, 0);
    ck_assert_int_eq(trace_parse_classes("boot,hcall", &m), 0);
    ck_assert_uint_eq(m, (1u << TRC_BOOT) | (1u << TRC_HCALL));
    m = 42;
    ck_assert_int_eq(trace_parse_classes("boot,bogus", &m), -1);
    ck_assert_int_eq(trace_parse_classes("boot,", &m), -1);
    ck_assert_int_eq(trace_parse_classes("", &m), -1);
    ck_assert_uint_eq(m, 42);               /* untouched on error */
}
END_TEST

START_TEST(full_policy)
{
    bool drop = false;

    ck_assert_int_eq(trace_parse_full("drop", &drop), 0);
    ck_assert(drop);
    ck_assert_int_eq(trace_parse_full("wait", &drop), 0);
    ck_assert(!drop);
    drop = true;
    ck_assert_int_eq(trace_parse_full("dro", &drop), -1);
    ck_assert_int_eq(trace_parse_full("", &drop), -1);
    ck_assert(drop);                        /* untouched on error */
}
END_TEST

START_TEST(names)
{
    ck_assert_str_eq(trace_class_name(TRC_VMEXIT), "vmexit");
    ck_assert_str_eq(trace_class_name(TRC_BENCH), "bench");
    ck_assert_str_eq(trace_class_name(TRC_NR_CLASSES), "?");
}
END_TEST

/* Called through a pointer: the compiler's printf knowledge must not judge
 * deliberate truncation, and the hypervisor's own vsnprintf is the one
 * linked (its %p, unlike glibc's, has no 0x and is zero-padded). */
static int (*volatile fmt)(char *, size_t, const char *, ...) = snprintf;

START_TEST(vsnprintf_conversions)
{
    char b[96];

    fmt(b, sizeof(b), "%p", (void *)0x10);
    ck_assert_str_eq(b, "0000000000000010");
    fmt(b, sizeof(b), "%d|%5u|%-4x|%08llx|%#x|%s|%.3s|%c|%%|%ld", -42, 7u, 0xabu,
             0x1234ULL, 255u, "str", "abcdef", 'z', -1L);
    ck_assert_str_eq(b, "-42|    7|ab  |00001234|0xff|str|abc|z|%|-1");
    ck_assert_int_eq(fmt(b, 4, "%s", "overflow"), 8);
    ck_assert_str_eq(b, "ove");
    fmt(b, sizeof(b), "%05d|%s|%.*s|%*d", -7, (char *)NULL, 2, "xyz", 4, 5);
    ck_assert_str_eq(b, "-0007|(null)|xy|   5");
}
END_TEST

Suite *trace_suite(void)
{
    Suite *s = suite_create("trace");
    TCase *tc = tcase_create("format");

    tcase_add_test(tc, record_layout);
    tcase_add_test(tc, record_without_kv);
    tcase_add_test(tc, record_is_one_printable_line);
    tcase_add_test(tc, record_truncated_still_ends_in_newline);
    tcase_add_test(tc, classes);
    tcase_add_test(tc, full_policy);
    tcase_add_test(tc, names);
    tcase_add_test(tc, vsnprintf_conversions);
    suite_add_tcase(s, tc);
    return s;
}

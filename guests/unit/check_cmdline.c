/* The guest command-line parser and the shutdown reason names. */
#include <stdint.h>
#include <string.h>

#include <xen/xen.h>
#include <xen/sched.h>

#include "check_suites.h"
#include "cmdline.h"

START_TEST(test_get)
{
    const char *cl = "expect=333  settle=2000 verbose ms=4000 reason=crash";
    char v[16];

    ck_assert(cmdline_get(cl, "expect", v, sizeof(v)));
    ck_assert_str_eq(v, "333");
    ck_assert(cmdline_get(cl, "ms", v, sizeof(v)));
    ck_assert_str_eq(v, "4000");
    ck_assert(cmdline_get(cl, "reason", v, sizeof(v)));
    ck_assert_str_eq(v, "crash");
    /* A bare word is present with an empty value. */
    ck_assert(cmdline_get(cl, "verbose", v, sizeof(v)));
    ck_assert_str_eq(v, "");
    /* Prefixes and suffixes of a key do not match it. */
    ck_assert(!cmdline_get(cl, "expec", v, sizeof(v)));
    ck_assert(!cmdline_get(cl, "m", v, sizeof(v)));
    ck_assert(!cmdline_get(cl, "settle=2000", v, sizeof(v)));
    ck_assert(!cmdline_get(cl, "", v, sizeof(v)));
    ck_assert(!cmdline_get(NULL, "ms", v, sizeof(v)));
    ck_assert(!cmdline_get("", "ms", v, sizeof(v)));
}
END_TEST

START_TEST(test_last_wins_and_cut)
{
    char v[4];

    ck_assert(cmdline_get("a=1 a=22 b=3", "a", v, sizeof(v)));
    ck_assert_str_eq(v, "22");
    /* Cut to the buffer, always terminated. */
    ck_assert(cmdline_get("key=abcdefgh", "key", v, sizeof(v)));
    ck_assert_str_eq(v, "abc");
    /* size 0: only whether it is there. */
    ck_assert(cmdline_get("key=abcdefgh", "key", v, 0));
    /* Values keep '=' after the first. */
    char w[16];
    ck_assert(cmdline_get(" x=a=b ", "x", w, sizeof(w)));
    ck_assert_str_eq(w, "a=b");
}
END_TEST

START_TEST(test_ulong)
{
    unsigned long v = 7;

    ck_assert(cmdline_get_ulong("n=42 h=0x1F z=0", "n", &v));
    ck_assert_uint_eq(v, 42);
    ck_assert(cmdline_get_ulong("n=42 h=0x1F z=0", "h", &v));
    ck_assert_uint_eq(v, 31);
    ck_assert(cmdline_get_ulong("n=42 h=0x1F z=0", "z", &v));
    ck_assert_uint_eq(v, 0);
    ck_assert(cmdline_get_ulong("m=18446744073709551615", "m", &v));
    ck_assert_uint_eq(v, 18446744073709551615UL);

    v = 7;
    ck_assert(!cmdline_get_ulong("m=18446744073709551616", "m", &v));
    ck_assert(!cmdline_get_ulong("n=12a", "n", &v));
    ck_assert(!cmdline_get_ulong("n=", "n", &v));
    ck_assert(!cmdline_get_ulong("n", "n", &v));
    ck_assert(!cmdline_get_ulong("n=0x", "n", &v));
    ck_assert(!cmdline_get_ulong("n=-1", "n", &v));
    ck_assert(!cmdline_get_ulong("", "n", &v));
    ck_assert_uint_eq(v, 7);        /* untouched on failure */
}
END_TEST

START_TEST(test_shutdown_names)
{
    ck_assert_int_eq(shutdown_reason_from_name("poweroff"), SHUTDOWN_poweroff);
    ck_assert_int_eq(shutdown_reason_from_name("reboot"), SHUTDOWN_reboot);
    ck_assert_int_eq(shutdown_reason_from_name("suspend"), SHUTDOWN_suspend);
    ck_assert_int_eq(shutdown_reason_from_name("crash"), SHUTDOWN_crash);
    ck_assert_int_eq(shutdown_reason_from_name("watchdog"), SHUTDOWN_watchdog);
    ck_assert_int_eq(shutdown_reason_from_name("soft_reset"), SHUTDOWN_soft_reset);
    ck_assert_int_eq(shutdown_reason_from_name("halt"), -1);
    ck_assert_int_eq(shutdown_reason_from_name("Crash"), -1);
    ck_assert_int_eq(shutdown_reason_from_name(""), -1);
    ck_assert_int_eq(shutdown_reason_from_name(NULL), -1);
    for ( unsigned int r = 0; r <= SHUTDOWN_MAX; r++ )
        ck_assert_int_eq(shutdown_reason_from_name(shutdown_reason_name(r)), (int)r);
    ck_assert_str_eq(shutdown_reason_name(SHUTDOWN_MAX + 1), "unknown");
}
END_TEST

Suite *cmdline_suite(void)
{
    Suite *s = suite_create("cmdline");
    TCase *tc = tcase_create("parse");

    tcase_add_test(tc, test_get);
    tcase_add_test(tc, test_last_wins_and_cut);
    tcase_add_test(tc, test_ulong);
    tcase_add_test(tc, test_shutdown_names);
    suite_add_tcase(s, tc);
    return s;
}

/* Serial input switching (common/console_switch.c): CTRL-a three times
 * moves the focus, fewer are delivered as typed, and the rotation skips
 * domains that do not exist, back to the hypervisor after the last. */
#include <check.h>
#include <string.h>
#include "suites.h"
#include <xen/console_switch.h>

static bool exists_1_3(unsigned int domid)
{
    return domid == 1 || domid == 3;
}

static bool exists_none(unsigned int domid)
{
    (void)domid;
    return false;
}

START_TEST(parse)
{
    struct conswitch s;
    bool x;

    ck_assert_int_eq(conswitch_parse("a", &s, &x), 0);
    ck_assert_uint_eq(s.code, 1);
    ck_assert(!x);
    ck_assert_int_eq(conswitch_parse("bx", &s, &x), 0);
    ck_assert_uint_eq(s.code, 2);
    ck_assert(x);
    ck_assert_int_eq(conswitch_parse("", &s, &x), -1);
    ck_assert_int_eq(conswitch_parse("A", &s, &x), -1);
    ck_assert_int_eq(conswitch_parse("ay", &s, &x), -1);
    ck_assert_int_eq(conswitch_parse("axx", &s, &x), -1);
}
END_TEST

START_TEST(three_codes_switch)
{
    struct conswitch s = { .code = 1 };
    char out[3];
    bool now;

    ck_assert_uint_eq(conswitch_feed(&s, 1, out, &now), 0);
    ck_assert(!now);
    ck_assert_uint_eq(conswitch_feed(&s, 1, out, &now), 0);
    ck_assert(!now);
    ck_assert_uint_eq(conswitch_feed(&s, 1, out, &now), 0);
    ck_assert(now);
    /* The count starts again. */
    ck_assert_uint_eq(conswitch_feed(&s, 'x', out, &now), 1);
    ck_assert(!now);
    ck_assert_int_eq(out[0], 'x');
}
END_TEST

START_TEST(fewer_codes_are_delivered)
{
    struct conswitch s = { .code = 1 };
    char out[3];
    bool now;

    conswitch_feed(&s, 1, out, &now);
    conswitch_feed(&s, 1, out, &now);
    ck_assert_uint_eq(conswitch_feed(&s, 'q', out, &now), 3);
    ck_assert(!now);
    ck_assert(!memcmp(out, "\1\1q", 3));
    ck_assert_uint_eq(conswitch_feed(&s, 'r', out, &now), 1);
}
END_TEST

START_TEST(switching_off)
{
    struct conswitch s = { .code = 0 };
    char out[3];
    bool now;

    for (int i = 0; i < 3; i++) {
        ck_assert_uint_eq(conswitch_feed(&s, 1, out, &now), 1);
        ck_assert(!now);
    }
}
END_TEST

START_TEST(rotation)
{
    /* Xen (0) -> DOM1 (2) -> DOM3 (4) -> Xen; domains 0 and 2 missing. */
    ck_assert_uint_eq(console_rx_next(0, 3, exists_1_3), 2);
    ck_assert_uint_eq(console_rx_next(2, 3, exists_1_3), 4);
    ck_assert_uint_eq(console_rx_next(4, 3, exists_1_3), 0);
    /* conswitch=<c>x starts past the last: straight back to Xen. */
    ck_assert_uint_eq(console_rx_next(4, 3, exists_1_3), 0);
    ck_assert_uint_eq(console_rx_next(0, 0, exists_none), 0);
    ck_assert_uint_eq(console_rx_next(0, 3, exists_none), 0);
}
END_TEST

Suite *console_switch_suite(void)
{
    Suite *s = suite_create("console_switch");
    TCase *tc = tcase_create("core");

    tcase_add_test(tc, parse);
    tcase_add_test(tc, three_codes_switch);
    tcase_add_test(tc, fewer_codes_are_delivered);
    tcase_add_test(tc, switching_off);
    tcase_add_test(tc, rotation);
    suite_add_tcase(s, tc);
    return s;
}

/* The rules for a vCPU's timer arguments (common/vcpu_timer_rules.c), as
 * Xen 4.17.7 applies them: a past single-shot deadline, the periodic
 * timer's bounds, set_timer_op's stop and wrap cases, and the periodic
 * timer's catch-up. */
#include <check.h>
#include "suites.h"
#include <xen/vcpu_timer.h>
#include <public/xen.h>
#include <public/errno.h>

START_TEST(singleshot_past_deadlines)
{
    s_time_t now = SECONDS(5);

    ck_assert(singleshot_expired(SECONDS(1), now));         /* fires at once */
    ck_assert(singleshot_expired(now - 1, now));
    ck_assert(!singleshot_expired(now, now));               /* not before now */
    ck_assert(!singleshot_expired(now + MILLISECS(20), now));
    /* Compared unsigned, as Xen's C does: "negative" is far ahead. */
    ck_assert(!singleshot_expired(1ULL << 63, now));
}
END_TEST

START_TEST(periodic_bounds)
{
    ck_assert_int_eq(periodic_check(0), -XEN_EINVAL);
    ck_assert_int_eq(periodic_check(MICROSECS(50)), -XEN_EINVAL);
    ck_assert_int_eq(periodic_check(MILLISECS(1) - 1), -XEN_EINVAL);
    ck_assert_int_eq(periodic_check(MILLISECS(1)), 0);
    ck_assert_int_eq(periodic_check(MILLISECS(10)), 0);
    ck_assert_int_eq(periodic_check((uint64_t)STIME_DELTA_MAX), 0);
    ck_assert_int_eq(periodic_check((uint64_t)STIME_DELTA_MAX + 1), -XEN_EINVAL);
    ck_assert_int_eq(periodic_check(~0ULL), -XEN_EINVAL);
}
END_TEST

START_TEST(set_timer_op_cases)
{
    s_time_t now = SECONDS(100);

    ck_assert_int_eq(set_timer_op_deadline(0, now), 0);                 /* stop */
    ck_assert_int_eq(set_timer_op_deadline(now + 5, now), now + 5);
    ck_assert_int_eq(set_timer_op_deadline(now - 5, now), now - 5);     /* fires at once */
    ck_assert_int_eq(set_timer_op_deadline(-1, now), now + MILLISECS(100));
    ck_assert_int_eq(set_timer_op_deadline(now + (1LL << 50), now), now + MILLISECS(100));
    ck_assert_int_eq(set_timer_op_deadline(now + (1LL << 50) - 1, now), now + (1LL << 50) - 1);
}
END_TEST

START_TEST(periodic_catch_up)
{
    s_time_t last = 0;
    bool fire;

    ck_assert_int_eq(periodic_next(&last, 10, 5, &fire), 10);
    ck_assert(!fire);
    ck_assert_int_eq(last, 0);
    ck_assert_int_eq(periodic_next(&last, 10, 10, &fire), 20);
    ck_assert(fire);
    ck_assert_int_eq(last, 10);
    /* Three periods late: one event, and the period restarts from now. */
    ck_assert_int_eq(periodic_next(&last, 10, 45, &fire), 55);
    ck_assert(fire);
    ck_assert_int_eq(last, 45);
}
END_TEST

Suite *vcpu_timer_suite(void)
{
    Suite *s = suite_create("vcpu_timer");
    TCase *tc = tcase_create("core");

    tcase_add_test(tc, singleshot_past_deadlines);
    tcase_add_test(tc, periodic_bounds);
    tcase_add_test(tc, set_timer_op_cases);
    tcase_add_test(tc, periodic_catch_up);
    suite_add_tcase(s, tc);
    return s;
}

/* Timer queue operations (common/timer_queue.c): ordering, removal, due
 * timers, and moving a timer between two CPUs' queues (migrate_timer). */
#include <check.h>
#include "suites.h"
#include <xen/timer.h>

static void fn(void *d) { (void)d; }

static void mk(struct timer *t, s_time_t expires)
{
    *t = (struct timer){ .function = fn, .status = TIMER_STATUS_inactive,
                         .expires = expires };
}

static int len(const struct timer *head)
{
    int n = 0;

    for (; head; head = head->next)
        n++;
    return n;
}

START_TEST(add_keeps_expiry_order_and_fifo_for_ties)
{
    struct timer a, b, c, d, *head = NULL;

    mk(&a, 30); mk(&b, 10); mk(&c, 30); mk(&d, 20);
    ck_assert(timer_queue_add(&head, &a));          /* first: head */
    ck_assert(timer_queue_add(&head, &b));          /* earlier: new head */
    ck_assert(!timer_queue_add(&head, &c));         /* tie with a: after it */
    ck_assert(!timer_queue_add(&head, &d));
    ck_assert_ptr_eq(head, &b);
    ck_assert_ptr_eq(b.next, &d);
    ck_assert_ptr_eq(d.next, &a);
    ck_assert_ptr_eq(a.next, &c);
    ck_assert_ptr_null(c.next);
    ck_assert_int_eq(a.status, TIMER_STATUS_in_list);
}
END_TEST

START_TEST(remove_head_middle_and_absent)
{
    struct timer a, b, c, x, *head = NULL;

    mk(&a, 1); mk(&b, 2); mk(&c, 3); mk(&x, 4);
    timer_queue_add(&head, &a);
    timer_queue_add(&head, &b);
    timer_queue_add(&head, &c);
    ck_assert(!timer_queue_remove(&head, &b));
    ck_assert_int_eq(b.status, TIMER_STATUS_inactive);
    ck_assert_int_eq(len(head), 2);
    ck_assert(timer_queue_remove(&head, &a));       /* was the head */
    ck_assert_ptr_eq(head, &c);
    ck_assert(!timer_queue_remove(&head, &x));      /* not queued: no harm */
    ck_assert_int_eq(len(head), 1);
    x.status = TIMER_STATUS_killed;
    timer_queue_remove(&head, &x);
    ck_assert_int_eq(x.status, TIMER_STATUS_killed);  /* killed stays killed */
}
END_TEST

START_TEST(pop_due_only_what_expired)
{
    struct timer a, b, *head = NULL;

    mk(&a, 100); mk(&b, 200);
    timer_queue_add(&head, &b);
    timer_queue_add(&head, &a);
    ck_assert_ptr_null(timer_queue_pop_due(&head, 99));
    ck_assert_ptr_eq(timer_queue_pop_due(&head, 150), &a);
    ck_assert_int_eq(a.status, TIMER_STATUS_inactive);
    ck_assert_ptr_null(timer_queue_pop_due(&head, 150));
    ck_assert_ptr_eq(timer_queue_pop_due(&head, 200), &b);
    ck_assert_ptr_null(head);
    ck_assert_ptr_null(timer_queue_pop_due(&head, 1000));
}
END_TEST

START_TEST(move_active_timer_between_queues)
{
    struct timer a, b, c, *cpu1 = NULL, *cpu2 = NULL;

    mk(&a, 50); mk(&b, 10); mk(&c, 20);
    timer_queue_add(&cpu1, &a);
    timer_queue_add(&cpu1, &b);
    timer_queue_add(&cpu2, &c);
    ck_assert(!timer_queue_move(&cpu1, &cpu2, &a)); /* after c: not the head */
    ck_assert_int_eq(len(cpu1), 1);
    ck_assert_int_eq(len(cpu2), 2);
    ck_assert_ptr_eq(c.next, &a);
    ck_assert(timer_queue_move(&cpu1, &cpu2, &b));  /* earliest: new head */
    ck_assert_ptr_null(cpu1);
    ck_assert_ptr_eq(cpu2, &b);
    ck_assert_int_eq(b.status, TIMER_STATUS_in_list);
}
END_TEST

START_TEST(move_inactive_timer_queues_nothing)
{
    struct timer a, *cpu1 = NULL, *cpu2 = NULL;

    mk(&a, 5);
    ck_assert(!timer_queue_move(&cpu1, &cpu2, &a));
    ck_assert_ptr_null(cpu2);
    ck_assert_int_eq(a.status, TIMER_STATUS_inactive);
    a.status = TIMER_STATUS_killed;
    ck_assert(!timer_queue_move(&cpu1, &cpu2, &a));
    ck_assert_ptr_null(cpu2);
}
END_TEST

Suite *timer_suite(void)
{
    Suite *s = suite_create("timer");
    TCase *tc = tcase_create("queue");

    tcase_add_test(tc, add_keeps_expiry_order_and_fifo_for_ties);
    tcase_add_test(tc, remove_head_middle_and_absent);
    tcase_add_test(tc, pop_due_only_what_expired);
    tcase_add_test(tc, move_active_timer_between_queues);
    tcase_add_test(tc, move_inactive_timer_queues_nothing);
    suite_add_tcase(s, tc);
    return s;
}

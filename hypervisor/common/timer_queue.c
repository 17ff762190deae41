/* Per-CPU timer queue: a singly linked list sorted by expiry (pure: the
 * locking around it is common/timer.c's). A list, not Xen's heap: a CPU
 * holds a handful of timers (its vCPUs' and a few of its own). */
#include <xen/timer.h>

bool timer_queue_add(struct timer **head, struct timer *t)
{
    struct timer **pp = head;

    /* After every timer with the same expiry: they fire in the order set. */
    while (*pp && (*pp)->expires <= t->expires)
        pp = &(*pp)->next;
    t->next = *pp;
    *pp = t;
    t->status = TIMER_STATUS_in_list;
    return *head == t;
}

bool timer_queue_remove(struct timer **head, struct timer *t)
{
    bool was_head = *head == t;

    for (struct timer **pp = head; *pp; pp = &(*pp)->next)
        if (*pp == t) {
            *pp = t->next;
            break;
        }
    t->next = NULL;
    if (t->status == TIMER_STATUS_in_list)
        t->status = TIMER_STATUS_inactive;
    return was_head;
}

struct timer *timer_queue_pop_due(struct timer **head, s_time_t now)
{
    struct timer *t = *head;

    if (!t || t->expires > now)
        return NULL;
    timer_queue_remove(head, t);
    return t;
}

bool timer_queue_move(struct timer **from, struct timer **to, struct timer *t)
{
    if (t->status != TIMER_STATUS_in_list)
        return false;
    timer_queue_remove(from, t);
    return timer_queue_add(to, t);
}

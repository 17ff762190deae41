/* Timer events: a function called on a given CPU at (or soon after) a time.
 * Xen's interface and semantics (xen/include/xen/timer.h), with one
 * difference asked of ours: stop_timer(), like kill_timer(), returns only
 * once the handler is not running on another CPU. */
#ifndef XEN_TIMER_H
#define XEN_TIMER_H
#include <xen/types.h>

/* A handler may run up to this much before its expiry (timers this close
 * together run at once): a timer that must not fire early asks for its
 * expiry plus TIMER_SLOP. */
#define TIMER_SLOP MICROSECS(50)

struct timer {
    s_time_t expires;
    void (*function)(void *data);
    void *data;
    struct timer *next;                 /* per-CPU queue, sorted by expires */
#define TIMER_CPU_status_killed 0xffffu
    uint16_t cpu;                       /* whose queue; changed under both locks */
#define TIMER_STATUS_inactive 1         /* not queued; can be set */
#define TIMER_STATUS_killed   2         /* not queued; set_timer() ignores it */
#define TIMER_STATUS_in_list  3         /* queued on cpu's list */
    uint8_t status;
};

/* On a new or killed timer only, never concurrently with other calls on it. */
void init_timer(struct timer *t, void (*fn)(void *), void *data, unsigned int cpu);
/* (Re)arms the timer; a killed timer stays dead. */
void set_timer(struct timer *t, s_time_t expires);
/* Disarms the timer and waits until its handler is not running on another
 * CPU; from the handler itself it does not wait (it could not). Callers must
 * not hold a lock, or have interrupts off, that the handler needs. */
void stop_timer(struct timer *t);
/* stop_timer() and more: set_timer() is ignored until init_timer() again. */
void kill_timer(struct timer *t);
/* Moves the timer, armed or not, to new_cpu's queue (vCPU timers follow
 * their vCPU). A handler already running keeps running where it started. */
void migrate_timer(struct timer *t, unsigned int new_cpu);
static inline bool timer_is_active(const struct timer *t)
{
    return t->status == TIMER_STATUS_in_list;
}
void timer_init(void);

/* Queue operations (common/timer_queue.c, pure: tested on the host). The
 * queue is a list sorted by expiry; equal expiries run in the order set. */
/* Queues t (status in_list); true if it became the head (re-arm the CPU). */
bool timer_queue_add(struct timer **head, struct timer *t);
/* Unqueues t (status inactive); true if it was the head. */
bool timer_queue_remove(struct timer **head, struct timer *t);
/* Unqueues and returns the head if it expires at or before now, else NULL. */
struct timer *timer_queue_pop_due(struct timer **head, s_time_t now);
/* Moves t between queues keeping its state; true if it is now to's head. */
bool timer_queue_move(struct timer **from, struct timer **to, struct timer *t);

#ifndef HOST_TEST
/* Debug key 'k': stop/kill/migrate checked across CPUs (timer_selftest.c). */
void timer_selftest_init(void);
#endif

#endif

/* Timer events: a function called on a given CPU at (or soon after) a time. */
#ifndef XEN_TIMER_H
#define XEN_TIMER_H
#include <xen/types.h>

struct timer {
    s_time_t expires;
    void (*function)(void *data);
    void *data;
    unsigned int cpu;
    bool active;
    struct timer *next;                 /* per-CPU list, sorted by expires */
};

void init_timer(struct timer *t, void (*fn)(void *), void *data, unsigned int cpu);
void set_timer(struct timer *t, s_time_t expires);
void stop_timer(struct timer *t);
void timer_init(void);

#endif

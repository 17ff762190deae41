/* Timer subsystem: each CPU keeps its timers in a list sorted by expiry and
 * arms its APIC one-shot for the earliest; TIMER_SOFTIRQ runs what is due. */
#include <xen/timer.h>
#include <xen/lib.h>
#include <xen/softirq.h>
#include <xen/time.h>
#include <xen/keyhandler.h>
#include <xen/symbols.h>
#include <asm/spinlock.h>
#include <asm/smp.h>
#include <asm/apic.h>

#define TIMER_SLOP MICROSECS(50)        /* run timers this close together */

struct timers {
    spinlock_t lock;
    struct timer *head;
    unsigned long fired;
};
static DEFINE_PER_CPU(struct timers, timers);

void init_timer(struct timer *t, void (*fn)(void *), void *data, unsigned int cpu)
{
    *t = (struct timer){ .function = fn, .data = data, .cpu = cpu };
}

static void unlink(struct timers *ts, struct timer *t)
{
    for (struct timer **pp = &ts->head; *pp; pp = &(*pp)->next)
        if (*pp == t) {
            *pp = t->next;
            break;
        }
    t->active = false;
}

void set_timer(struct timer *t, s_time_t expires)
{
    struct timers *ts = &per_cpu(timers, t->cpu);
    unsigned long flags = spin_lock_irqsave(&ts->lock);
    struct timer **pp = &ts->head;

    if (t->active)
        unlink(ts, t);
    t->expires = expires;
    while (*pp && (*pp)->expires <= expires)
        pp = &(*pp)->next;
    t->next = *pp;
    *pp = t;
    t->active = true;
    spin_unlock_irqrestore(&ts->lock, flags);
    /* New earliest timer: that CPU must re-arm its APIC timer. */
    if (ts->head == t)
        cpu_raise_softirq(t->cpu, TIMER_SOFTIRQ);
}

void stop_timer(struct timer *t)
{
    struct timers *ts = &per_cpu(timers, t->cpu);
    unsigned long flags = spin_lock_irqsave(&ts->lock);

    if (t->active)
        unlink(ts, t);
    spin_unlock_irqrestore(&ts->lock, flags);
}

static void timer_softirq_action(void)
{
    struct timers *ts = &this_cpu(timers);
    unsigned long flags = spin_lock_irqsave(&ts->lock);
    struct timer *t;

    while ((t = ts->head) && t->expires <= NOW() + TIMER_SLOP) {
        ts->head = t->next;
        t->active = false;
        ts->fired++;
        spin_unlock_irqrestore(&ts->lock, flags);
        t->function(t->data);               /* may set_timer() itself again */
        flags = spin_lock_irqsave(&ts->lock);
    }
    reprogram_timer(ts->head ? ts->head->expires : 0);
    spin_unlock_irqrestore(&ts->lock, flags);
}

static void dump_timerq(unsigned char key)
{
    unsigned int cpu;
    s_time_t now = NOW();

    printk("'%c' pressed -> dumping timer queues (now = %lld ns)\n", key, (long long)now);
    for_each_online_cpu(cpu) {
        struct timers *ts = &per_cpu(timers, cpu);
        unsigned long flags = spin_lock_irqsave(&ts->lock);

        printk("CPU%02u: fired=%lu\n", cpu, ts->fired);
        for (struct timer *t = ts->head; t; t = t->next) {
            char fn[96];

            symbols_describe((uintptr_t)t->function, fn, sizeof(fn));
            printk("  ex=%lldus timer=%p fn=%s\n", (long long)(t->expires - now) / 1000,
                   (void *)t, fn);
        }
        spin_unlock_irqrestore(&ts->lock, flags);
    }
}

void timer_init(void)
{
    open_softirq(TIMER_SOFTIRQ, timer_softirq_action);
    register_keyhandler('a', dump_timerq, "dump timer queues");
}


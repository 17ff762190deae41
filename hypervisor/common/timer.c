/* Timer subsystem: each CPU keeps its timers in a queue sorted by expiry
 * (timer_queue.c) and arms its APIC one-shot for the earliest;
 * TIMER_SOFTIRQ runs what is due. A timer's queue is the one of t->cpu,
 * which only changes with both CPUs' locks held (migrate_timer), so a
 * locker reads t->cpu, locks that queue and checks t->cpu again, as Xen's
 * timer_lock() does. */
#include <xen/timer.h>
#include <xen/lib.h>
#include <xen/softirq.h>
#include <xen/time.h>
#include <xen/keyhandler.h>
#include <xen/symbols.h>
#include <asm/spinlock.h>
#include <asm/smp.h>
#include <asm/apic.h>

struct timers {
    spinlock_t lock;
    struct timer *head;
    struct timer *running;              /* handler being called, or NULL */
    unsigned long fired;
};
static DEFINE_PER_CPU(struct timers, timers);

/* Locks t's queue; NULL (nothing locked) if t is killed. */
static struct timers *timer_lock(struct timer *t, unsigned long *flags)
{
    for (;;) {
        unsigned int cpu = __atomic_load_n(&t->cpu, __ATOMIC_ACQUIRE);
        struct timers *ts;

        if (cpu == TIMER_CPU_status_killed)
            return NULL;
        ts = &per_cpu(timers, cpu);
        *flags = spin_lock_irqsave(&ts->lock);
        if (t->cpu == cpu)
            return ts;
        spin_unlock_irqrestore(&ts->lock, *flags);     /* migrated meanwhile */
    }
}

/* Whether another CPU is calling t's handler. A queued timer is never
 * running and a dequeued one is marked running in the same critical
 * section, so with t's queue locked and t unqueued this is decisive. */
static bool timer_running_elsewhere(const struct timer *t)
{
    unsigned int cpu, self = smp_processor_id();

    for_each_online_cpu(cpu)
        if (cpu != self && __atomic_load_n(&per_cpu(timers, cpu).running,
                                           __ATOMIC_ACQUIRE) == t)
            return true;
    return false;
}

static void wait_not_running(const struct timer *t)
{
    while (timer_running_elsewhere(t))
        cpu_relax();
}

void init_timer(struct timer *t, void (*fn)(void *), void *data, unsigned int cpu)
{
    *t = (struct timer){ .function = fn, .data = data, .cpu = (uint16_t)cpu,
                         .status = TIMER_STATUS_inactive };
}

void set_timer(struct timer *t, s_time_t expires)
{
    unsigned long flags;
    struct timers *ts = timer_lock(t, &flags);
    bool new_head;

    if (!ts)
        return;                             /* killed: silently, as Xen */
    if (timer_is_active(t))
        timer_queue_remove(&ts->head, t);
    t->expires = expires;
    new_head = timer_queue_add(&ts->head, t);
    spin_unlock_irqrestore(&ts->lock, flags);
    /* New earliest timer: that CPU must re-arm its APIC timer. */
    if (new_head)
        cpu_raise_softirq(t->cpu, TIMER_SOFTIRQ);
}

void stop_timer(struct timer *t)
{
    for (;;) {
        unsigned long flags;
        struct timers *ts = timer_lock(t, &flags);
        bool busy;

        if (!ts)
            return;                         /* killed: kill_timer waited */
        if (timer_is_active(t))
            timer_queue_remove(&ts->head, t);
        busy = timer_running_elsewhere(t);
        spin_unlock_irqrestore(&ts->lock, flags);
        if (!busy)
            return;
        /* The handler may re-arm t before it ends: disarm it again then. */
        wait_not_running(t);
    }
}

void kill_timer(struct timer *t)
{
    unsigned long flags;
    struct timers *ts = timer_lock(t, &flags);

    if (!ts)
        return;
    if (timer_is_active(t))
        timer_queue_remove(&ts->head, t);
    t->status = TIMER_STATUS_killed;
    __atomic_store_n(&t->cpu, TIMER_CPU_status_killed, __ATOMIC_RELEASE);
    spin_unlock_irqrestore(&ts->lock, flags);
    /* Killed, so the handler cannot re-arm it: one wait is enough. */
    wait_not_running(t);
}

void migrate_timer(struct timer *t, unsigned int new_cpu)
{
    struct timers *old_ts, *new_ts;
    unsigned int old_cpu;
    unsigned long flags;
    bool new_head;

    for (;;) {
        old_cpu = __atomic_load_n(&t->cpu, __ATOMIC_ACQUIRE);
        if (old_cpu == new_cpu || old_cpu == TIMER_CPU_status_killed)
            return;
        old_ts = &per_cpu(timers, old_cpu);
        new_ts = &per_cpu(timers, new_cpu);
        /* Lower CPU number first: two migrations in opposite directions
         * take the two locks in the same order and cannot deadlock. */
        flags = spin_lock_irqsave(old_cpu < new_cpu ? &old_ts->lock : &new_ts->lock);
        spin_lock(old_cpu < new_cpu ? &new_ts->lock : &old_ts->lock);
        if (t->cpu == old_cpu)
            break;
        spin_unlock(&old_ts->lock);
        spin_unlock_irqrestore(&new_ts->lock, flags);
    }
    new_head = timer_queue_move(&old_ts->head, &new_ts->head, t);
    __atomic_store_n(&t->cpu, (uint16_t)new_cpu, __ATOMIC_RELEASE);
    spin_unlock(&old_ts->lock);
    spin_unlock_irqrestore(&new_ts->lock, flags);
    if (new_head)
        cpu_raise_softirq(new_cpu, TIMER_SOFTIRQ);
}

static void timer_softirq_action(void)
{
    struct timers *ts = &this_cpu(timers);
    unsigned long flags = spin_lock_irqsave(&ts->lock);
    struct timer *t;

    while ((t = timer_queue_pop_due(&ts->head, NOW() + TIMER_SLOP))) {
        void (*fn)(void *) = t->function;
        void *data = t->data;

        /* Marked under the lock it was dequeued with: stop_timer() and
         * kill_timer() on another CPU see it either queued or running. */
        __atomic_store_n(&ts->running, t, __ATOMIC_RELEASE);
        ts->fired++;
        spin_unlock_irqrestore(&ts->lock, flags);
        fn(data);                           /* may set_timer() itself again */
        flags = spin_lock_irqsave(&ts->lock);
        __atomic_store_n(&ts->running, NULL, __ATOMIC_RELEASE);
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
    timer_selftest_init();
}

/* SCHEDOP_watchdog: up to NR_DOMAIN_WATCHDOG_TIMERS per domain, as Xen
 * 4.17's domain_watchdog (common/sched/core.c there). id 0 arms a free
 * one for timeout seconds and returns its id (1-based) or -ENOSPC (as a
 * 32-bit value, as Xen returns it); a
 * known id is re-armed, or stopped and freed by a timeout of 0; an id not
 * in use, or beyond the last, is -EINVAL. One that runs out shuts the
 * domain down with SHUTDOWN_watchdog. */
#include <xen/lib.h>
#include <xen/sched.h>
#include <xen/time.h>
#include <xen/timer.h>
#include <xen/watchdog.h>
#include <asm/spinlock.h>
#include <public/errno.h>

static void watchdog_timeout(void *data)
{
    struct domain *d = data;

    if (d->is_shutting_down || d->is_dying)
        return;
    printk("Watchdog timer fired for domain %u\n", d->domain_id);
    domain_shutdown(d, SHUTDOWN_watchdog);
}

long domain_watchdog(struct domain *d, uint32_t id, uint32_t timeout)
{
    unsigned long flags;
    long rc = 0;

    if (id > NR_DOMAIN_WATCHDOG_TIMERS)
        return -XEN_EINVAL;
    flags = spin_lock_irqsave(&d->watchdog_lock);
    if (id == 0) {
        for (id = 0; id < NR_DOMAIN_WATCHDOG_TIMERS; id++)
            if (!(d->watchdog_inuse_map & (1u << id)))
                break;
        if (id == NR_DOMAIN_WATCHDOG_TIMERS) {
            /* Xen returns "id == NR ? -ENOSPC : id + 1" with id unsigned:
             * the guest gets -ENOSPC as a 32-bit value, zero-extended. */
            rc = (long)(uint32_t)-XEN_ENOSPC;
        } else {
            d->watchdog_inuse_map |= 1u << id;
            set_timer(&d->watchdog_timer[id], NOW() + SECONDS(timeout));
            rc = id + 1;
        }
    } else if (!(d->watchdog_inuse_map & (1u << --id))) {
        rc = -XEN_EINVAL;
    } else if (timeout == 0) {
        /* Its handler takes no lock: stop_timer may wait for it here. */
        stop_timer(&d->watchdog_timer[id]);
        d->watchdog_inuse_map &= ~(1u << id);
    } else {
        set_timer(&d->watchdog_timer[id], NOW() + SECONDS(timeout));
    }
    spin_unlock_irqrestore(&d->watchdog_lock, flags);
    return rc;
}

/* The timers run on CPU0, as Xen's. */
void watchdog_domain_init(struct domain *d)
{
    d->watchdog_lock = (spinlock_t)SPIN_LOCK_UNLOCKED;
    for (unsigned int i = 0; i < NR_DOMAIN_WATCHDOG_TIMERS; i++)
        init_timer(&d->watchdog_timer[i], watchdog_timeout, d, 0);
}

void watchdog_domain_destroy(struct domain *d)
{
    for (unsigned int i = 0; i < NR_DOMAIN_WATCHDOG_TIMERS; i++)
        kill_timer(&d->watchdog_timer[i]);
}

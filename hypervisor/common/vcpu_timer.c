/* A vCPU's timers, with Xen 4.17's semantics (common/sched/core.c there):
 * the single-shot timer (VCPUOP_set_singleshot_timer, set_timer_op) and
 * the periodic one (VCPUOP_set_periodic_timer) raise VIRQ_TIMER on the
 * vCPU; the poll timer ends a SCHEDOP_poll. Each runs on the vCPU's pCPU:
 * the single-shot one is moved where it is set (by the vCPU itself), the
 * periodic one is re-armed where the vCPU is scheduled in and stopped when
 * it is scheduled out, and all of them follow a migration and die with
 * the vCPU. The argument rules are in vcpu_timer_rules.c. */
#include <xen/lib.h>
#include <xen/sched.h>
#include <xen/time.h>
#include <xen/timer.h>
#include <xen/event.h>
#include <xen/vcpu_timer.h>
#include <asm/smp.h>
#include <asm/hvm/irq.h>
#include <public/xen.h>

void send_timer_event(struct vcpu *v)
{
    /* The event path wakes v if it blocks (hvm_assert_evtchn_irq). */
    send_guest_vcpu_virq_domain(v, VIRQ_TIMER);
}

static void singleshot_timer_fn(void *data)
{
    send_timer_event(data);
}

/* With periodic_timer_lock held. */
static void periodic_timer_work_locked(struct vcpu *v)
{
    bool fire;
    s_time_t next = periodic_next(&v->periodic_last_event, v->periodic_period, NOW(), &fire);

    if (fire)
        send_timer_event(v);
    migrate_timer(&v->periodic_timer, v->processor);
    set_timer(&v->periodic_timer, next);
}

void vcpu_periodic_timer_work(struct vcpu *v)
{
    unsigned long flags;

    if (!__atomic_load_n(&v->periodic_period, __ATOMIC_ACQUIRE))
        return;
    flags = spin_lock_irqsave(&v->periodic_timer_lock);
    if (v->periodic_period)
        periodic_timer_work_locked(v);
    spin_unlock_irqrestore(&v->periodic_timer_lock, flags);
}

static void periodic_timer_fn(void *data)
{
    vcpu_periodic_timer_work(data);
}

static void poll_timer_fn(void *data)
{
    struct vcpu *v = data;

    uint64_t bit = 1ULL << v->vcpu_id;

    /* The poll is over unless something ended it first. */
    if (__atomic_fetch_and(&v->domain->poll_mask, ~bit, __ATOMIC_SEQ_CST) & bit)
        vcpu_unblock(v);
}

void vcpu_timers_init(struct vcpu *v)
{
    v->periodic_timer_lock = (spinlock_t)SPIN_LOCK_UNLOCKED;
    init_timer(&v->singleshot_timer, singleshot_timer_fn, v, v->processor);
    init_timer(&v->periodic_timer, periodic_timer_fn, v, v->processor);
    init_timer(&v->poll_timer, poll_timer_fn, v, v->processor);
}

void vcpu_timers_kill(struct vcpu *v)
{
    kill_timer(&v->singleshot_timer);
    kill_timer(&v->periodic_timer);
    kill_timer(&v->poll_timer);
}

void vcpu_timers_migrate(struct vcpu *v, unsigned int cpu)
{
    migrate_timer(&v->singleshot_timer, cpu);
    migrate_timer(&v->periodic_timer, cpu);
    migrate_timer(&v->poll_timer, cpu);
}

/* A guest deadline as a timer expiry: Xen's timers run late, never early
 * (by up to its timer_slop); ours may run TIMER_SLOP early, so ask for
 * that much later. */
static s_time_t not_before(s_time_t deadline)
{
    return deadline > STIME_DELTA_MAX - TIMER_SLOP ? deadline : deadline + TIMER_SLOP;
}

/* By v itself (Xen refuses another vCPU's): the timer comes to this pCPU. */
void vcpu_set_singleshot_timer(struct vcpu *v, s_time_t deadline)
{
    migrate_timer(&v->singleshot_timer, smp_processor_id());
    set_timer(&v->singleshot_timer, not_before(deadline));
}

void vcpu_stop_singleshot_timer(struct vcpu *v)
{
    stop_timer(&v->singleshot_timer);
}

void vcpu_set_poll_timer(struct vcpu *v, s_time_t deadline)
{
    set_timer(&v->poll_timer, not_before(deadline));
}

void vcpu_singleshot_op(struct vcpu *v, uint64_t timeout_abs_ns)
{
    if (singleshot_expired(timeout_abs_ns, NOW())) {
        stop_timer(&v->singleshot_timer);
        send_timer_event(v);
    } else
        vcpu_set_singleshot_timer(v, (s_time_t)timeout_abs_ns);
}

void vcpu_set_periodic_timer(struct vcpu *v, s_time_t period)
{
    unsigned long flags;

    /* Outside the lock: our stop_timer waits for a handler running on
     * another CPU, and that handler takes the lock. */
    stop_timer(&v->periodic_timer);
    flags = spin_lock_irqsave(&v->periodic_timer_lock);
    v->periodic_period = period;
    if (period)
        periodic_timer_work_locked(v);
    spin_unlock_irqrestore(&v->periodic_timer_lock, flags);
}

long do_set_timer_op(s_time_t timeout)
{
    struct vcpu *v = current;
    s_time_t now = NOW(), deadline = set_timer_op_deadline(timeout, now);

    if (!deadline)
        vcpu_stop_singleshot_timer(v);
    else if (deadline != timeout) {
        printk(XENLOG_INFO "d%uv%d: huge timeout set: %#llx\n", v->domain->domain_id,
               v->vcpu_id, (unsigned long long)timeout);
        set_timer(&v->singleshot_timer, deadline);      /* Xen does not move it here */
    } else
        vcpu_set_singleshot_timer(v, deadline);
    return 0;
}

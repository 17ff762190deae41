/* The scheduler-independent core, as Xen's common/sched/core.c: the
 * schedule softirq and the per-pCPU slice timer, vCPU sleep/wake/block/
 * yield, runstate accounting, hard affinity and migration, the ops table
 * dispatch, and the 'r' debug key. The policy is in one struct scheduler
 * (credit.c or rr.c, chosen by sched=). */
#include "private.h"
#include <xen/lib.h>
#include <xen/softirq.h>
#include <xen/keyhandler.h>
#include <xen/trace.h>
#include <xen/time.h>
#include <xen/string.h>
#include <xen/vcpu_timer.h>
#include <asm/hvm/irq.h>
#include <asm/smp.h>
#include <asm/processor.h>
#include <public/errno.h>

_Static_assert(NR_CPUS <= CPUMASK_BITS, "cpumask_t holds every CPU");

char opt_sched[16] = "credit";
DEFINE_PER_CPU(struct sched_resource, sched_res);
static struct scheduler ops;                /* a copy of the chosen one */
static cpumask_t sched_res_mask;            /* pCPUs with a scheduler */

static const struct scheduler *const schedulers[] = { &sched_credit_def, &sched_rr_def };

/* Runstate: time in each state is summed on every change (public/vcpu.h).
 * Called with v's schedule lock held. */
static void vcpu_runstate_change(struct vcpu *v, int new_state, s_time_t now)
{
    s_time_t delta = now - v->runstate.state_entry_time;

    if (v->runstate.state == new_state)
        return;
    if (delta > 0) {
        v->runstate.time[v->runstate.state] += (uint64_t)delta;
        v->runstate.state_entry_time = (uint64_t)now;
    }
    v->runstate.state = new_state;
}

void vcpu_runstate_get(const struct vcpu *v, struct vcpu_runstate_info *runstate)
{
    unsigned long flags;
    spinlock_t *lock = vcpu_schedule_lock_irqsave(v, &flags);
    s_time_t delta;

    *runstate = v->runstate;
    delta = NOW() - (s_time_t)runstate->state_entry_time;
    if (delta > 0)
        runstate->time[runstate->state] += (uint64_t)delta;
    spin_unlock_irqrestore(lock, flags);
}

static int vcpu_runstate_blocked(const struct vcpu *v)
{
    return (v->pause_flags & VPF_blocked) ? RUNSTATE_blocked : RUNSTATE_offline;
}

static void s_timer_fn(void *unused)
{
    (void)unused;
    raise_softirq(SCHEDULE_SOFTIRQ);
}

/* SCHEDULE_SOFTIRQ: ask the scheduler what runs next on this pCPU, account
 * the runstates, arm the slice timer, then hand over to the arch. */
static void schedule(void)
{
    unsigned int cpu = smp_processor_id();
    struct sched_resource *sr = get_sched_res(cpu);
    struct vcpu *prev = sr->curr, *next;
    struct task_slice slice;
    unsigned long flags;
    s_time_t now;

    stop_timer(&sr->s_timer);
    flags = spin_lock_irqsave(&sr->schedule_lock);
    now = NOW();
    slice = ops.do_schedule(&ops, now);
    next = slice.task;
    sr->nr_schedules++;
    if (slice.time >= 0)
        set_timer(&sr->s_timer, now + slice.time);
    if (next == prev) {
        spin_unlock_irqrestore(&sr->schedule_lock, flags);
        continue_running(prev);
        return;
    }
    vcpu_runstate_change(prev, vcpu_runnable(prev) ? RUNSTATE_runnable
                                                   : vcpu_runstate_blocked(prev), now);
    vcpu_runstate_change(next, RUNSTATE_running, now);
    __atomic_store_n(&next->is_running, true, __ATOMIC_SEQ_CST);
    next->nr_scheduled++;
    next->last_scheduled = now;
    sr->curr = next;
    spin_unlock_irqrestore(&sr->schedule_lock, flags);

    cpu_info[cpu].curr_vcpu = next;
    /* The periodic timer runs only while its vCPU does, where it does (it
     * catches up with one event when next comes back), as in Xen. */
    if (!is_idle_vcpu(prev))
        stop_timer(&prev->periodic_timer);
    if (!is_idle_vcpu(next))
        vcpu_periodic_timer_work(next);
    trace(TRC_SCHED, "switch", "cpu=%u d=%u v=%d prev_d=%u prev_v=%d slice_us=%lld migrated=%d",
          cpu, next->domain->domain_id, next->vcpu_id, prev->domain->domain_id,
          prev->vcpu_id, (long long)(slice.time < 0 ? -1 : slice.time / 1000),
          slice.migrated);
    context_switch(prev, next);
}

static void vcpu_migrate_finish(struct vcpu *v);

void sched_context_switched(struct vcpu *prev, struct vcpu *next)
{
    (void)next;
    /* prev's state is saved: from here another pCPU may pick it up. */
    __atomic_store_n(&prev->is_running, false, __ATOMIC_SEQ_CST);
    if (ops.context_saved)
        ops.context_saved(&ops, prev);
    if (__atomic_load_n(&prev->pause_flags, __ATOMIC_ACQUIRE) & VPF_migrating)
        vcpu_migrate_finish(prev);
}

void vcpu_wake(struct vcpu *v)
{
    unsigned long flags;
    spinlock_t *lock = vcpu_schedule_lock_irqsave(v, &flags);

    if (vcpu_runnable(v)) {
        if (v->runstate.state >= RUNSTATE_blocked)
            vcpu_runstate_change(v, RUNSTATE_runnable, NOW());
        ops.wake(&ops, v);
    } else if (!(v->pause_flags & VPF_blocked) && v->runstate.state == RUNSTATE_blocked) {
        vcpu_runstate_change(v, RUNSTATE_offline, NOW());
    }
    spin_unlock_irqrestore(lock, flags);
    trace(TRC_SCHED, "wake", "d=%u v=%d cpu=%u", v->domain->domain_id, v->vcpu_id,
          v->processor);
}

static void vcpu_sleep_locked(struct vcpu *v)
{
    if (!vcpu_runnable(v)) {
        if (v->runstate.state == RUNSTATE_runnable)
            vcpu_runstate_change(v, RUNSTATE_offline, NOW());
        ops.sleep(&ops, v);
    }
}

void vcpu_sleep_nosync(struct vcpu *v)
{
    unsigned long flags;
    spinlock_t *lock = vcpu_schedule_lock_irqsave(v, &flags);

    vcpu_sleep_locked(v);
    spin_unlock_irqrestore(lock, flags);
    trace(TRC_SCHED, "sleep", "d=%u v=%d cpu=%u", v->domain->domain_id, v->vcpu_id,
          v->processor);
}

void vcpu_sleep_sync(struct vcpu *v)
{
    ASSERT(v != current);                   /* it would wait for itself */
    vcpu_sleep_nosync(v);
    while (!vcpu_runnable(v) && __atomic_load_n(&v->is_running, __ATOMIC_SEQ_CST))
        cpu_relax();
}

void vcpu_block(void)
{
    struct vcpu *v = current;

    __atomic_fetch_or(&v->pause_flags, VPF_blocked, __ATOMIC_SEQ_CST);
    /* Events looked for after blocking, as Xen does: one that came just
     * before would otherwise find the vCPU not yet blocked and not wake it. */
    if (v->domain->is_hvm && hvm_local_events_need_delivery(v)) {
        __atomic_fetch_and(&v->pause_flags, ~VPF_blocked, __ATOMIC_SEQ_CST);
        return;
    }
    trace(TRC_SCHED, "block", "d=%u v=%d", v->domain->domain_id, v->vcpu_id);
    raise_softirq(SCHEDULE_SOFTIRQ);
}

bool vcpu_unblock(struct vcpu *v)
{
    if (!(__atomic_fetch_and(&v->pause_flags, ~VPF_blocked, __ATOMIC_SEQ_CST) & VPF_blocked))
        return false;
    /* A poll ends with the block. VPF_blocked is cleared again once v is
     * out of poll_mask: a waker racing with us must not leave v asleep on
     * a mask nobody will look at again. */
    if (__atomic_load_n(&v->poll_evtchn, __ATOMIC_SEQ_CST)) {
        uint64_t bit = 1ULL << v->vcpu_id;

        __atomic_store_n(&v->poll_evtchn, 0, __ATOMIC_SEQ_CST);
        if (__atomic_fetch_and(&v->domain->poll_mask, ~bit, __ATOMIC_SEQ_CST) & bit)
            __atomic_fetch_and(&v->pause_flags, ~VPF_blocked, __ATOMIC_SEQ_CST);
    }
    vcpu_wake(v);
    return true;
}

void vcpu_yield(void)
{
    struct vcpu *v = current;
    unsigned long flags;
    spinlock_t *lock = vcpu_schedule_lock_irqsave(v, &flags);

    if (ops.yield)
        ops.yield(&ops, v);
    spin_unlock_irqrestore(lock, flags);
    trace(TRC_SCHED, "yield", "d=%u v=%d", v->domain->domain_id, v->vcpu_id);
    raise_softirq(SCHEDULE_SOFTIRQ);
}

void sched_vcpu_pause_nosync(struct vcpu *v)
{
    __atomic_fetch_add(&v->pause_count, 1, __ATOMIC_SEQ_CST);
    vcpu_sleep_nosync(v);
}

void sched_vcpu_unpause(struct vcpu *v)
{
    if (__atomic_sub_fetch(&v->pause_count, 1, __ATOMIC_SEQ_CST) == 0)
        vcpu_wake(v);
}

/* Moves v, out of its affinity, once no pCPU runs it (Xen's
 * vcpu_migrate_finish); called again from sched_context_switched() when it
 * still ran. Both pCPUs' locks, lower number first, to change processor. */
static void vcpu_migrate_finish(struct vcpu *v)
{
    unsigned long flags;

    for (;;) {
        unsigned int old_cpu, new_cpu;
        spinlock_t *lock = vcpu_schedule_lock_irqsave(v, &flags), *old_lock, *new_lock;

        if (!(v->pause_flags & VPF_migrating) || v->is_running) {
            spin_unlock_irqrestore(lock, flags);
            return;
        }
        old_cpu = v->processor;
        new_cpu = ops.pick_cpu(&ops, v);
        spin_unlock_irqrestore(lock, flags);
        if (new_cpu >= NR_CPUS)
            new_cpu = old_cpu;              /* affinity is checked on entry */
        old_lock = &get_sched_res(MIN(old_cpu, new_cpu))->schedule_lock;
        new_lock = &get_sched_res(MAX(old_cpu, new_cpu))->schedule_lock;
        flags = spin_lock_irqsave(old_lock);
        if (new_lock != old_lock)
            spin_lock(new_lock);
        if (v->processor == old_cpu && !v->is_running) {
            bool mine = __atomic_fetch_and(&v->pause_flags, ~VPF_migrating,
                                           __ATOMIC_SEQ_CST) & VPF_migrating;

            if (mine)
                __atomic_store_n(&v->processor, new_cpu, __ATOMIC_RELEASE);
            if (new_lock != old_lock)
                spin_unlock(new_lock);
            spin_unlock_irqrestore(old_lock, flags);
            if (mine) {
                vcpu_timers_migrate(v, new_cpu);    /* its timers follow it */
                trace(TRC_SCHED, "migrate", "d=%u v=%d from=%u to=%u",
                      v->domain->domain_id, v->vcpu_id, old_cpu, new_cpu);
                vcpu_wake(v);
            }
            return;
        }
        if (new_lock != old_lock)
            spin_unlock(new_lock);
        spin_unlock_irqrestore(old_lock, flags);
    }
}

int vcpu_set_hard_affinity(struct vcpu *v, const cpumask_t *mask)
{
    cpumask_t online;
    unsigned long flags;
    spinlock_t *lock;
    bool migrate;

    cpumask_and(&online, mask, &sched_res_mask);
    if (cpumask_empty(&online) || is_idle_vcpu(v))
        return -XEN_EINVAL;
    lock = vcpu_schedule_lock_irqsave(v, &flags);
    v->cpu_hard_affinity = *mask;
    if (ops.adjust_affinity)
        ops.adjust_affinity(&ops, v, mask);
    migrate = !cpumask_test_cpu(v->processor, &online);
    if (migrate) {
        __atomic_fetch_or(&v->pause_flags, VPF_migrating, __ATOMIC_SEQ_CST);
        vcpu_sleep_locked(v);
    }
    spin_unlock_irqrestore(lock, flags);
    trace(TRC_SCHED, "affinity", "d=%u v=%d mask=%#llx migrate=%d", v->domain->domain_id,
          v->vcpu_id, (unsigned long long)mask->bits, migrate);
    if (migrate)
        vcpu_migrate_finish(v);
    return 0;
}

int sched_init_domain(struct domain *d)
{
    if (d == idle_domain || !ops.alloc_domdata)
        return 0;
    d->sched_priv = ops.alloc_domdata(&ops, d);
    return d->sched_priv ? 0 : -XEN_ENOMEM;
}

void sched_destroy_domain(struct domain *d)
{
    if (d->sched_priv && ops.free_domdata)
        ops.free_domdata(&ops, d->sched_priv);
    d->sched_priv = NULL;
}

/* v->processor is the caller's choice; an empty affinity means all pCPUs
 * (an idle vCPU: its own only). */
int sched_init_vcpu(struct vcpu *v)
{
    struct sched_resource *sr;
    unsigned long flags;

    if (is_idle_vcpu(v))
        v->cpu_hard_affinity = cpumask_of(v->processor);
    else if (cpumask_empty(&v->cpu_hard_affinity))
        v->cpu_hard_affinity = CPU_MASK_ALL;
    if (v->processor >= NR_CPUS || !cpumask_test_cpu(v->processor, &v->cpu_hard_affinity))
        return -XEN_EINVAL;
    v->sched_priv = ops.alloc_vdata(&ops, v, v->domain->sched_priv);
    if (!v->sched_priv)
        return -XEN_ENOMEM;
    v->runstate.state_entry_time = (uint64_t)NOW();
    sr = get_sched_res(v->processor);
    if (!is_idle_vcpu(v))
        vcpu_timers_init(v);
    if (is_idle_vcpu(v)) {
        v->runstate.state = RUNSTATE_running;
        v->is_running = true;
        sr->curr = sr->idle = v;
        return 0;
    }
    v->runstate.state = vcpu_runnable(v) ? RUNSTATE_runnable : RUNSTATE_offline;
    flags = spin_lock_irqsave(&sr->schedule_lock);
    if (ops.insert_vcpu)
        ops.insert_vcpu(&ops, v);
    spin_unlock_irqrestore(&sr->schedule_lock, flags);
    return 0;
}

/* The caller has paused v (vcpu_sleep_sync): it is on no run queue. */
void sched_destroy_vcpu(struct vcpu *v)
{
    BUG_ON(v->is_running || vcpu_runnable(v));
    vcpu_timers_kill(v);                    /* a handler could still wake it */
    if (ops.remove_vcpu)
        ops.remove_vcpu(&ops, v);
    ops.free_vdata(&ops, v->sched_priv);
    v->sched_priv = NULL;
}

int sched_adjust_credit(struct domain *d, unsigned int weight, unsigned int cap)
{
    struct xen_domctl_scheduler_op op = {
        .sched_id = XEN_SCHEDULER_CREDIT, .cmd = XEN_DOMCTL_SCHEDOP_putinfo,
        .u.credit = { .weight = weight, .cap = cap },
    };

    if (ops.sched_id != XEN_SCHEDULER_CREDIT || !ops.adjust || weight > UINT16_MAX ||
        cap > UINT16_MAX || !d->sched_priv)
        return -XEN_EINVAL;
    return ops.adjust(&ops, d, &op);
}

int sched_get_credit(const struct domain *d, unsigned int *weight, unsigned int *cap)
{
    struct xen_domctl_scheduler_op op = {
        .sched_id = XEN_SCHEDULER_CREDIT, .cmd = XEN_DOMCTL_SCHEDOP_getinfo,
    };
    int rc;

    if (ops.sched_id != XEN_SCHEDULER_CREDIT || !ops.adjust || !d->sched_priv)
        return -XEN_EINVAL;
    rc = ops.adjust(&ops, (struct domain *)d, &op);
    *weight = op.u.credit.weight;
    *cap = op.u.credit.cap;
    return rc;
}

void scheduler_init(void)
{
    const struct scheduler *chosen = NULL;

    for (unsigned int i = 0; i < ARRAY_SIZE(schedulers); i++)
        if (!strcmp(opt_sched, schedulers[i]->opt_name))
            chosen = schedulers[i];
    if (!chosen) {
        printk(XENLOG_WARNING "sched=%s is not available; using '%s'\n", opt_sched,
               sched_credit_def.opt_name);
        chosen = &sched_credit_def;
        strlcpy(opt_sched, chosen->opt_name, sizeof(opt_sched));
    }
    ops = *chosen;
    if (ops.init && ops.init(&ops))
        panic("scheduler %s: cannot initialise", ops.opt_name);
    printk(XENLOG_INFO "Using scheduler: %s (%s)\n", ops.name, ops.opt_name);
    open_softirq(SCHEDULE_SOFTIRQ, schedule);
}

/* On cpu itself: its idle vCPU runs from now on. */
void sched_init_cpu(unsigned int cpu)
{
    struct sched_resource *sr = get_sched_res(cpu);
    struct vcpu *v = vcpu_create(idle_domain, cpu, cpu);
    void *pdata;

    if (!v)
        panic("CPU%u: cannot create its idle vCPU", cpu);
    sr->schedule_lock = (spinlock_t)SPIN_LOCK_UNLOCKED;
    init_timer(&sr->s_timer, s_timer_fn, NULL, cpu);
    /* vcpu_create() may have done it already, as Xen's does. */
    if (!v->sched_priv && sched_init_vcpu(v))
        panic("CPU%u: no scheduler data for its idle vCPU", cpu);
    pdata = ops.alloc_pdata ? ops.alloc_pdata(&ops, cpu) : NULL;
    if (ops.alloc_pdata && !pdata)
        panic("CPU%u: no scheduler data", cpu);
    sr->sched_priv = pdata;
    if (ops.init_pdata)
        ops.init_pdata(&ops, pdata, cpu);
    cpumask_set_cpu(cpu, &sched_res_mask);
    cpu_info[cpu].curr_vcpu = v;
}

void startup_cpu_idle_loop(void)
{
    raise_softirq(SCHEDULE_SOFTIRQ);
    idle_loop(current);
}

/* 'r': the scheduler's settings, then per pCPU what runs and what waits. */
static void dump_runq(unsigned char key)
{
    unsigned int cpu;

    printk("'%c' pressed -> dumping run queues\n", key);
    printk("Scheduler: %s (%s)\n", ops.name, ops.opt_name);
    if (ops.dump_settings)
        ops.dump_settings(&ops);
    for_each_online_cpu(cpu) {
        struct sched_resource *sr = get_sched_res(cpu);
        struct vcpu *cur = sr->curr;

        if (!cur)
            continue;
        printk("CPU[%02u] current=d%uv%d schedules=%lu\n", cpu, cur->domain->domain_id,
               cur->vcpu_id, sr->nr_schedules);
        if (ops.dump_cpu_state)
            ops.dump_cpu_state(&ops, cpu);
    }
}

void sched_keyhandler_init(void)
{
    register_keyhandler('r', dump_runq, "dump run queues");
    sched_selftest_init();
}

/* The credit scheduler (sched=credit, the default), as Xen's: weights and
 * caps shared out every 30 ms time slice, credit burnt every 10 ms tick,
 * BOOST on wake, UNDER before OVER, per-pCPU run queues with work stealing
 * within hard affinity. The decisions are pure code (credit_acct.c,
 * credit_runq.c); this file gives them locks, timers, softirqs, traces and
 * the 'r' report. */
#include "private.h"
#include "credit_acct.h"
#include <xen/lib.h>
#include <xen/xmalloc.h>
#include <xen/softirq.h>
#include <xen/trace.h>
#include <xen/time.h>
#include <asm/smp.h>
#include <public/errno.h>

struct csched_sched {
    spinlock_t lock;                    /* accounting; before any run queue lock */
    struct csched_private prv;
    struct timer master_ticker;         /* csched_acct, every time slice */
};

struct csched_pcpu_timer {
    struct csched_pcpu spc;
    struct timer ticker;                /* csched_tick, while a vCPU runs */
};

static struct csched_sched csched;

#define CSCHED_PRIV(ops) (&((struct csched_sched *)(ops)->sched_data)->prv)
#define CSCHED_VCPU(v)   ((struct csched_vcpu *)(v)->sched_priv)
#define CSCHED_DOM(d)    ((struct csched_dom *)(d)->sched_priv)
#define VCPU_OF(svc)     ((struct vcpu *)(svc)->vcpu)

static bool hook_runnable(const struct csched_vcpu *svc)
{
    return vcpu_runnable(VCPU_OF(svc));
}
static bool hook_is_running(const struct csched_vcpu *svc)
{
    return __atomic_load_n(&VCPU_OF(svc)->is_running, __ATOMIC_SEQ_CST);
}
static bool hook_trylock(unsigned int cpu)
{
    return spin_trylock(&get_sched_res(cpu)->schedule_lock);
}
static void hook_unlock(unsigned int cpu)
{
    spin_unlock(&get_sched_res(cpu)->schedule_lock);
}
static void hook_park(struct csched_vcpu *svc)
{
    trace(TRC_SCHED, "csched_park", "d=%d v=%d credit=%d", svc->domain_id, svc->vcpu_id,
          csched_credit(svc));
    sched_vcpu_pause_nosync(VCPU_OF(svc));
}
static void hook_unpark(struct csched_vcpu *svc)
{
    trace(TRC_SCHED, "csched_unpark", "d=%d v=%d credit=%d", svc->domain_id, svc->vcpu_id,
          csched_credit(svc));
    sched_vcpu_unpause(VCPU_OF(svc));
}

static const struct csched_hooks csched_hooks = {
    .runnable = hook_runnable, .is_running = hook_is_running, .trylock = hook_trylock,
    .unlock = hook_unlock, .park = hook_park, .unpark = hook_unpark,
};

/* Every time slice, on the master pCPU: share out the credit. */
static void csched_acct_fn(void *data)
{
    struct csched_sched *cs = data;
    unsigned long flags = spin_lock_irqsave(&cs->lock);

    if (cs->prv.weight)                 /* quiet while only idle vCPUs run */
        trace(TRC_SCHED, "csched_acct", "weight=%u credit_balance=%d", cs->prv.weight,
              cs->prv.credit_balance);
    csched_acct(&cs->prv);
    spin_unlock_irqrestore(&cs->lock, flags);
    set_timer(&cs->master_ticker, NOW() + cs->prv.tslice);
}

/* Every tick on a pCPU running a vCPU: burn its credit, resort the queue. */
static void csched_tick_fn(void *data)
{
    unsigned int cpu = (unsigned int)(uintptr_t)data;
    struct sched_resource *sr = get_sched_res(cpu);
    struct csched_pcpu_timer *pt = sr->sched_priv;
    unsigned long flags = spin_lock_irqsave(&csched.lock);
    bool idle;

    spin_lock(&sr->schedule_lock);
    csched_tick(&csched.prv, cpu, NOW());
    idle = csched_is_idle(pt->spc.curr);
    spin_unlock(&sr->schedule_lock);
    spin_unlock_irqrestore(&csched.lock, flags);
    if (!idle)
        set_timer(&pt->ticker, NOW() + csched.prv.tick_period);
}

static int csched_sched_init(struct scheduler *ops)
{
    csched.lock = (spinlock_t)SPIN_LOCK_UNLOCKED;
    csched_init(&csched.prv, &csched_hooks, CSCHED_DEFAULT_TSLICE_MS);
    ops->sched_data = &csched;
    return 0;
}

static void *csched_alloc_pdata(const struct scheduler *ops, unsigned int cpu)
{
    (void)ops;
    (void)cpu;
    return xzalloc(struct csched_pcpu_timer);
}

static void csched_init_pdata(const struct scheduler *ops, void *pdata, unsigned int cpu)
{
    struct csched_sched *cs = ops->sched_data;
    struct csched_pcpu_timer *pt = pdata;
    unsigned long flags = spin_lock_irqsave(&cs->lock);

    csched_pcpu_init(&cs->prv, cpu, &pt->spc, CSCHED_VCPU(get_sched_res(cpu)->idle));
    /* Xen ticks idle pCPUs too; ours tick only while a vCPU runs. */
    init_timer(&pt->ticker, csched_tick_fn, (void *)(uintptr_t)cpu, cpu);
    if (cs->prv.master == cpu) {
        init_timer(&cs->master_ticker, csched_acct_fn, cs, cpu);
        set_timer(&cs->master_ticker, NOW() + cs->prv.tslice);
    }
    spin_unlock_irqrestore(&cs->lock, flags);
}

static void *csched_alloc_vdata(const struct scheduler *ops, struct vcpu *v, void *dd)
{
    struct csched_vcpu *svc = xzalloc(struct csched_vcpu);

    (void)ops;
    if (!svc)
        return NULL;
    csched_vcpu_init(svc, dd, v, &v->processor, &v->cpu_hard_affinity);
    svc->domain_id = v->domain->domain_id;
    svc->vcpu_id = v->vcpu_id;
    return svc;
}

static void csched_free_vdata(const struct scheduler *ops, void *priv)
{
    (void)ops;
    BUG_ON(((struct csched_vcpu *)priv)->on_runq);
    xfree(priv);
}

static void *csched_alloc_domdata(const struct scheduler *ops, struct domain *d)
{
    struct csched_dom *sdom = xzalloc(struct csched_dom);

    (void)ops;
    (void)d;
    if (sdom)
        csched_dom_init(sdom);
    return sdom;
}

static void csched_free_domdata(const struct scheduler *ops, void *data)
{
    (void)ops;
    xfree(data);
}

static void csched_insert_vcpu(const struct scheduler *ops, struct vcpu *v)
{
    csched_vcpu_insert(CSCHED_PRIV(ops), CSCHED_VCPU(v));
}

static void csched_remove_vcpu(const struct scheduler *ops, struct vcpu *v)
{
    struct csched_sched *cs = ops->sched_data;
    struct csched_vcpu *svc = CSCHED_VCPU(v);
    unsigned long flags;

    if (__atomic_fetch_and(&svc->flags, ~CSCHED_FLAG_VCPU_PARKED, __ATOMIC_SEQ_CST) &
        CSCHED_FLAG_VCPU_PARKED)
        sched_vcpu_unpause(v);
    flags = spin_lock_irqsave(&cs->lock);
    csched_vcpu_remove(&cs->prv, svc);
    spin_unlock_irqrestore(&cs->lock, flags);
}

static void csched_sleep(const struct scheduler *ops, struct vcpu *v)
{
    if (csched_vcpu_sleep(CSCHED_PRIV(ops), CSCHED_VCPU(v)))
        cpu_raise_softirq(v->processor, SCHEDULE_SOFTIRQ);
}

static void csched_wake(const struct scheduler *ops, struct vcpu *v)
{
    struct csched_vcpu *svc = CSCHED_VCPU(v);
    cpumask_t tickle = csched_vcpu_wake(CSCHED_PRIV(ops), svc);
    unsigned int cpu;

    trace(TRC_SCHED, "csched_wake", "d=%d v=%d pri=%d tickle=%#llx", svc->domain_id,
          svc->vcpu_id, svc->pri, (unsigned long long)tickle.bits);
    for_each_cpu(cpu, &tickle)
        cpu_raise_softirq(cpu, SCHEDULE_SOFTIRQ);
}

static void csched_yield(const struct scheduler *ops, struct vcpu *v)
{
    (void)ops;
    csched_vcpu_yield(CSCHED_VCPU(v));
}

static struct task_slice csched_do_schedule(const struct scheduler *ops, s_time_t now)
{
    unsigned int cpu = smp_processor_id();
    struct csched_private *prv = CSCHED_PRIV(ops);
    struct csched_pcpu_timer *pt = get_sched_res(cpu)->sched_priv;
    bool was_idle = csched_is_idle(pt->spc.curr);
    struct csched_decision d = csched_schedule(prv, cpu, now);

    unsigned int t;

    for_each_cpu(t, &d.tickle)
        cpu_raise_softirq(t, SCHEDULE_SOFTIRQ);
    if (d.migrated)
        trace(TRC_SCHED, "csched_steal", "cpu=%u from=%u d=%d v=%d pri=%d", cpu,
              d.stolen_from, d.next->domain_id, d.next->vcpu_id, d.next->pri);
    /* The tick burns credit: only while a vCPU runs here. */
    if (!was_idle && csched_is_idle(d.next))
        stop_timer(&pt->ticker);
    else if (was_idle && !csched_is_idle(d.next))
        set_timer(&pt->ticker, now + prv->tick_period - now % prv->tick_period);
    return (struct task_slice){ .task = VCPU_OF(d.next), .time = d.tslice,
                                .migrated = d.migrated };
}

static void csched_vcpu_context_saved(const struct scheduler *ops, struct vcpu *v)
{
    unsigned long flags;
    spinlock_t *lock = vcpu_schedule_lock_irqsave(v, &flags);
    cpumask_t tickle = csched_context_saved(CSCHED_PRIV(ops), CSCHED_VCPU(v));
    unsigned int cpu;

    spin_unlock_irqrestore(lock, flags);
    for_each_cpu(cpu, &tickle)
        cpu_raise_softirq(cpu, SCHEDULE_SOFTIRQ);
}

static unsigned int csched_pick(const struct scheduler *ops, struct vcpu *v)
{
    struct csched_vcpu *svc = CSCHED_VCPU(v);

    /* Its next wake-up is this migration: no boost for it. */
    __atomic_fetch_or(&svc->flags, CSCHED_FLAG_VCPU_MIGRATING, __ATOMIC_SEQ_CST);
    return csched_pick_cpu(CSCHED_PRIV(ops), svc);
}

/* XEN_DOMCTL_SCHEDOP_{put,get}info: weight 0 and cap 0xffff keep the value,
 * as Xen's csched_dom_cntl. */
static int csched_adjust(const struct scheduler *ops, struct domain *d,
                         struct xen_domctl_scheduler_op *op)
{
    struct csched_sched *cs = ops->sched_data;
    struct csched_dom *sdom = CSCHED_DOM(d);
    unsigned long flags = spin_lock_irqsave(&cs->lock);
    int rc = 0;

    if (op->cmd == XEN_DOMCTL_SCHEDOP_getinfo) {
        op->u.credit.weight = sdom->weight;
        op->u.credit.cap = sdom->cap;
    } else if (op->cmd == XEN_DOMCTL_SCHEDOP_putinfo) {
        csched_dom_cntl(&cs->prv, sdom, op->u.credit.weight,
                        op->u.credit.cap == (uint16_t)~0U ? sdom->cap : op->u.credit.cap);
        trace(TRC_SCHED, "csched_adjust", "d=%u weight=%u cap=%u", d->domain_id,
              sdom->weight, sdom->cap);
    } else {
        rc = -XEN_EINVAL;
    }
    spin_unlock_irqrestore(&cs->lock, flags);
    return rc;
}

static void dump_vcpu(const struct csched_vcpu *svc)
{
    printk("[%d.%d] pri=%d flags=%x cpu=%u", svc->domain_id, svc->vcpu_id, svc->pri,
           svc->flags, *svc->processor);
    if (svc->sdom)
        printk(" credit=%d [w=%u,cap=%u]", csched_credit(svc), svc->sdom->weight,
               svc->sdom->cap);
    printk("\n");
}

static void csched_dump_settings(const struct scheduler *ops)
{
    struct csched_sched *cs = ops->sched_data;
    const struct csched_private *prv = &cs->prv;
    unsigned long flags = spin_lock_irqsave(&cs->lock);
    unsigned int n = 0;

    printk("info:\n\tncpus              = %u\n\tmaster             = %u\n"
           "\tcredit             = %u\n\tcredit balance     = %d\n"
           "\tweight             = %u\n\trunq_sort          = %u\n"
           "\tdefault-weight     = %d\n\ttslice             = %lldms\n"
           "\tcredits per msec   = %d\n\tticks per tslice   = %u\n"
           "\taccounting passes  = %lu\n\tvCPUs stolen       = %lu\n",
           prv->ncpus, prv->master, prv->credit, prv->credit_balance, prv->weight,
           prv->runq_sort, CSCHED_DEFAULT_WEIGHT, (long long)(prv->tslice / MILLISECS(1)),
           CSCHED_CREDITS_PER_MSEC, prv->ticks_per_tslice, prv->nr_acct, prv->nr_stolen);
    printk("idlers: %#llx\n", (unsigned long long)prv->idlers.bits);
    printk("active vcpus:\n");
    for (const struct csched_dom *sdom = prv->active_sdom; sdom; sdom = sdom->active_next)
        for (const struct csched_vcpu *svc = sdom->active_vcpu; svc; svc = svc->active_next) {
            printk("\t%3u: ", ++n);
            dump_vcpu(svc);
        }
    spin_unlock_irqrestore(&cs->lock, flags);
}

static void csched_dump_cpu_state(const struct scheduler *ops, unsigned int cpu)
{
    struct csched_sched *cs = ops->sched_data;
    struct sched_resource *sr = get_sched_res(cpu);
    const struct csched_pcpu *spc = &((struct csched_pcpu_timer *)sr->sched_priv)->spc;
    unsigned long flags = spin_lock_irqsave(&cs->lock);
    unsigned int n = 0;

    spin_lock(&sr->schedule_lock);
    printk("\tnr_run=%u sort=%u tick=%lu\n", spc->nr_runnable, spc->runq_sort_last,
           spc->tick);
    if (!csched_is_idle(spc->curr)) {
        printk("\trun: ");
        dump_vcpu(spc->curr);
    }
    for (const struct csched_vcpu *svc = spc->runq; svc; svc = svc->runq_next) {
        printk("\t%3u: ", ++n);
        dump_vcpu(svc);
    }
    spin_unlock(&sr->schedule_lock);
    spin_unlock_irqrestore(&cs->lock, flags);
}

const struct scheduler sched_credit_def = {
    .name = "SMP Credit Scheduler", .opt_name = "credit", .sched_id = XEN_SCHEDULER_CREDIT,
    .init = csched_sched_init,
    .alloc_pdata = csched_alloc_pdata, .init_pdata = csched_init_pdata,
    .alloc_vdata = csched_alloc_vdata, .free_vdata = csched_free_vdata,
    .alloc_domdata = csched_alloc_domdata, .free_domdata = csched_free_domdata,
    .insert_vcpu = csched_insert_vcpu, .remove_vcpu = csched_remove_vcpu,
    .sleep = csched_sleep, .wake = csched_wake, .yield = csched_yield,
    .context_saved = csched_vcpu_context_saved,
    .do_schedule = csched_do_schedule, .pick_cpu = csched_pick,
    .adjust = csched_adjust,
    .dump_settings = csched_dump_settings, .dump_cpu_state = csched_dump_cpu_state,
};

/* Round robin (sched=rr): one FIFO run queue per pCPU, 30 ms slices, the
 * idle vCPU when the queue is empty. No weights, caps or work stealing: a
 * vCPU stays on its pCPU until its affinity moves it. All under the pCPU's
 * schedule lock (private.h). */
#include "private.h"
#include <xen/lib.h>
#include <xen/xmalloc.h>
#include <xen/softirq.h>
#include <asm/smp.h>

#define RR_TSLICE MILLISECS(30)

struct rr_vcpu {
    struct rr_vcpu *next;
    struct vcpu *vcpu;
    bool on_runq;
};

struct rr_pcpu {
    struct rr_vcpu *runq;
};

static cpumask_t rr_cpus;

#define RR_VCPU(v) ((struct rr_vcpu *)(v)->sched_priv)
#define RR_PCPU(cpu) ((struct rr_pcpu *)get_sched_res(cpu)->sched_priv)

static void runq_append(struct rr_pcpu *rp, struct rr_vcpu *rv)
{
    struct rr_vcpu **pp = &rp->runq;

    while (*pp)
        pp = &(*pp)->next;
    rv->next = NULL;
    rv->on_runq = true;
    *pp = rv;
}

static void runq_remove(struct rr_pcpu *rp, struct rr_vcpu *rv)
{
    for (struct rr_vcpu **pp = &rp->runq; *pp; pp = &(*pp)->next)
        if (*pp == rv) {
            *pp = rv->next;
            break;
        }
    rv->on_runq = false;
}

static void *rr_alloc_pdata(const struct scheduler *ops, unsigned int cpu)
{
    (void)ops;
    (void)cpu;
    return xzalloc(struct rr_pcpu);
}

static void rr_init_pdata(const struct scheduler *ops, void *pdata, unsigned int cpu)
{
    (void)ops;
    (void)pdata;
    cpumask_set_cpu(cpu, &rr_cpus);
}

static void *rr_alloc_vdata(const struct scheduler *ops, struct vcpu *v, void *dd)
{
    struct rr_vcpu *rv = xzalloc(struct rr_vcpu);

    (void)ops;
    (void)dd;
    if (rv)
        rv->vcpu = v;
    return rv;
}

static void rr_free_vdata(const struct scheduler *ops, void *priv)
{
    (void)ops;
    BUG_ON(((struct rr_vcpu *)priv)->on_runq);
    xfree(priv);
}

static bool rr_queueable(struct vcpu *v)
{
    return !RR_VCPU(v)->on_runq && curr_on_cpu(v->processor) != v && !is_idle_vcpu(v);
}

static void rr_insert_vcpu(const struct scheduler *ops, struct vcpu *v)
{
    (void)ops;
    if (vcpu_runnable(v) && rr_queueable(v) && !v->is_running)
        runq_append(RR_PCPU(v->processor), RR_VCPU(v));
}

static void rr_sleep(const struct scheduler *ops, struct vcpu *v)
{
    (void)ops;
    if (curr_on_cpu(v->processor) == v)
        cpu_raise_softirq(v->processor, SCHEDULE_SOFTIRQ);
    else if (RR_VCPU(v)->on_runq)
        runq_remove(RR_PCPU(v->processor), RR_VCPU(v));
}

static void rr_wake(const struct scheduler *ops, struct vcpu *v)
{
    (void)ops;
    if (!rr_queueable(v))
        return;
    runq_append(RR_PCPU(v->processor), RR_VCPU(v));
    if (is_idle_vcpu(curr_on_cpu(v->processor)))
        cpu_raise_softirq(v->processor, SCHEDULE_SOFTIRQ);
}

/* The current vCPU goes behind the others; the head runs next. */
static struct task_slice rr_do_schedule(const struct scheduler *ops, s_time_t now)
{
    unsigned int cpu = smp_processor_id();
    struct rr_pcpu *rp = RR_PCPU(cpu);
    struct vcpu *prev = curr_on_cpu(cpu);
    struct rr_vcpu *head;

    (void)ops;
    (void)now;
    if (!is_idle_vcpu(prev) && vcpu_runnable(prev))
        runq_append(rp, RR_VCPU(prev));
    while ((head = rp->runq)) {
        runq_remove(rp, head);
        if (vcpu_runnable(head->vcpu))
            return (struct task_slice){ .task = head->vcpu, .time = RR_TSLICE };
    }
    return (struct task_slice){ .task = get_sched_res(cpu)->idle, .time = -1 };
}

static unsigned int rr_pick_cpu(const struct scheduler *ops, struct vcpu *v)
{
    cpumask_t cpus;

    (void)ops;
    cpumask_and(&cpus, &v->cpu_hard_affinity, &rr_cpus);
    return cpumask_test_cpu(v->processor, &cpus) ? v->processor
                                                 : cpumask_cycle(v->processor, &cpus);
}

static void rr_dump_cpu_state(const struct scheduler *ops, unsigned int cpu)
{
    struct sched_resource *sr = get_sched_res(cpu);
    unsigned long flags = spin_lock_irqsave(&sr->schedule_lock);
    unsigned int n = 0;

    (void)ops;
    for (struct rr_vcpu *rv = RR_PCPU(cpu)->runq; rv; rv = rv->next)
        n++;
    printk("\trunq: %u queued\n", n);
    for (struct rr_vcpu *rv = RR_PCPU(cpu)->runq; rv; rv = rv->next)
        printk("\t    d%uv%d\n", rv->vcpu->domain->domain_id, rv->vcpu->vcpu_id);
    spin_unlock_irqrestore(&sr->schedule_lock, flags);
}

/* No public XEN_SCHEDULER_* number: Xen has no round robin. */
const struct scheduler sched_rr_def = {
    .name = "round robin", .opt_name = "rr", .sched_id = 0,
    .alloc_pdata = rr_alloc_pdata, .init_pdata = rr_init_pdata,
    .alloc_vdata = rr_alloc_vdata, .free_vdata = rr_free_vdata,
    .insert_vcpu = rr_insert_vcpu, .sleep = rr_sleep, .wake = rr_wake,
    .do_schedule = rr_do_schedule, .pick_cpu = rr_pick_cpu,
    .dump_cpu_state = rr_dump_cpu_state,
};

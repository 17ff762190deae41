/* Scheduler: one run queue per pCPU, round robin, the idle vCPU when the
 * queue is empty. Only idle vCPUs exist so far; the structure is what
 * guest vCPUs will join. */
#include <xen/sched.h>
#include <xen/lib.h>
#include <xen/softirq.h>
#include <xen/keyhandler.h>
#include <xen/trace.h>
#include <xen/time.h>
#include <asm/smp.h>
#include <asm/spinlock.h>
#include <asm/processor.h>

char opt_sched[16] = "rr";

struct sched_pcpu {
    spinlock_t lock;
    struct vcpu *idle;
    struct vcpu *runq;                      /* runnable, not running */
    unsigned long nr_schedules;
};
static DEFINE_PER_CPU(struct sched_pcpu, sched_pcpu);

/* Picks the next vCPU: head of the queue; the current one goes to the tail. */
static void schedule(void)
{
    unsigned int cpu = smp_processor_id();
    struct sched_pcpu *sp = &per_cpu(sched_pcpu, cpu);
    unsigned long flags = spin_lock_irqsave(&sp->lock);
    struct vcpu *prev = cpu_info[cpu].curr_vcpu, *next = sp->runq;

    sp->nr_schedules++;
    if (next) {
        sp->runq = next->runq_next;
        next->runq_next = NULL;
        if (prev && prev != sp->idle) {
            struct vcpu **tail = &sp->runq;

            while (*tail)
                tail = &(*tail)->runq_next;
            *tail = prev;
        }
    } else {
        next = prev ? prev : sp->idle;
    }
    if (prev)
        prev->is_running = false;
    next->is_running = true;
    next->nr_scheduled++;
    next->last_scheduled = NOW();
    cpu_info[cpu].curr_vcpu = next;
    spin_unlock_irqrestore(&sp->lock, flags);
    if (next != prev)
        trace(TRC_SCHED, "switch", "cpu=%u d=%u v=%d", cpu, next->domain->domain_id,
              next->vcpu_id);
}

void scheduler_init(void)
{
    if (strcmp(opt_sched, "rr")) {
        printk(XENLOG_WARNING "sched=%s is not available; using 'rr'\n", opt_sched);
        strlcpy(opt_sched, "rr", sizeof(opt_sched));
    }
    printk(XENLOG_INFO "Using scheduler: round robin (rr)\n");
    open_softirq(SCHEDULE_SOFTIRQ, schedule);
}

void sched_init_cpu(unsigned int cpu)
{
    struct sched_pcpu *sp = &per_cpu(sched_pcpu, cpu);
    struct vcpu *v = vcpu_create(idle_domain, cpu, cpu);

    if (!v)
        panic("CPU%u: cannot create its idle vCPU", cpu);
    sp->idle = v;
    cpu_info[cpu].curr_vcpu = NULL;
}

void startup_cpu_idle_loop(void)
{
    unsigned int cpu = smp_processor_id();

    raise_softirq(SCHEDULE_SOFTIRQ);
    for (;;) {
        do_softirq();
        local_irq_disable();
        if (!softirq_pending(cpu))
            safe_halt();                    /* an interrupt wakes us */
        else
            local_irq_enable();
    }
}

static void dump_runq(unsigned char key)
{
    unsigned int cpu;

    printk("'%c' pressed -> dumping run queues\n", key);
    printk("Scheduler: round robin (rr)\n");
    for_each_online_cpu(cpu) {
        struct sched_pcpu *sp = &per_cpu(sched_pcpu, cpu);
        unsigned long flags = spin_lock_irqsave(&sp->lock);
        struct vcpu *cur = cpu_info[cpu].curr_vcpu;
        unsigned int n = 0;

        for (struct vcpu *v = sp->runq; v; v = v->runq_next)
            n++;
        printk("CPU[%02u] current=d%uv%d schedules=%lu runq: %u queued\n", cpu,
               cur ? cur->domain->domain_id : 0, cur ? cur->vcpu_id : -1,
               sp->nr_schedules, n);
        for (struct vcpu *v = sp->runq; v; v = v->runq_next)
            printk("    d%uv%d\n", v->domain->domain_id, v->vcpu_id);
        spin_unlock_irqrestore(&sp->lock, flags);
    }
}

void sched_keyhandler_init(void)
{
    register_keyhandler('r', dump_runq, "dump run queues");
}

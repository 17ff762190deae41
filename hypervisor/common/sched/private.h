/* The interface between the scheduler-independent core (core.c) and the
 * schedulers (credit.c, rr.c): Xen's struct scheduler ops table with each
 * scheduler's private data behind void pointers (sched_data, the pCPU's
 * sched_priv, vcpu->sched_priv, domain->sched_priv). Only files under
 * common/sched/ include it. Xen keeps the same in xen/common/sched/private.h
 * (we schedule vCPUs, as Xen did before it grouped them into units). */
#ifndef SCHED_PRIVATE_H
#define SCHED_PRIVATE_H
#include <xen/sched.h>
#include <xen/timer.h>
#include <asm/percpu.h>
#include <asm/spinlock.h>
#include <public/domctl.h>

/* One pCPU as the scheduler sees it. */
struct sched_resource {
    spinlock_t schedule_lock;           /* its run queue and curr */
    struct vcpu *curr;                  /* chosen by the last schedule() */
    struct vcpu *idle;
    void *sched_priv;                   /* the scheduler's per-pCPU data */
    struct timer s_timer;               /* end of the current time slice */
    unsigned long nr_schedules;
};
DECLARE_PER_CPU(struct sched_resource, sched_res);

static inline struct sched_resource *get_sched_res(unsigned int cpu)
{
    return &per_cpu(sched_res, cpu);
}
static inline struct vcpu *curr_on_cpu(unsigned int cpu)
{
    return get_sched_res(cpu)->curr;
}

/* The lock of v's pCPU; v->processor may change until it is held (work
 * stealing and migration change it holding both pCPUs' locks). */
static inline spinlock_t *vcpu_schedule_lock_irqsave(const struct vcpu *v,
                                                     unsigned long *flags)
{
    for (;;) {
        unsigned int cpu = __atomic_load_n(&v->processor, __ATOMIC_ACQUIRE);
        spinlock_t *lock = &get_sched_res(cpu)->schedule_lock;

        *flags = spin_lock_irqsave(lock);
        if (cpu == __atomic_load_n(&v->processor, __ATOMIC_ACQUIRE))
            return lock;
        spin_unlock_irqrestore(lock, *flags);
    }
}

/* What do_schedule() chose: run task for time ns (-1: until it blocks). */
struct task_slice {
    struct vcpu *task;
    s_time_t time;
    bool migrated;
};

/*
 * Locks held when the core calls an op:
 * - the schedule lock of v->processor (interrupts off): insert_vcpu, sleep,
 *   wake, yield, pick_cpu, adjust_affinity; do_schedule holds the calling
 *   pCPU's lock and may only try the others';
 * - none: init, alloc_*, free_*, init_pdata, remove_vcpu, context_saved,
 *   adjust, dump_* (they take what they need: private lock before any
 *   schedule lock, never the other way round).
 */
struct scheduler {
    const char *name;                   /* full name */
    const char *opt_name;               /* sched= */
    unsigned int sched_id;              /* XEN_SCHEDULER_* (public/domctl.h) */
    void *sched_data;                   /* global private data */

    int (*init)(struct scheduler *ops);
    void *(*alloc_pdata)(const struct scheduler *ops, unsigned int cpu);
    /* cpu joins, running its idle vCPU (whose vdata is already allocated). */
    void (*init_pdata)(const struct scheduler *ops, void *pdata, unsigned int cpu);
    void *(*alloc_vdata)(const struct scheduler *ops, struct vcpu *v, void *dom_data);
    void (*free_vdata)(const struct scheduler *ops, void *priv);
    void *(*alloc_domdata)(const struct scheduler *ops, struct domain *d);
    void (*free_domdata)(const struct scheduler *ops, void *data);

    void (*insert_vcpu)(const struct scheduler *ops, struct vcpu *v);
    void (*remove_vcpu)(const struct scheduler *ops, struct vcpu *v);
    void (*sleep)(const struct scheduler *ops, struct vcpu *v);
    void (*wake)(const struct scheduler *ops, struct vcpu *v);
    void (*yield)(const struct scheduler *ops, struct vcpu *v);
    void (*context_saved)(const struct scheduler *ops, struct vcpu *v);

    struct task_slice (*do_schedule)(const struct scheduler *ops, s_time_t now);
    /* A pCPU of v's hard affinity, for a migration. */
    unsigned int (*pick_cpu)(const struct scheduler *ops, struct vcpu *v);
    int (*adjust)(const struct scheduler *ops, struct domain *d,
                  struct xen_domctl_scheduler_op *op);
    void (*adjust_affinity)(const struct scheduler *ops, struct vcpu *v,
                            const cpumask_t *hard);
    void (*dump_settings)(const struct scheduler *ops);
    void (*dump_cpu_state)(const struct scheduler *ops, unsigned int cpu);
};

extern const struct scheduler sched_credit_def;     /* credit.c */
extern const struct scheduler sched_rr_def;         /* rr.c */

/* Pause and unpause by the scheduler itself (credit parks a vCPU that has
 * used its domain's cap), as Xen's vcpu_pause_nosync/vcpu_unpause. */
void sched_vcpu_pause_nosync(struct vcpu *v);
void sched_vcpu_unpause(struct vcpu *v);

void sched_selftest_init(void);         /* selftest.c: debug key 'S' */

#endif

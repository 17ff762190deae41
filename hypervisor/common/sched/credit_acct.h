/* The credit scheduler's decisions, as pure code: credit accounting, run
 * queue order, wake-up boost, caps, affinity, work stealing. credit.c wraps
 * them with locks, timers and softirqs; tests/test_sched_credit.c drives them
 * with simulated time. Constants and rules are those of Xen's credit
 * scheduler (xen/common/sched/credit.c). Locking is the caller's: a pCPU's
 * run queue under its schedule lock, accounting under the private lock. */
#ifndef SCHED_CREDIT_ACCT_H
#define SCHED_CREDIT_ACCT_H
#include <xen/types.h>
#include <xen/cpumask.h>

#define CSCHED_DEFAULT_WEIGHT    256
#define CSCHED_DEFAULT_TSLICE_MS 30     /* a vCPU runs 30 ms before preemption */
#define CSCHED_TICKS_PER_TSLICE  3      /* credit is burnt every 10 ms */
#define CSCHED_CREDITS_PER_MSEC  10

/* Priorities: higher runs first. */
#define CSCHED_PRI_TS_BOOST   0         /* woken up, not yet seen running */
#define CSCHED_PRI_TS_UNDER  -1         /* has credit left */
#define CSCHED_PRI_TS_OVER   -2         /* has used its share */
#define CSCHED_PRI_IDLE     -64         /* the idle vCPU */

/* csched_vcpu.flags */
#define CSCHED_FLAG_VCPU_PARKED    0x1  /* paused: over its domain's cap */
#define CSCHED_FLAG_VCPU_YIELD     0x2  /* goes behind one lower-priority vCPU */
#define CSCHED_FLAG_VCPU_MIGRATING 0x4  /* next wake is a migration: no boost */

struct csched_dom;

struct csched_vcpu {
    struct csched_vcpu *runq_next;      /* its pCPU's run queue, by priority */
    struct csched_vcpu *active_next;    /* its domain's vCPUs earning credit */
    bool on_runq, active;
    struct csched_dom *sdom;            /* NULL for an idle vCPU */
    void *vcpu;                         /* the struct vcpu, for the hooks */
    unsigned int *processor;            /* &v->processor: whose run queue */
    const cpumask_t *hard_affinity;     /* &v->cpu_hard_affinity */
    s_time_t start_time;                /* running: credit burnt up to here */
    s_time_t last_sched_time;
    unsigned int flags;                 /* CSCHED_FLAG_* (atomic) */
    int pri;
    int credit;                         /* atomic: burnt and earned concurrently */
    uint32_t credit_incr;               /* earned at the last accounting */
    int domain_id, vcpu_id;             /* for reports */
};

struct csched_dom {
    struct csched_vcpu *active_vcpu;
    struct csched_dom *active_next;     /* prv->active_sdom */
    bool active;
    unsigned int active_vcpu_count;
    uint16_t weight;
    uint16_t cap;                       /* % of one pCPU; 0 = none */
};

struct csched_pcpu {
    struct csched_vcpu *runq;           /* runnable, not running; idle last */
    struct csched_vcpu *idle;
    struct csched_vcpu *curr;           /* what the pCPU runs */
    unsigned int nr_runnable;           /* non-idle vCPUs here, curr included */
    unsigned int runq_sort_last;
    unsigned long tick;
};

/* What the pure code asks of its environment. */
struct csched_hooks {
    bool (*runnable)(const struct csched_vcpu *svc);     /* vcpu_runnable() */
    bool (*is_running)(const struct csched_vcpu *svc);   /* state still on a pCPU */
    bool (*trylock)(unsigned int cpu);                   /* a peer's run queue */
    void (*unlock)(unsigned int cpu);
    void (*park)(struct csched_vcpu *svc);               /* pause (cap reached) */
    void (*unpark)(struct csched_vcpu *svc);
};

struct csched_private {
    const struct csched_hooks *hooks;
    struct csched_pcpu *pcpu[CPUMASK_BITS];
    struct csched_dom *active_sdom;     /* domains with vCPUs earning credit */
    cpumask_t cpus, idlers;
    unsigned int ncpus, master, balance_bias, last_tickle_cpu;
    uint32_t weight;                    /* sum over active vCPUs */
    uint32_t credit;                    /* credits per time slice, all pCPUs */
    int credit_balance;
    unsigned int runq_sort;             /* epoch: run queues resort after acct */
    s_time_t tslice, tick_period;
    unsigned int ticks_per_tslice, credits_per_tslice;
    unsigned long nr_acct, nr_stolen;
};

/* The result of csched_schedule(). */
struct csched_decision {
    struct csched_vcpu *next;
    s_time_t tslice;                    /* -1: no preemption (idle) */
    bool migrated;                      /* stolen from stolen_from's queue */
    unsigned int stolen_from;
    cpumask_t tickle;                   /* idle pCPUs to offer waiting vCPUs */
};

void csched_init(struct csched_private *prv, const struct csched_hooks *hooks,
                 unsigned int tslice_ms);
void csched_dom_init(struct csched_dom *sdom);
void csched_vcpu_init(struct csched_vcpu *svc, struct csched_dom *sdom, void *vcpu,
                      unsigned int *processor, const cpumask_t *hard_affinity);
/* cpu joins with its idle vCPU running. */
void csched_pcpu_init(struct csched_private *prv, unsigned int cpu,
                      struct csched_pcpu *spc, struct csched_vcpu *idle);

void csched_vcpu_insert(struct csched_private *prv, struct csched_vcpu *svc);
void csched_vcpu_remove(struct csched_private *prv, struct csched_vcpu *svc);
/* Returns true when svc runs and its pCPU must reschedule. */
bool csched_vcpu_sleep(struct csched_private *prv, struct csched_vcpu *svc);
/* Returns the pCPUs that must reschedule (tickled). */
cpumask_t csched_vcpu_wake(struct csched_private *prv, struct csched_vcpu *svc);
void csched_vcpu_yield(struct csched_vcpu *svc);
/* svc's state is saved: if it waits, an idle pCPU may take it (tickled). */
cpumask_t csched_context_saved(struct csched_private *prv, struct csched_vcpu *svc);
/* A pCPU for svc in its affinity, idle ones first; CPUMASK_BITS if none. */
unsigned int csched_pick_cpu(const struct csched_private *prv,
                             const struct csched_vcpu *svc);
void csched_dom_cntl(struct csched_private *prv, struct csched_dom *sdom,
                     unsigned int weight, unsigned int cap); /* weight 0: kept */

struct csched_decision csched_schedule(struct csched_private *prv, unsigned int cpu,
                                       s_time_t now);
void csched_tick(struct csched_private *prv, unsigned int cpu, s_time_t now);
/* Charges the running svc for the time since its start_time. */
void csched_burn_credits(struct csched_vcpu *svc, s_time_t now);
void csched_acct(struct csched_private *prv);

static inline bool csched_is_idle(const struct csched_vcpu *svc)
{
    return !svc->sdom;
}
static inline int csched_credit(const struct csched_vcpu *svc)
{
    return __atomic_load_n(&svc->credit, __ATOMIC_RELAXED);
}

#endif

/* A simulated machine for the credit scheduler's pure decisions
 * (common/sched/credit_acct.c, credit_runq.c): pCPUs that reschedule when
 * their slice ends or they are tickled, a 10 ms tick and a 30 ms accounting
 * pass as credit.c arms them, in steps of 1 ms; park/unpark and context
 * switches as common/sched/core.c does them. Header-only: each test file
 * that includes it gets its own machine. */
#ifndef TESTS_SCHED_SIM_H
#define TESTS_SCHED_SIM_H
#include <check.h>
#include <stdlib.h>
#include "../common/sched/credit_acct.h"

#define SIM_CPUS  4
#define SIM_VCPUS 8
#define STEP      MILLISECS(1)

struct fake_vcpu {
    struct csched_vcpu svc;
    unsigned int processor;
    cpumask_t affinity;
    bool is_running, blocked, parked;
    s_time_t ran;                       /* simulated time spent running */
};

struct sim {
    struct csched_private prv;
    struct csched_pcpu pcpu[SIM_CPUS];
    struct fake_vcpu idle[SIM_CPUS], v[SIM_VCPUS];
    struct csched_dom dom[SIM_VCPUS];
    unsigned int ncpus;
    cpumask_t resched;                  /* tickled pCPUs */
    s_time_t now, slice_end[SIM_CPUS];
    unsigned int wrong_cpu;             /* a vCPU ran outside its affinity */
};

static struct sim *sim;

static inline struct fake_vcpu *fake(const struct csched_vcpu *svc)
{
    return svc->vcpu;
}
static inline bool runnable(const struct csched_vcpu *svc)
{
    return !fake(svc)->blocked && !fake(svc)->parked;
}
static inline bool is_running(const struct csched_vcpu *svc)
{
    return fake(svc)->is_running;
}
static inline bool trylock(unsigned int cpu)
{
    return cpu < sim->ncpus;
}
static inline void unlock(unsigned int cpu)
{
    (void)cpu;
}
/* Park and unpark as the core does it: pause + sleep, unpause + wake. */
static inline void park(struct csched_vcpu *svc)
{
    fake(svc)->parked = true;
    if (csched_vcpu_sleep(&sim->prv, svc))
        cpumask_set_cpu(*svc->processor, &sim->resched);
}
static inline void unpark(struct csched_vcpu *svc)
{
    cpumask_t t;

    fake(svc)->parked = false;
    if (runnable(svc)) {
        t = csched_vcpu_wake(&sim->prv, svc);
        cpumask_or(&sim->resched, &sim->resched, &t);
    }
}

static const struct csched_hooks hooks = {
    .runnable = runnable, .is_running = is_running, .trylock = trylock,
    .unlock = unlock, .park = park, .unpark = unpark,
};

static inline void sim_start(unsigned int ncpus)
{
    sim = calloc(1, sizeof(*sim));
    ck_assert_ptr_nonnull(sim);
    sim->ncpus = ncpus;
    csched_init(&sim->prv, &hooks, CSCHED_DEFAULT_TSLICE_MS);
    for (unsigned int c = 0; c < ncpus; c++) {
        struct fake_vcpu *i = &sim->idle[c];

        i->processor = c;
        i->affinity = cpumask_of(c);
        i->is_running = true;
        csched_vcpu_init(&i->svc, NULL, i, &i->processor, &i->affinity);
        csched_pcpu_init(&sim->prv, c, &sim->pcpu[c], &i->svc);
        sim->slice_end[c] = -1;
    }
}

static inline void sim_end(void)
{
    free(sim);
    sim = NULL;
}

/* vCPU n in domain dom, on cpu, blocked until sim_wake(). */
static inline struct fake_vcpu *sim_vcpu_in(unsigned int n, unsigned int dom, unsigned int cpu,
                                            uint64_t affinity)
{
    struct fake_vcpu *f = &sim->v[n];

    f->processor = cpu;
    f->affinity.bits = affinity;
    f->blocked = true;
    csched_vcpu_init(&f->svc, &sim->dom[dom], f, &f->processor, &f->affinity);
    f->svc.domain_id = (int)dom + 1;
    f->svc.vcpu_id = (int)n;
    csched_vcpu_insert(&sim->prv, &f->svc);
    return f;
}

/* vCPU n of its own domain n (weight, cap). */
static inline struct fake_vcpu *sim_vcpu(unsigned int n, unsigned int cpu, uint64_t affinity,
                                         unsigned int weight, unsigned int cap)
{
    csched_dom_init(&sim->dom[n]);
    csched_dom_cntl(&sim->prv, &sim->dom[n], weight, cap);
    return sim_vcpu_in(n, n, cpu, affinity);
}

static inline void sim_wake(struct fake_vcpu *f)
{
    cpumask_t t;

    f->blocked = false;
    t = csched_vcpu_wake(&sim->prv, &f->svc);
    cpumask_or(&sim->resched, &sim->resched, &t);
}

static inline void sim_block(struct fake_vcpu *f)
{
    f->blocked = true;
    if (csched_vcpu_sleep(&sim->prv, &f->svc))
        cpumask_set_cpu(f->processor, &sim->resched);
}

static inline void sim_schedule(unsigned int cpu)
{
    struct csched_vcpu *prev = sim->pcpu[cpu].curr;
    struct csched_decision d = csched_schedule(&sim->prv, cpu, sim->now);

    cpumask_t t;

    cpumask_or(&sim->resched, &sim->resched, &d.tickle);
    fake(d.next)->is_running = true;
    if (d.next != prev) {               /* the switch saves prev at once */
        fake(prev)->is_running = false;
        t = csched_context_saved(&sim->prv, prev);
        cpumask_or(&sim->resched, &sim->resched, &t);
    }
    if (!cpumask_test_cpu(cpu, d.next->hard_affinity) || *d.next->processor != cpu)
        sim->wrong_cpu++;
    sim->slice_end[cpu] = d.tslice < 0 ? -1 : sim->now + d.tslice;
}

/* One millisecond: the running vCPUs run, then timers fire, then tickled
 * pCPUs and those whose slice ended reschedule. */
static inline void sim_step(void)
{
    for (unsigned int c = 0; c < sim->ncpus; c++)
        if (!csched_is_idle(sim->pcpu[c].curr))
            fake(sim->pcpu[c].curr)->ran += STEP;
    sim->now += STEP;
    if (sim->now % sim->prv.tick_period == 0)
        for (unsigned int c = 0; c < sim->ncpus; c++)
            csched_tick(&sim->prv, c, sim->now);
    if (sim->now % sim->prv.tslice == 0)
        csched_acct(&sim->prv);
    for (unsigned int c = 0; c < sim->ncpus; c++)
        if (cpumask_test_cpu(c, &sim->resched) ||
            (sim->slice_end[c] >= 0 && sim->now >= sim->slice_end[c])) {
            cpumask_clear_cpu(c, &sim->resched);
            sim_schedule(c);
        }
}

static inline void sim_run(s_time_t t)
{
    for (s_time_t end = sim->now + t; sim->now < end;)
        sim_step();
}

static inline double share(const struct fake_vcpu *f, s_time_t over)
{
    return (double)f->ran / (double)over;
}

#endif

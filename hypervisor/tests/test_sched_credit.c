/* The credit scheduler's decisions (common/sched/credit_acct.c and
 * credit_runq.c), driven by a simulated machine: pCPUs that reschedule
 * when their slice ends or they are tickled, a 10 ms tick and a 30 ms
 * accounting pass, as credit.c arms them, in steps of 1 ms. */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include "suites.h"
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

static struct fake_vcpu *fake(const struct csched_vcpu *svc)
{
    return svc->vcpu;
}
static bool runnable(const struct csched_vcpu *svc)
{
    return !fake(svc)->blocked && !fake(svc)->parked;
}
static bool is_running(const struct csched_vcpu *svc)
{
    return fake(svc)->is_running;
}
static bool trylock(unsigned int cpu)
{
    return cpu < sim->ncpus;
}
static void unlock(unsigned int cpu)
{
    (void)cpu;
}
/* Park and unpark as the core does it: pause + sleep, unpause + wake. */
static void park(struct csched_vcpu *svc)
{
    fake(svc)->parked = true;
    if (csched_vcpu_sleep(&sim->prv, svc))
        cpumask_set_cpu(*svc->processor, &sim->resched);
}
static void unpark(struct csched_vcpu *svc)
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

static void sim_start(unsigned int ncpus)
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

static void sim_end(void)
{
    free(sim);
    sim = NULL;
}

/* vCPU n of its own domain n, on cpu, blocked until sim_wake(). */
static struct fake_vcpu *sim_vcpu(unsigned int n, unsigned int cpu, uint64_t affinity,
                                  unsigned int weight, unsigned int cap)
{
    struct fake_vcpu *f = &sim->v[n];

    csched_dom_init(&sim->dom[n]);
    csched_dom_cntl(&sim->prv, &sim->dom[n], weight, cap);
    f->processor = cpu;
    f->affinity.bits = affinity;
    f->blocked = true;
    csched_vcpu_init(&f->svc, &sim->dom[n], f, &f->processor, &f->affinity);
    f->svc.domain_id = (int)n + 1;
    csched_vcpu_insert(&sim->prv, &f->svc);
    return f;
}

static void sim_wake(struct fake_vcpu *f)
{
    cpumask_t t;

    f->blocked = false;
    t = csched_vcpu_wake(&sim->prv, &f->svc);
    cpumask_or(&sim->resched, &sim->resched, &t);
}

static void sim_block(struct fake_vcpu *f)
{
    f->blocked = true;
    if (csched_vcpu_sleep(&sim->prv, &f->svc))
        cpumask_set_cpu(f->processor, &sim->resched);
}

static void sim_schedule(unsigned int cpu)
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
static void sim_step(void)
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

static void sim_run(s_time_t t)
{
    for (s_time_t end = sim->now + t; sim->now < end;)
        sim_step();
}

static double share(const struct fake_vcpu *f, s_time_t over)
{
    return (double)f->ran / (double)over;
}

/* Alone on one pCPU; and pinned to pCPU 1 of 4 while the others run a
 * capped and a lone vCPU (other pCPUs' slack must not drown the weights). */
START_TEST(weights_share_one_pcpu)
{
    for (unsigned int ncpus = 1; ncpus <= 4; ncpus += 3) {
        unsigned int cpu = ncpus > 1;
        struct fake_vcpu *a, *b;

        sim_start(ncpus);
        a = sim_vcpu(0, cpu, 1u << cpu, 256, 0);
        b = sim_vcpu(1, cpu, 1u << cpu, 512, 0);
        sim_wake(a);
        sim_wake(b);
        if (ncpus > 1) {
            sim_wake(sim_vcpu(2, 2, 1u << 2, 256, 25));
            sim_wake(sim_vcpu(3, 3, 1u << 3, 256, 0));
        }
        sim_run(SECONDS(60));
        ck_assert_msg(share(a, SECONDS(60)) > 0.30 && share(a, SECONDS(60)) < 0.37,
                      "weight 256 got %.3f (%u pCPUs)", share(a, SECONDS(60)), ncpus);
        ck_assert_msg(share(b, SECONDS(60)) > 0.63 && share(b, SECONDS(60)) < 0.70,
                      "weight 512 got %.3f (%u pCPUs)", share(b, SECONDS(60)), ncpus);
        ck_assert_int_ge(a->ran + b->ran, SECONDS(60) - STEP);  /* idle 1st ms only */
        sim_end();
    }
}
END_TEST

/* Alone, and beside an uncapped vCPU: never more than 25 % over any 3 s. */
START_TEST(cap_is_a_ceiling)
{
    for (int rival = 0; rival < 2; rival++) {
        struct fake_vcpu *c, *o = NULL;
        s_time_t last = 0, worst = 0;

        sim_start(1);
        c = sim_vcpu(0, 0, 1, 256, 25);
        sim_wake(c);
        if (rival) {
            o = sim_vcpu(1, 0, 1, 256, 0);
            sim_wake(o);
        }
        for (int w = 0; w < 20; w++) {
            sim_run(SECONDS(3));
            worst = MAX(worst, c->ran - last);
            last = c->ran;
        }
        ck_assert_msg(share(c, SECONDS(60)) <= 0.255 && share(c, SECONDS(60)) > 0.20,
                      "cap 25 got %.3f (rival %d)", share(c, SECONDS(60)), rival);
        ck_assert_msg(worst <= MILLISECS(3 * 260), "cap 25: %lld ms in 3 s",
                      (long long)(worst / MILLISECS(1)));
        if (o)
            ck_assert_msg(share(o, SECONDS(60)) > 0.74, "uncapped got %.3f",
                          share(o, SECONDS(60)));
        sim_end();
    }
}
END_TEST

START_TEST(boost_on_wake_preempts)
{
    struct fake_vcpu *hog, *io;
    struct csched_decision d;

    sim_start(1);
    hog = sim_vcpu(0, 0, 1, 256, 0);
    io = sim_vcpu(1, 0, 1, 256, 0);
    sim_wake(hog);
    sim_run(MILLISECS(15));             /* hog runs, mid-slice, UNDER */
    ck_assert_ptr_eq(sim->pcpu[0].curr, &hog->svc);
    ck_assert_int_eq(hog->svc.pri, CSCHED_PRI_TS_UNDER);
    sim_wake(io);
    ck_assert_int_eq(io->svc.pri, CSCHED_PRI_TS_BOOST);
    ck_assert(cpumask_test_cpu(0, &sim->resched));     /* tickled */
    cpumask_clear_cpu(0, &sim->resched);
    d = csched_schedule(&sim->prv, 0, sim->now);
    ck_assert_ptr_eq(d.next, &io->svc);
    /* A wake-up that is a migration is not boosted. */
    sim_end();
    sim_start(1);
    io = sim_vcpu(1, 0, 1, 256, 0);
    io->svc.flags |= CSCHED_FLAG_VCPU_MIGRATING;
    sim_wake(io);
    ck_assert_int_eq(io->svc.pri, CSCHED_PRI_TS_UNDER);
    ck_assert_uint_eq(io->svc.flags & CSCHED_FLAG_VCPU_MIGRATING, 0);
    sim_end();
}
END_TEST

/* Three vCPUs on pCPU 0, one pinned there: pCPU 1 steals the others, never
 * the pinned one, even when the pinned one heads the queue. */
START_TEST(affinity_holds_under_stealing)
{
    struct fake_vcpu *pinned, *x, *y;
    struct csched_decision d;

    sim_start(2);
    pinned = sim_vcpu(0, 0, 0x1, 256, 0);
    x = sim_vcpu(1, 0, 0x3, 256, 0);
    y = sim_vcpu(2, 0, 0x3, 256, 0);
    sim_wake(pinned);
    sim_wake(x);
    sim_wake(y);
    sim_run(MILLISECS(2));             /* all woken at once: 1 is offered one */
    ck_assert(!csched_is_idle(sim->pcpu[1].curr));
    sim_run(SECONDS(10));
    ck_assert_uint_eq(sim->wrong_cpu, 0);
    ck_assert_uint_gt(sim->prv.nr_stolen, 0);
    ck_assert_int_gt(x->ran + y->ran, SECONDS(9));     /* pCPU 1 was used */
    ck_assert_int_gt(pinned->ran, SECONDS(4));
    sim_end();

    /* Directly: pinned heads pCPU 0's queue (boosted), pCPU 1 idles. */
    sim_start(2);
    x = sim_vcpu(1, 0, 0x3, 256, 0);
    pinned = sim_vcpu(0, 0, 0x1, 256, 0);
    sim_wake(x);
    sim_schedule(0);                    /* x runs on 0 */
    pinned->blocked = false;
    csched_vcpu_wake(&sim->prv, &pinned->svc);         /* queued behind x on 0 */
    ck_assert_ptr_eq(sim->pcpu[0].runq, &pinned->svc);
    d = csched_schedule(&sim->prv, 1, sim->now);
    ck_assert(csched_is_idle(d.next));
    ck_assert_uint_eq(pinned->processor, 0);
    sim_end();
}
END_TEST

/* A vCPU still running (its state not yet saved) is not stolen. */
START_TEST(running_vcpu_not_stolen)
{
    struct fake_vcpu *a, *b;
    struct csched_decision d;

    sim_start(2);
    a = sim_vcpu(0, 0, 0x3, 256, 0);
    b = sim_vcpu(1, 0, 0x3, 256, 0);
    sim_wake(a);
    sim_schedule(0);
    sim_wake(b);                        /* queued on 0 */
    b->is_running = true;               /* pretend: not switched out yet */
    d = csched_schedule(&sim->prv, 1, sim->now);
    ck_assert(csched_is_idle(d.next));
    b->is_running = false;
    d = csched_schedule(&sim->prv, 1, sim->now);
    ck_assert_ptr_eq(d.next, &b->svc);
    ck_assert(d.migrated);
    ck_assert_uint_eq(b->processor, 1);
    sim_end();
}
END_TEST

/* Random block/wake on 4 pCPUs: a vCPU waits while a pCPU it may run on
 * idles only if such a pCPU has been tickled (looks again at once); nobody
 * runs outside its affinity or on two pCPUs. */
START_TEST(idle_only_when_nothing_runnable)
{
    srand(11);
    sim_start(SIM_CPUS);
    for (unsigned int n = 0; n < SIM_VCPUS; n++) {
        uint64_t aff = (uint64_t)(rand() % 15 + 1);

        sim_vcpu(n, (unsigned int)__builtin_ctzll(aff), aff, 128u << (n % 3), n == 5 ? 30 : 0);
    }
    for (int step = 0; step < 20000; step++) {
        struct fake_vcpu *f = &sim->v[rand() % SIM_VCPUS];

        if (rand() % 4 == 0) {
            if (f->blocked)
                sim_wake(f);
            else
                sim_block(f);
        }
        sim_step();
        for (unsigned int n = 0; n < SIM_VCPUS; n++) {
            struct fake_vcpu *w = &sim->v[n];
            cpumask_t idle = CPU_MASK_NONE;

            if (!w->svc.on_runq || !runnable(&w->svc))
                continue;
            for (unsigned int c = 0; c < SIM_CPUS; c++)
                if (csched_is_idle(sim->pcpu[c].curr))
                    __cpumask_set_cpu(c, &idle);
            ck_assert_msg(!cpumask_intersects(&idle, &w->affinity) ||
                          cpumask_intersects(&sim->resched, &w->affinity),
                          "d%dv0 waits on CPU%u, CPUs %#llx idle, none tickled (step %d)",
                          w->svc.domain_id, w->processor, (unsigned long long)idle.bits, step);
        }
        for (unsigned int c = 0; c < SIM_CPUS; c++)
            for (unsigned int o = c + 1; o < SIM_CPUS; o++)
                ck_assert(csched_is_idle(sim->pcpu[c].curr) ||
                          sim->pcpu[c].curr != sim->pcpu[o].curr);
    }
    ck_assert_uint_eq(sim->wrong_cpu, 0);
    sim_end();
}
END_TEST

START_TEST(credit_accounting)
{
    struct fake_vcpu *a;

    sim_start(1);
    a = sim_vcpu(0, 0, 1, 256, 0);
    sim_wake(a);
    sim_schedule(0);
    /* 25 ms run: 250 credits. */
    for (int i = 0; i < 25; i++) {
        sim->now += STEP;
        csched_burn_credits(&a->svc, sim->now);
    }
    ck_assert_int_eq(csched_credit(&a->svc), -250);
    /* 100 runs of 33 us: 3.3 ms, 33 credits, though each is a third of one. */
    for (int i = 0; i < 100; i++) {
        sim->now += MICROSECS(33);
        csched_burn_credits(&a->svc, sim->now);
    }
    ck_assert_int_eq(csched_credit(&a->svc), -283);
    /* Alone and active it earns the whole slice; an idle one stops earning. */
    csched_tick(&sim->prv, 0, sim->now);
    ck_assert(a->svc.active);
    ck_assert_uint_eq(sim->prv.weight, 256);
    csched_acct(&sim->prv);
    ck_assert_int_eq(csched_credit(&a->svc), 17);
    ck_assert_int_eq(a->svc.pri, CSCHED_PRI_TS_UNDER);
    __atomic_store_n(&a->svc.credit, 200, __ATOMIC_RELAXED);
    csched_acct(&sim->prv);             /* 500 > one slice: halved, inactive */
    ck_assert_int_eq(csched_credit(&a->svc), 250);
    ck_assert(!a->svc.active);
    ck_assert_uint_eq(sim->prv.weight, 0);
    sim_end();
}
END_TEST

Suite *sched_credit_suite(void)
{
    Suite *s = suite_create("sched_credit");
    TCase *tc = tcase_create("decisions");

    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, credit_accounting);
    tcase_add_test(tc, weights_share_one_pcpu);
    tcase_add_test(tc, cap_is_a_ceiling);
    tcase_add_test(tc, boost_on_wake_preempts);
    tcase_add_test(tc, affinity_holds_under_stealing);
    tcase_add_test(tc, running_vcpu_not_stolen);
    tcase_add_test(tc, idle_only_when_nothing_runnable);
    suite_add_tcase(s, tc);
    return s;
}

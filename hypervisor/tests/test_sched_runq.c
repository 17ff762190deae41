/* The credit scheduler's run queues: boost on wake, yield, the choice of a
 * pCPU, work stealing within hard affinity, no idling while work waits
 * (common/sched/credit_runq.c), on the simulated machine of sched_sim.h. */
#include "suites.h"
#include "sched_sim.h"

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


/* A yielding vCPU goes behind one lower-priority vCPU, not just behind its
 * equals; the flag lasts one schedule. */
START_TEST(yield_goes_behind_one_lower)
{
    struct fake_vcpu *a, *b, *c;
    struct csched_decision d;

    sim_start(1);
    a = sim_vcpu(0, 0, 1, 256, 0);
    b = sim_vcpu(1, 0, 1, 256, 0);
    c = sim_vcpu(2, 0, 1, 256, 0);
    sim_wake(a);
    sim_schedule(0);                    /* a runs */
    sim_wake(b);
    sim_wake(c);
    a->svc.pri = b->svc.pri = CSCHED_PRI_TS_UNDER;
    c->svc.pri = CSCHED_PRI_TS_OVER;    /* queue: b (UNDER), c (OVER), idle */
    csched_vcpu_yield(&a->svc);
    d = csched_schedule(&sim->prv, 0, sim->now);
    ck_assert_ptr_eq(d.next, &b->svc);
    ck_assert_ptr_eq(sim->pcpu[0].runq, &c->svc);       /* c, then a */
    ck_assert_ptr_eq(c->svc.runq_next, &a->svc);
    ck_assert_uint_eq(a->svc.flags & CSCHED_FLAG_VCPU_YIELD, 0);
    sim_end();
}
END_TEST

START_TEST(pick_cpu_within_affinity_idle_first)
{
    struct fake_vcpu *v;

    sim_start(4);
    v = sim_vcpu(0, 0, 0x6, 256, 0);    /* on 0 (e.g. before a re-pin to {1,2}) */
    ck_assert_uint_eq(csched_pick_cpu(&sim->prv, &v->svc), 1);
    cpumask_clear_cpu(1, &sim->prv.idlers);             /* 1 busy, 2 idle */
    ck_assert_uint_eq(csched_pick_cpu(&sim->prv, &v->svc), 2);
    cpumask_clear_cpu(2, &sim->prv.idlers);             /* all busy: stay close */
    ck_assert_uint_eq(csched_pick_cpu(&sim->prv, &v->svc), 1);
    v->affinity.bits = 0x30;                            /* no pCPU of ours */
    ck_assert_uint_eq(csched_pick_cpu(&sim->prv, &v->svc), CPUMASK_BITS);
    sim_end();
}
END_TEST

Suite *sched_runq_suite(void)
{
    Suite *s = suite_create("sched_runq");
    TCase *tc = tcase_create("decisions");

    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, boost_on_wake_preempts);
    tcase_add_test(tc, yield_goes_behind_one_lower);
    tcase_add_test(tc, pick_cpu_within_affinity_idle_first);
    tcase_add_test(tc, affinity_holds_under_stealing);
    tcase_add_test(tc, running_vcpu_not_stolen);
    tcase_add_test(tc, idle_only_when_nothing_runnable);
    suite_add_tcase(s, tc);
    return s;
}

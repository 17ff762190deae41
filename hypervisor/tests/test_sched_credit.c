/* The credit scheduler's accounting: credit burnt and earned, weights
 * sharing a pCPU, caps as ceilings (common/sched/credit_acct.c), on the
 * simulated machine of sched_sim.h. */
#include "suites.h"
#include "sched_sim.h"

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

/* A domain's cap is of one pCPU, for all its vCPUs together: two vCPUs on
 * two pCPUs under cap 50 get a quarter of a pCPU each. */
START_TEST(cap_covers_the_whole_domain)
{
    struct fake_vcpu *a, *b;

    sim_start(2);
    a = sim_vcpu(0, 0, 0x1, 256, 50);
    b = sim_vcpu_in(1, 0, 1, 0x2);
    sim_wake(a);
    sim_wake(b);
    sim_run(SECONDS(60));
    ck_assert_msg(share(a, SECONDS(60)) + share(b, SECONDS(60)) <= 0.505 &&
                  share(a, SECONDS(60)) > 0.20 && share(b, SECONDS(60)) > 0.20,
                  "cap 50 over two vCPUs: %.3f + %.3f", share(a, SECONDS(60)),
                  share(b, SECONDS(60)));
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
    TCase *tc = tcase_create("accounting");

    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, credit_accounting);
    tcase_add_test(tc, weights_share_one_pcpu);
    tcase_add_test(tc, cap_is_a_ceiling);
    tcase_add_test(tc, cap_covers_the_whole_domain);
    suite_add_tcase(s, tc);
    return s;
}

/* Debug key 'Z': the scheduler on the real machine, before guests exist.
 * Dummy vCPUs (domain DOMID_SCHED_SELFTEST, no guest state: the arch runs
 * the idle loop for them, so "running" is being charged for the pCPU) are
 * woken with weights, a cap and a pinning, measured by their runstates
 * for 5 s, then paused and destroyed:
 * - weights 256 and 512 pinned on CPU1 share it 1/3 : 2/3 (rr: 1/2 : 1/2);
 * - cap 25 on CPU2 gets no more than a quarter of it (rr: no caps);
 * - a vCPU on CPU3 whose affinity becomes {CPU2} migrates there.
 * Needs 4 pCPUs; prints "sched selftest: PASS" or "FAIL: <why>". */
#include "private.h"
#include <xen/lib.h>
#include <xen/xmalloc.h>
#include <xen/keyhandler.h>
#include <xen/time.h>
#include <asm/smp.h>

#define NR_TEST_VCPUS 4
#define TEST_TIME     SECONDS(5)

static struct selftest {
    bool busy, credit;                  /* credit: weights and caps apply */
    struct domain *dom[NR_TEST_VCPUS];
    struct vcpu *vcpu[NR_TEST_VCPUS];
    uint64_t run0[NR_TEST_VCPUS];
    s_time_t t0;
    struct timer repin, finish;         /* at 1 s and at the end */
} st;

static uint64_t running_ns(const struct vcpu *v)
{
    struct vcpu_runstate_info r;

    vcpu_runstate_get(v, &r);
    return r.time[RUNSTATE_running];
}

/* One domain, one vCPU, on cpu, affinity mask, weight and cap; up. */
static int add_vcpu(unsigned int n, unsigned int cpu, uint64_t mask, unsigned int weight,
                    unsigned int cap)
{
    struct domain *d = xzalloc(struct domain);
    struct vcpu *v = xzalloc(struct vcpu);
    int rc;

    st.dom[n] = d;
    st.vcpu[n] = v;
    if (!d || !v)
        return -1;
    d->domain_id = DOMID_SCHED_SELFTEST;
    d->max_vcpus = 1;
    v->domain = d;
    v->vcpu_id = (int)n;
    v->processor = cpu;
    v->cpu_hard_affinity.bits = mask;
    v->pause_flags = VPF_down;
    if ((rc = sched_init_domain(d)) || (rc = sched_init_vcpu(v)))
        return rc;
    if (st.credit && (rc = sched_adjust_credit(d, weight, cap)))
        return rc;
    __atomic_fetch_and(&v->pause_flags, ~VPF_down, __ATOMIC_SEQ_CST);
    vcpu_wake(v);
    return 0;
}

static void teardown(void)
{
    for (unsigned int n = 0; n < NR_TEST_VCPUS; n++) {
        struct vcpu *v = st.vcpu[n];

        if (v && v->sched_priv) {
            __atomic_fetch_add(&v->pause_count, 1, __ATOMIC_SEQ_CST);
            vcpu_sleep_sync(v);
            sched_destroy_vcpu(v);
        }
        if (st.dom[n])
            sched_destroy_domain(st.dom[n]);
        xfree(v);
        xfree(st.dom[n]);
        st.vcpu[n] = NULL;
        st.dom[n] = NULL;
    }
    st.busy = false;
}

static void finish(void *unused)
{
    s_time_t span = NOW() - st.t0;
    unsigned int pct[NR_TEST_VCPUS];
    const char *why = NULL;

    (void)unused;
    for (unsigned int n = 0; n < NR_TEST_VCPUS; n++)
        pct[n] = (unsigned int)((running_ns(st.vcpu[n]) - st.run0[n]) * 1000 / (uint64_t)span);
    printk("sched selftest: CPU1 weight 256 %u.%u%%, weight 512 %u.%u%%; CPU2 cap 25 %u.%u%%; "
           "moved vCPU %u.%u%% now on CPU%u\n", pct[0] / 10, pct[0] % 10, pct[1] / 10,
           pct[1] % 10, pct[2] / 10, pct[2] % 10, pct[3] / 10, pct[3] % 10,
           st.vcpu[3]->processor);
    /* Shares within 7 points: under TCG, timer interrupts come late when the
     * host is busy (tests/test_sched_credit.c checks the exact shares). */
    if (st.credit && (pct[0] < 263 || pct[0] > 403 || pct[1] < 597 || pct[1] > 737))
        why = "weights 256:512 did not share CPU1 1:2";
    else if (!st.credit && (pct[0] < 400 || pct[0] > 600 || pct[1] < 400 || pct[1] > 600))
        why = "round robin did not share CPU1 1:1";
    else if (st.credit && (pct[2] > 270 || pct[2] < 150))
        why = "cap 25 not held";
    else if (st.vcpu[3]->processor != 2 || pct[3] < 500)
        why = "the re-pinned vCPU did not move to CPU2 and run there";
    teardown();
    if (why)
        printk("sched selftest: FAIL: %s\n", why);
    else
        printk("sched selftest: PASS\n");
}

/* After 1 s: re-pin the last vCPU from CPU3 to CPU2. */
static void repin(void *unused)
{
    cpumask_t cpu2 = cpumask_of(2);

    (void)unused;
    if (vcpu_set_hard_affinity(st.vcpu[3], &cpu2)) {
        printk("sched selftest: FAIL: vcpu_set_hard_affinity refused\n");
        teardown();
        return;
    }
    set_timer(&st.finish, st.t0 + TEST_TIME);
}

static void sched_selftest(unsigned char key)
{
    printk("'%c' pressed -> scheduler self-test (%lld s)\n", key,
           (long long)(TEST_TIME / SECONDS(1)));
    if (st.busy || num_online_cpus < 4 || !cpu_online(3)) {
        printk("sched selftest: SKIP: %s\n", st.busy ? "already running" : "needs 4 CPUs");
        return;
    }
    st.busy = true;
    st.credit = !strcmp(opt_sched, "credit");
    if (add_vcpu(0, 1, 1u << 1, 256, 0) || add_vcpu(1, 1, 1u << 1, 512, 0) ||
        add_vcpu(2, 2, 1u << 2, 256, 25) || add_vcpu(3, 3, 1u << 3, 256, 0)) {
        printk("sched selftest: FAIL: cannot create the test vCPUs\n");
        teardown();
        return;
    }
    st.t0 = NOW();
    for (unsigned int n = 0; n < NR_TEST_VCPUS; n++)
        st.run0[n] = running_ns(st.vcpu[n]);
    init_timer(&st.repin, repin, NULL, 0);
    init_timer(&st.finish, finish, NULL, 0);
    set_timer(&st.repin, st.t0 + SECONDS(1));
}

void sched_selftest_init(void)
{
    register_keyhandler('Z', sched_selftest, "scheduler self-test (dummy vCPUs, 5 s)");
}

/* Debug key 'k': a self-test of stop_timer, kill_timer and migrate_timer
 * across CPUs, run on CPU0 (from its key handler, so none of CPU0's timers
 * can fire meanwhile) against timers on CPUs 1-3. It ends in one line,
 * "timer selftest: PASS ..." or "timer selftest: FAIL: <why>", which
 * scenario hv-timer expects. */
#include <xen/timer.h>
#include <xen/lib.h>
#include <xen/time.h>
#include <xen/keyhandler.h>
#include <asm/smp.h>
#include <asm/processor.h>

#define HANDLER_BUSY MILLISECS(40)      /* how long the slow handler runs */
#define PATIENCE     MILLISECS(1000)    /* for anything to happen on another CPU */

struct probe {
    struct timer timer;
    volatile int started, done, runs;
    volatile int cpu;                   /* where the handler last ran */
    volatile s_time_t ended;
    int self_op;                        /* handler stops or kills itself */
};

static unsigned int checks;

static bool wait_until(volatile int *flag, int value, s_time_t patience)
{
    s_time_t deadline = NOW() + patience;

    while (__atomic_load_n(flag, __ATOMIC_ACQUIRE) < value)
        if (NOW() > deadline)
            return false;
        else
            cpu_relax();
    return true;
}

static void settle(s_time_t ns)
{
    s_time_t until = NOW() + ns;

    while (NOW() < until)
        cpu_relax();
}

/* Runs HANDLER_BUSY in a loop of short waits, as a handler doing real work. */
static void slow_handler(void *data)
{
    struct probe *p = data;
    s_time_t until;

    p->cpu = (int)smp_processor_id();
    __atomic_store_n(&p->started, 1, __ATOMIC_RELEASE);
    for (until = NOW() + HANDLER_BUSY; NOW() < until; )
        udelay(1000);
    p->ended = NOW();
    p->runs++;
    __atomic_store_n(&p->done, 1, __ATOMIC_RELEASE);
}

static void counting_handler(void *data)
{
    struct probe *p = data;

    p->cpu = (int)smp_processor_id();
    if (p->self_op == 1)
        stop_timer(&p->timer);              /* from its own handler: no wait */
    else if (p->self_op == 2)
        kill_timer(&p->timer);
    __atomic_fetch_add(&p->runs, 1, __ATOMIC_RELEASE);
    __atomic_store_n(&p->done, 1, __ATOMIC_RELEASE);
}

/* A timer that re-arms itself every 200 us wherever it is queued. */
static void periodic_handler(void *data)
{
    struct probe *p = data;

    p->cpu = (int)smp_processor_id();
    __atomic_fetch_add(&p->runs, 1, __ATOMIC_RELEASE);
    set_timer(&p->timer, NOW() + MICROSECS(200));
}

#define CHECK(cond, ...) do { checks++; if (!(cond)) { \
        printk("timer selftest: FAIL: " __VA_ARGS__); printk("\n"); return false; } } while (0)

/* stop_timer() or kill_timer() while the handler runs on CPU1. */
static bool test_wait_for_handler(bool kill)
{
    static struct probe p;
    const char *op = kill ? "kill_timer" : "stop_timer";
    s_time_t ret;

    p = (struct probe){ 0 };
    init_timer(&p.timer, slow_handler, &p, 1);
    set_timer(&p.timer, NOW());
    CHECK(wait_until(&p.started, 1, PATIENCE), "slow handler never started on CPU1");
    if (kill)
        kill_timer(&p.timer);
    else
        stop_timer(&p.timer);
    ret = NOW();
    CHECK(p.done, "%s returned while the handler was running on CPU%d", op, p.cpu);
    CHECK(ret >= p.ended, "%s returned before the handler ended", op);
    printk("timer selftest: %s waited for the handler on CPU%d (returned %lld us after it ended)\n",
           op, p.cpu, (long long)(ret - p.ended) / 1000);
    if (kill) {
        set_timer(&p.timer, NOW());         /* ignored: killed */
        CHECK(!timer_is_active(&p.timer), "set_timer armed a killed timer");
        settle(MILLISECS(50));
        CHECK(p.runs == 1, "a killed timer ran again (%d runs)", p.runs);
    }
    return true;
}

static bool test_self_ops(void)
{
    static struct probe p;

    for (int op = 1; op <= 2; op++) {
        p = (struct probe){ .self_op = op };
        init_timer(&p.timer, counting_handler, &p, 1);
        set_timer(&p.timer, NOW());
        CHECK(wait_until(&p.done, 1, PATIENCE), "%s from its own handler did not return",
              op == 1 ? "stop_timer" : "kill_timer");
    }
    set_timer(&p.timer, NOW());             /* killed by its handler */
    settle(MILLISECS(20));
    CHECK(p.runs == 1, "a timer killed by its own handler ran again");
    printk("timer selftest: stop_timer and kill_timer from the handler itself return\n");
    return true;
}

static bool test_kill_armed(void)
{
    static struct probe p;

    p = (struct probe){ 0 };
    init_timer(&p.timer, counting_handler, &p, 1);
    set_timer(&p.timer, NOW() + MILLISECS(30));
    kill_timer(&p.timer);
    settle(MILLISECS(60));
    CHECK(p.runs == 0, "an armed timer ran after kill_timer");
    init_timer(&p.timer, counting_handler, &p, 2);   /* usable again */
    set_timer(&p.timer, NOW());
    CHECK(wait_until(&p.runs, 1, PATIENCE) && p.cpu == 2,
          "a timer initialised again after kill_timer did not run on CPU2");
    printk("timer selftest: kill_timer disarms; init_timer makes it usable again\n");
    return true;
}

static bool test_migrate(void)
{
    static struct probe p;

    /* Armed on CPU1, moved to CPU2 before it fires. */
    p = (struct probe){ 0 };
    init_timer(&p.timer, counting_handler, &p, 1);
    set_timer(&p.timer, NOW() + MILLISECS(30));
    migrate_timer(&p.timer, 2);
    CHECK(timer_is_active(&p.timer) && p.timer.cpu == 2, "migrate_timer lost the armed timer");
    CHECK(wait_until(&p.runs, 1, PATIENCE), "a migrated armed timer never ran");
    CHECK(p.cpu == 2, "a timer migrated to CPU2 ran on CPU%d", p.cpu);
    settle(MILLISECS(40));
    CHECK(p.runs == 1, "a migrated timer ran %d times (also from its old queue?)", p.runs);
    /* Not armed: moved, then armed where it now lives. */
    p = (struct probe){ 0 };
    init_timer(&p.timer, counting_handler, &p, 1);
    migrate_timer(&p.timer, 3);
    set_timer(&p.timer, NOW());
    CHECK(wait_until(&p.runs, 1, PATIENCE) && p.cpu == 3,
          "an inactive timer migrated to CPU3 ran on CPU%d", p.cpu);
    kill_timer(&p.timer);
    printk("timer selftest: migrate_timer moves armed and inactive timers\n");
    return true;
}

/* Two self-re-arming timers moved back and forth while they fire: one by
 * CPU0, the other in the opposite direction by a handler on CPU3,
 * so both lock orders are exercised at once. */
static struct probe hop, hop2, mover;
static volatile int mover_stop;

static void mover_handler(void *data)
{
    (void)data;
    for (unsigned int i = 0; !mover_stop; i++) {
        migrate_timer(&hop2.timer, i & 1 ? 1 : 2);
        udelay(37);
    }
    __atomic_store_n(&mover.done, 1, __ATOMIC_RELEASE);
}

static bool test_migrate_stress(void)
{
    unsigned int last = 3;
    int runs;

    hop = hop2 = mover = (struct probe){ 0 };
    mover_stop = 0;
    init_timer(&hop.timer, periodic_handler, &hop, 1);
    init_timer(&hop2.timer, periodic_handler, &hop2, 2);
    init_timer(&mover.timer, mover_handler, NULL, last);
    set_timer(&hop.timer, NOW());
    set_timer(&hop2.timer, NOW());
    set_timer(&mover.timer, NOW());
    for (unsigned int i = 0; i < 2000; i++) {
        migrate_timer(&hop.timer, 1 + (i & 1));
        udelay(23);
    }
    mover_stop = 1;
    CHECK(wait_until(&mover.done, 1, PATIENCE), "the migrating handler on CPU%u hung", last);
    kill_timer(&hop.timer);
    kill_timer(&hop2.timer);
    runs = hop.runs + hop2.runs;
    CHECK(hop.runs > 10 && hop2.runs > 10, "timers stopped firing while migrated (%d, %d runs)",
          hop.runs, hop2.runs);
    settle(MILLISECS(5));
    CHECK(hop.runs + hop2.runs == runs, "killed timers kept firing");
    printk("timer selftest: 4000 migrations of firing timers, both lock orders (%d runs)\n", runs);
    return true;
}

static void do_timer_selftest(unsigned char key)
{
    printk("'%c' pressed -> timer self-test (stop/kill/migrate across CPUs)\n", key);
    /* CPU0 runs the test; 1 and 2 hold timers; 3 moves them too. */
    if (num_online_cpus < 4) {
        printk("timer selftest: SKIP: needs 4 CPUs, %u online\n", num_online_cpus);
        return;
    }
    checks = 0;
    if (test_wait_for_handler(false) && test_wait_for_handler(true) && test_self_ops() &&
        test_kill_armed() && test_migrate() && test_migrate_stress())
        printk("timer selftest: PASS (%u checks)\n", checks);
}

void timer_selftest_init(void)
{
    register_keyhandler('k', do_timer_selftest, "timer self-test (stop/kill/migrate across CPUs)");
}

/* Debug keys that break the machine on purpose, so that every fatal path
 * can be exercised from a scenario:
 *  'C' a fatal page fault (the exception reporter: registers, CR2, stack);
 *  'W' CPU1 wedges holding the console and trace locks, then CPU0 panics
 *      (the report must not wait for locks a stopped CPU holds);
 *  'J' every CPU panics at the same moment (one report, no deadlock);
 *  'S' unbounded recursion on CPU1 (CPU0 if alone) until the stack's guard
 *      page: #DF on its IST stack and a "stack overflow" report;
 *  'X' per_cpu() of a CPU that is not up: must fault, not read CPU0's. */
#include <xen/lib.h>
#include <xen/keyhandler.h>
#include <xen/console.h>
#include <xen/timer.h>
#include <xen/time.h>
#include <xen/trace.h>
#include <asm/smp.h>
#include <asm/processor.h>

static void __attribute__((noinline)) crash_by_page_fault(void)
{
    /* Above the 4 GiB identity map: not present. */
    volatile uint64_t *p = (volatile uint64_t *)(uintptr_t)0x100000000000ULL;

    *p = 0xdead;
}

static void do_crash_key(unsigned char key)
{
    printk("'%c' pressed -> triggering a fatal page fault\n", key);
    crash_by_page_fault();
}

/* The other CPUs' half of 'W' and 'J', run from a timer on each. */
static struct timer partner_timer[NR_CPUS];
static volatile unsigned int partners_ready;
static volatile bool partners_go;

/* Starts fn on CPU1 (one) or on every other online CPU; false if they do
 * not all report ready within a second. */
static bool start_partners(unsigned char key, void (*fn)(void *), bool all)
{
    s_time_t deadline = NOW() + SECONDS(1);
    unsigned int cpu, n = 0;

    if (!cpu_online(1)) {
        printk("'%c' needs CPU1 online\n", key);
        return false;
    }
    partners_ready = 0;
    partners_go = false;
    for_each_online_cpu(cpu) {
        if (cpu == smp_processor_id() || (!all && cpu != 1))
            continue;
        init_timer(&partner_timer[cpu], fn, NULL, cpu);
        set_timer(&partner_timer[cpu], NOW());
        n++;
    }
    while (__atomic_load_n(&partners_ready, __ATOMIC_SEQ_CST) != n && NOW() < deadline)
        cpu_relax();
    return partners_ready == n;
}

static void partner_ready(void)
{
    local_irq_disable();                    /* only an NMI gets it out */
    __atomic_fetch_add(&partners_ready, 1, __ATOMIC_SEQ_CST);
}

static void wedge_holding_locks(void *unused)
{
    (void)unused;
    local_irq_disable();
    spin_lock(&console_lock);
    spin_lock(&trace_lock);
    partner_ready();
    for (;;)
        cpu_relax();
}

static void do_wedge_key(unsigned char key)
{
    printk("'%c' pressed -> CPU1 takes the console and trace locks for good, "
           "then CPU0 panics\n", key);
    if (!start_partners(key, wedge_holding_locks, false)) {
        printk("'%c': CPU1 did not take the locks\n", key);
        return;
    }
    panic("self-test: CPU1 holds the console and trace locks ('%c')", key);
}

static void panic_on_go(void *unused)
{
    (void)unused;
    partner_ready();
    while (!__atomic_load_n(&partners_go, __ATOMIC_SEQ_CST))
        cpu_relax();
    panic("self-test: every CPU panics at once ('J')");
}

static void do_joint_panic_key(unsigned char key)
{
    printk("'%c' pressed -> every CPU panics at the same moment\n", key);
    if (!start_partners(key, panic_on_go, true)) {
        printk("'%c': not every CPU answered\n", key);
        return;
    }
    local_irq_disable();
    __atomic_store_n(&partners_go, true, __ATOMIC_SEQ_CST);
    panic("self-test: every CPU panics at once ('%c')", key);
}

static unsigned long __attribute__((noinline)) recurse(unsigned long depth)
{
    volatile unsigned long frame[8];

    frame[0] = depth;
    if (depth == ~0UL)                      /* never: keeps the compiler quiet */
        return 0;
    return recurse(depth + 1) + frame[0];   /* not a tail call */
}

static void overflow_stack(void *unused)
{
    (void)unused;
    partner_ready();
    recurse(0);
}

static void do_stack_overflow_key(unsigned char key)
{
    if (!cpu_online(1)) {
        printk("'%c' pressed -> CPU0 recurses until its stack overflows\n", key);
        recurse(0);
    }
    printk("'%c' pressed -> CPU1 recurses until its stack overflows\n", key);
    if (!start_partners(key, overflow_stack, false))
        printk("'%c': CPU1 did not answer\n", key);
}

static DEFINE_PER_CPU(unsigned long, selftest_counter);

static void do_offline_percpu_key(unsigned char key)
{
    unsigned int cpu = 1;

    while (cpu < NR_CPUS && cpu_online(cpu))
        cpu++;
    if (cpu == NR_CPUS)
        return;
    this_cpu(selftest_counter) = 0x5e1f;
    printk("'%c' pressed -> reading per_cpu() of CPU%u, which is not up\n", key, cpu);
    printk("per_cpu() of CPU%u read %#lx (CPU0's is %#lx): aliased, not caught\n", cpu,
           *(volatile unsigned long *)&per_cpu(selftest_counter, cpu),
           this_cpu(selftest_counter));
}

void crash_keyhandler_init(void)
{
    register_keyhandler('C', do_crash_key, "trigger a crash (fatal page fault)");
    register_keyhandler('W', do_wedge_key,
                        "self-test: CPU1 wedges holding the console/trace locks, CPU0 panics");
    register_keyhandler('J', do_joint_panic_key, "self-test: every CPU panics at once");
    register_keyhandler('S', do_stack_overflow_key,
                        "self-test: overflow the stack of CPU1 (CPU0 if alone)");
    register_keyhandler('X', do_offline_percpu_key,
                        "self-test: per_cpu() of a CPU that is not up (must fault)");
}

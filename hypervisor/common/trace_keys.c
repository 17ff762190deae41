/* Debug keys of the trace channel: 'T' writes the buffered records out now
 * (Xen's 'T' dumps its debugtrace buffer), 'p'/'P' print and reset the
 * event counters (as Xen's perf counters keys), 'B' measures what a record
 * costs by writing a burst of them (class bench; make bench reads its
 * report line). */
#include <xen/trace.h>
#include <xen/lib.h>
#include <xen/time.h>
#include <xen/keyhandler.h>
#include <xen/timer.h>
#include <asm/processor.h>
#include <asm/smp.h>

static void do_trace_flush(unsigned char key)
{
    unsigned int cpu;

    printk("'%c' pressed -> writing out trace buffers\n", key);
    trace_flush();
    for_each_online_cpu(cpu) {
        uint64_t written, lost, bytes;

        trace_buf_stats(cpu, &written, &lost, &bytes);
        printk("CPU%02u: %llu records buffered, %llu lost, %llu bytes waiting\n", cpu,
               (unsigned long long)written, (unsigned long long)lost,
               (unsigned long long)bytes);
    }
}

static void print_counters(unsigned char key)
{
    printk("'%c' pressed -> trace event counters (all CPUs)\n", key);
    for (int c = 0; c < TRC_NR_CLASSES; c++) {
        uint64_t records = 0;
        unsigned int cpu;

        for_each_online_cpu(cpu)
            records += per_cpu(trace_counters, cpu).records[c];
        printk("%-6s trace_calls=%llu%s\n", trace_class_name(c), (unsigned long long)records,
               trace_enabled(c) ? "" : " (class not traced)");
        for (unsigned int i = 0; i < TRC_COUNT_SLOTS; i++) {
            uint64_t n = trace_count_total(c, i);

            if (n)
                printk("  %s[%u]=%llu\n", trace_class_name(c), i, (unsigned long long)n);
        }
    }
}

static void reset_counters(unsigned char key)
{
    unsigned int cpu;

    printk("'%c' pressed -> resetting trace event counters\n", key);
    for_each_online_cpu(cpu)
        memset(&per_cpu(trace_counters, cpu), 0, sizeof(struct trace_counters));
}

/* What an event costs the CPU it happens on, as the VM-exit path will pay
 * it: one trace_count() and one trace() call, class bench selected by
 * trace= or not. Three runs, driven from CPU1: a burst that fits in CPU1's
 * ring (the cost while CPU0 writes out in the background), a long one on CPU1 (bound by
 * the port once the ring is full, or losing records with trace_full=drop),
 * and one on every CPU at once (rings fill together, flushes contend, four
 * streams are merged in order). */
struct burst {
    struct timer timer;
    unsigned int records;
    s_time_t ns;
    uint64_t flush_ns;
    volatile int done;
};
static struct burst bursts[NR_CPUS];

static void burst_run(void *data)
{
    struct burst *b = data;
    struct trace_counters *tc = &this_cpu(trace_counters);
    uint64_t flush0 = tc->flush_ns;
    s_time_t t0 = NOW();

    for (unsigned int i = 0; i < b->records; i++) {
        trace_count(TRC_BENCH, i % 16);
        trace(TRC_BENCH, "burst", "i=%u", i);
    }
    b->ns = NOW() - t0;
    b->flush_ns = tc->flush_ns - flush0;
    __atomic_store_n(&b->done, 1, __ATOMIC_RELEASE);
}

/* Runs a burst of n records on each CPU of the list (this one inline, the
 * others from a timer) and waits; false if one did not finish. */
static bool burst_on(const unsigned int *cpus, unsigned int nr, unsigned int n)
{
    unsigned int self = smp_processor_id();
    s_time_t deadline;
    bool ok = true;

    for (unsigned int i = 0; i < nr; i++) {
        struct burst *b = &bursts[cpus[i]];

        *b = (struct burst){ .records = n };
        if (cpus[i] != self) {
            init_timer(&b->timer, burst_run, b, cpus[i]);
            set_timer(&b->timer, NOW());
        }
    }
    for (unsigned int i = 0; i < nr; i++)
        if (cpus[i] == self)
            burst_run(&bursts[self]);
    deadline = NOW() + SECONDS(120);
    for (unsigned int i = 0; i < nr; i++) {
        struct burst *b = &bursts[cpus[i]];

        while (!__atomic_load_n(&b->done, __ATOMIC_ACQUIRE) && NOW() < deadline)
            cpu_relax();
        if (cpus[i] != self)
            kill_timer(&b->timer);
        if (!b->done) {
            printk("trace burst: CPU%u did not finish\n", cpus[i]);
            ok = false;
        }
    }
    return ok;
}

static uint64_t lost_total(void)
{
    uint64_t written, lost, bytes, sum = 0;
    unsigned int cpu;

    for_each_online_cpu(cpu) {
        trace_buf_stats(cpu, &written, &lost, &bytes);
        sum += lost;
    }
    return sum;
}

#define BURST_SHORT 500         /* ~30 KiB of records: fits in a ring */
#define BURST_LONG  10000
#define BURST_EACH  2500

/* Runs on CPU1, so that CPU0 stays free to write out in the background as
 * it will while guests run on the other CPUs. */
static struct timer burst_ctl;
static volatile int burst_busy;

static void burst_sequence(void *unused)
{
    static const unsigned int cpu1[] = { 1 }, all[] = { 0, 1, 2, 3 };
    const char *what = trace_enabled(TRC_BENCH) ? "traced" : "not traced";
    struct burst *b = &bursts[1];
    uint64_t lost0;
    s_time_t t0;

    (void)unused;
    trace_flush();
    if (!burst_on(cpu1, 1, BURST_SHORT))
        goto out;
    printk("trace burst: buffered: %u records on CPU1, %lld ns per event (bench %s)\n",
           BURST_SHORT, (long long)b->ns / BURST_SHORT, what);
    lost0 = lost_total();
    if (!burst_on(cpu1, 1, BURST_LONG))
        goto out;
    printk("trace burst: sustained: %u records on CPU1, %lld ns per event, %lld of them "
           "writing full buffers out, %llu lost (bench %s)\n", BURST_LONG,
           (long long)b->ns / BURST_LONG, (long long)b->flush_ns / BURST_LONG,
           (unsigned long long)(lost_total() - lost0), what);
    trace_flush();
    lost0 = lost_total();
    t0 = NOW();
    if (!burst_on(all, 4, BURST_EACH))
        goto out;
    trace_flush();
    printk("trace burst: 4 CPUs x %u records written out in %lld ms, %llu lost (bench %s)\n",
           BURST_EACH, (long long)(NOW() - t0) / 1000000,
           (unsigned long long)(lost_total() - lost0), what);
out:
    __atomic_store_n(&burst_busy, 0, __ATOMIC_RELEASE);
}

static void trace_burst(unsigned char key)
{
    printk("'%c' pressed -> trace burst (class bench %s)\n", key,
           trace_enabled(TRC_BENCH) ? "traced" : "not traced");
    if (num_online_cpus < 4) {
        printk("trace burst: SKIP: needs 4 CPUs, %u online\n", num_online_cpus);
        return;
    }
    if (__atomic_exchange_n(&burst_busy, 1, __ATOMIC_ACQUIRE)) {
        printk("trace burst: one is running already\n");
        return;
    }
    init_timer(&burst_ctl, burst_sequence, NULL, 1);
    set_timer(&burst_ctl, NOW());
}

void trace_keyhandler_init(void)
{
    register_keyhandler('T', do_trace_flush, "write out trace buffers");
    register_keyhandler('p', print_counters, "print trace event counters");
    register_keyhandler('P', reset_counters, "reset trace event counters");
    register_keyhandler('B', trace_burst, "trace burst: measure the cost of a record");
}

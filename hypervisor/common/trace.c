/* Trace channel output: records (common/trace_format.c) written to the
 * isa-debugcon port; trace= chooses the classes.
 *
 * Until trace_init_postirq() each record goes straight out under the flush
 * lock, as early boot needs. From then on trace() formats only the
 * key=value text and copies it, with the record's fields, into this CPU's
 * ring (trace_buffer.c); a flush merges every CPU's ring in sequence order,
 * formats the records and writes them out, so the port (one QEMU exit per
 * byte) is out of the traced code's path. Once the machine stops
 * (panic_in_progress: set before the other CPUs are sent the stop NMI),
 * records are written at once and no lock is taken: a stopped CPU may hold
 * the flush lock forever, as in Xen's console sync mode.
 * trace() must not be called with a timer queue lock held (it may arm the
 * flush timer). */
#include <xen/trace.h>
#include <xen/lib.h>
#include <xen/time.h>
#include <xen/timer.h>
#include <asm/spinlock.h>
#include <asm/smp.h>
#include <asm/regs.h>
#include <xen/console.h>
#include <asm/processor.h>

#define TRACE_FLUSH_PERIOD MILLISECS(10)
#define TRACE_FLUSH_BATCH  4096         /* bytes per periodic flush (~20-40 ms) */
#define TRACE_FLUSH_GAP    MICROSECS(200)   /* between batches: past TIMER_SLOP */

uint32_t trace_mask = TRC_MASK_DEFAULT;
bool trace_full_drop;                       /* trace_full=drop */
DEFINE_PER_CPU(struct trace_counters, trace_counters);
static DEFINE_PER_CPU(struct trace_buf, trace_buf);
static uint64_t trace_seq;                  /* last sequence number given */
static bool buffered;                       /* trace_init_postirq() ran */

/* Exported: the 'W' self-test (arch/x86/crash.c) holds it forever. */
DEFINE_SPINLOCK(trace_lock);
static volatile int flush_owner = -1;       /* CPU holding trace_lock */
static struct timer flush_timer;

static void emit(const char *s, size_t n)
{
    asm volatile("rep outsb" : "+S"(s), "+c"(n) : "d"(TRACE_PORT) : "memory");
}

static unsigned int online_bufs(struct trace_buf **bufs)
{
    unsigned int cpu, n = 0;

    for_each_online_cpu(cpu)
        bufs[n++] = &per_cpu(trace_buf, cpu);
    return n;
}

/* Writes buffered records numbered <= limit, oldest first. A record is
 * dropped from its ring only once written: a flush cut short by a stop
 * NMI leaves it there for the CPU that takes over. */
static bool flush_records(uint64_t limit, size_t budget)
{
    static struct trace_buf *bufs[NR_CPUS];
    static char kv[TRC_KV_MAX], rec[TRC_RECORD_MAX];
    unsigned int n = online_bufs(bufs);
    struct trace_entry e;
    size_t len;
    int i;

    while ((i = trace_merge_next(bufs, n, limit)) >= 0) {
        if (!budget)
            return true;                    /* more to write */
        trace_buf_read(bufs[i], &e, kv, sizeof(kv));
        len = trace_format(rec, sizeof(rec), e.seq, e.ns, e.cpu, e.cls, e.event, kv);
        emit(rec, len);
        trace_buf_consume(bufs[i]);
        budget -= MIN(budget, len);
    }
    return false;
}

static uint64_t flush_limit_now(void)
{
    static struct trace_buf *bufs[NR_CPUS];

    return trace_flush_limit(bufs, online_bufs(bufs), &trace_seq);
}

/* The machine is stopping: everything out, no lock. If a stopped CPU was
 * writing a record, end its line first so the next record is whole. */
static void flush_stopping(void)
{
    static bool took_over;

    if (!took_over && trace_lock.locked)
        emit("\n", 1);
    took_over = true;
    flush_records(UINT64_MAX, SIZE_MAX);
}

static bool stopping(void)
{
    return panic_in_progress || console_locks_busted;
}

/* Takes trace_lock unless this CPU holds it (a record traced by an
 * interrupt during its own flush) or the machine started stopping. */
static bool flush_lock_acquire(void)
{
    unsigned int self = smp_processor_id();

    if (flush_owner == (int)self)
        return false;
    while (!spin_trylock(&trace_lock)) {
        if (stopping())
            return false;
        cpu_relax();
    }
    flush_owner = (int)self;
    return true;
}

static void flush_lock_release(void)
{
    flush_owner = -1;
    spin_unlock(&trace_lock);
}

/* Writes out records up to budget bytes; true if more were left. */
static bool flush_some(size_t budget)
{
    unsigned long flags;
    bool more;

    if (stopping()) {
        flags = local_irq_save();
        flush_stopping();
        local_irq_restore(flags);
        return false;
    }
    if (!flush_lock_acquire())
        return false;
    more = flush_records(flush_limit_now(), budget);
    flush_lock_release();
    return more;
}

void trace_flush(void)
{
    flush_some(SIZE_MAX);
}

/* This CPU's ring has no room for kv_len: write every ring out now, again
 * while another CPU's record in flight holds ours back. Done before the
 * record takes its number, so a CPU waiting here holds back no one. Gives
 * up if this CPU cannot flush (it is flushing already, below us on its
 * stack, or the machine is stopping). */
static void make_room(struct trace_buf *tb, size_t kv_len)
{
    s_time_t t0 = NOW();

    while (!trace_buf_has_room(tb, kv_len) && flush_lock_acquire()) {
        flush_records(flush_limit_now(), SIZE_MAX);
        flush_lock_release();
    }
    this_cpu(trace_counters).flush_ns += (uint64_t)(NOW() - t0);
}

void trace(enum trace_class c, const char *event, const char *fmt, ...)
{
    char kv[TRC_KV_MAX];
    struct trace_entry e = { .event = event, .cls = c };
    struct trace_buf *tb;
    unsigned long flags;
    va_list ap;
    size_t used;
    int n;

    /* A CPU that is not up (one parked after a late start) has no per-CPU
     * area to count in: per_cpu() of it faults on purpose. */
    if (cpu_online(smp_processor_id()))
        this_cpu(trace_counters).records[c]++;
    if (!trace_enabled(c))
        return;
    va_start(ap, fmt);
    n = vsnprintf(kv, sizeof(kv), fmt, ap);
    va_end(ap);
    e.kv_len = (uint16_t)MIN((size_t)(n < 0 ? 0 : n), sizeof(kv) - 1);
    flags = local_irq_save();
    e.cpu = (uint16_t)smp_processor_id();
    tb = &per_cpu(trace_buf, e.cpu);
    /* A CPU that is not online (one parked after a late start) has no
     * flusher looking at its ring: it writes out directly, after what the
     * online CPUs buffered so far. */
    if (stopping() || !buffered || !cpu_online(e.cpu)) {
        bool locked = !stopping() && flush_lock_acquire();
        char rec[TRC_RECORD_MAX];

        if (stopping())
            flush_stopping();
        else if (buffered && locked)
            flush_records(flush_limit_now(), SIZE_MAX);
        e.seq = __atomic_add_fetch(&trace_seq, 1, __ATOMIC_SEQ_CST);
        emit(rec, trace_format(rec, sizeof(rec), e.seq, NOW(), e.cpu, c, event, kv));
        if (locked)
            flush_lock_release();
        local_irq_restore(flags);
        return;
    }
    if (!trace_buf_has_room(tb, e.kv_len) && !trace_full_drop)
        make_room(tb, e.kv_len);
    used = trace_buf_used(tb);
    /* Still full with trace_full=drop, or after an interrupt during this
     * CPU's own flush: dropped, its number left unused (a gap). */
    e.ns = NOW();
    trace_buf_add(tb, &trace_seq, &e, kv);
    /* Half full: have CPU0 write out in the background now, before this
     * CPU has to do it itself. power records go out at once: the machine
     * may be about to go (a panic waits 5 s before it reboots). */
    if (used < TRACE_BUF_SIZE / 2 && trace_buf_used(tb) >= TRACE_BUF_SIZE / 2)
        set_timer(&flush_timer, NOW());
    if (c == TRC_POWER)
        trace_flush();
    local_irq_restore(flags);
}

uint64_t trace_count_total(enum trace_class c, unsigned int idx)
{
    unsigned int cpu;
    uint64_t sum = 0;

    for_each_online_cpu(cpu)
        sum += per_cpu(trace_counters, cpu).events[c][trace_count_slot(idx)];
    return sum;
}

/* Per-CPU record statistics for debug key 'T'. */
void trace_buf_stats(unsigned int cpu, uint64_t *written, uint64_t *lost, uint64_t *bytes)
{
    struct trace_buf *tb = &per_cpu(trace_buf, cpu);

    *written = tb->written;
    *lost = tb->lost;
    *bytes = __atomic_load_n(&tb->head, __ATOMIC_ACQUIRE) - tb->tail;
}

/* CPU0 writes out in batches: the port takes microseconds per byte under
 * TCG, and CPU0's other timers and softirqs (console input, scheduling)
 * must get their turn between batches. */
static void flush_timer_fn(void *unused)
{
    (void)unused;
    set_timer(&flush_timer, NOW() + (flush_some(TRACE_FLUSH_BATCH) ? TRACE_FLUSH_GAP
                                                                   : TRACE_FLUSH_PERIOD));
}

void trace_init_postirq(void)
{
    init_timer(&flush_timer, flush_timer_fn, NULL, 0);
    set_timer(&flush_timer, NOW() + TRACE_FLUSH_PERIOD);
    buffered = true;
    trace_keyhandler_init();
}

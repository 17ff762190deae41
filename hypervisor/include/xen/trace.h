/* The trace channel: typed, one-line ASCII records (docs/trace-format.md),
 * and event counters that are always on.
 *
 * Cost model. Events that happen millions of times (VM exits, hypercalls)
 * call trace_count() always: one unlocked increment of this CPU's counter,
 * no lock, no shared cache line. They call trace() too; when the class is
 * not selected by trace= that is a counter and a mask test. When it is,
 * the key=value text is formatted and copied with the record's fields into
 * this CPU's buffer (common/trace.c); the buffers go out to the debug port
 * in batches, merged by sequence number, from a periodic timer on CPU0,
 * when a buffer fills up (trace_full=), by debug key 'T', and when the
 * machine stops (power-off, reboot, panic). */
#ifndef XEN_TRACE_H
#define XEN_TRACE_H
#include <xen/types.h>

enum trace_class {
    TRC_BOOT,       /* boot phases */
    TRC_HCALL,      /* hypercalls (dispatched in common/hypercall.c) */
    TRC_VMEXIT,     /* VM exits by reason */
    TRC_SCHED,      /* scheduling decisions */
    TRC_IRQ,        /* interrupts and IPIs */
    TRC_KEY,        /* debug keys pressed */
    TRC_POWER,      /* power off / reboot */
    TRC_GCOV,       /* coverage counters (coverage build only) */
    TRC_BENCH,      /* debug key 'B': records written to measure the cost */
    TRC_DOM,        /* domain lifecycle: create, start, shutdown, destroy */
    TRC_NR_CLASSES
};

#define TRC_MASK_ALL ((1u << TRC_NR_CLASSES) - 1)
/* Default when no trace= is given: everything but the bulky per-event classes. */
#define TRC_MASK_DEFAULT ((1u << TRC_BOOT) | (1u << TRC_KEY) | (1u << TRC_POWER) | \
                          (1u << TRC_GCOV) | (1u << TRC_DOM))

const char *trace_class_name(enum trace_class c);
/* "all", "none", or a comma list of class names; 0 on success. */
int trace_parse_classes(const char *s, uint32_t *mask);
/* trace_full=wait|drop: what a CPU does when its ring is full; 0 on success. */
int trace_parse_full(const char *s, bool *drop);
/* Formats "<seq> <ns> <cpu> <class> <event>[ <kv>]\n"; returns its length
 * (truncated records still end in '\n'); the output is printable ASCII. */
size_t trace_format(char *buf, size_t size, uint64_t seq, s_time_t ns,
                    unsigned int cpu, enum trace_class c, const char *event,
                    const char *kv);

/* ---- Event counters ----
 * Per CPU, per class, per event index: trace_count(TRC_HCALL, nr) for each
 * hypercall, trace_count(TRC_VMEXIT, slot) for each VM exit (the SVM code
 * folds its sparse exit codes, 0x00-0xa5 and 0x400-0x403, into slots below
 * TRC_COUNT_SLOTS; trace_count_slot() sends anything larger to the last
 * slot, "other"). Totals are the sum over CPUs (trace_count_total()); debug
 * key 'p' prints them, 'P' resets them. This is the machine-wide view.
 * Counts per domain are the caller's, at the same call site and with the
 * same slots: kept per vCPU (a vCPU runs on one CPU at a time, so a plain
 * increment is exact, as here) and summed over the domain's vCPUs when
 * shown, e.g. uint64_t vmexit_count[TRC_COUNT_SLOTS] in struct vcpu. */
#define TRC_COUNT_SLOTS 256
#define TRC_RECORD_MAX  512     /* longest record, '\n' included */

struct trace_counters {
    uint64_t records[TRC_NR_CLASSES];           /* trace() calls, selected or not */
    uint64_t events[TRC_NR_CLASSES][TRC_COUNT_SLOTS];   /* trace_count() */
    uint64_t flush_ns;          /* time trace() spent writing out full rings */
};

static inline unsigned int trace_count_slot(unsigned int idx)
{
    return idx < TRC_COUNT_SLOTS ? idx : TRC_COUNT_SLOTS - 1;
}

/* ---- Per-CPU record buffer (common/trace_buffer.c, pure) ----
 * A ring with one producer (its CPU, interrupts off) and one consumer at a
 * time (whoever holds the flush lock). An entry is a record before it
 * becomes text: the fields in binary and the key=value text, so that the
 * event pays for a copy and the flusher for the formatting. `pending` is
 * set while the CPU writes an entry: a lower bound on its sequence number,
 * so that a flush never writes a later record before it. */
#define TRACE_BUF_SIZE (64 * 1024)              /* a power of two */
#define TRC_KV_MAX 384                          /* key=value text, NUL included */

struct trace_entry {
    uint64_t seq;
    s_time_t ns;
    const char *event;          /* a string that lives forever (a literal) */
    uint16_t cpu;
    uint8_t cls;                /* enum trace_class */
    uint16_t kv_len;            /* bytes of key=value text that follow */
};

struct trace_buf {
    uint64_t head;                  /* bytes ever committed (producer) */
    uint64_t tail;                  /* bytes ever consumed (flusher) */
    uint64_t pending;               /* see above; 0: no record in flight */
    uint64_t written, lost;         /* records buffered / dropped */
    char data[TRACE_BUF_SIZE];
};

/* Bytes in use, and whether an entry with kv_len bytes of text fits. */
size_t trace_buf_used(const struct trace_buf *b);
bool trace_buf_has_room(const struct trace_buf *b, size_t kv_len);
/* Appends one entry (e->kv_len bytes of kv); false, nothing written, if it
 * does not fit. */
bool trace_buf_put(struct trace_buf *b, const struct trace_entry *e, const char *kv);
/* The oldest committed entry's sequence number; false if none. */
bool trace_buf_peek(const struct trace_buf *b, uint64_t *seq);
/* Copies the oldest entry and its text (NUL-terminated, cut to kv_size);
 * false if none. */
bool trace_buf_read(const struct trace_buf *b, struct trace_entry *e, char *kv,
                    size_t kv_size);
void trace_buf_consume(struct trace_buf *b);   /* drops the oldest entry */
/* The producer's side (interrupts off): takes the next number from
 * *seq_counter and appends the entry, with pending announced around it.
 * Without room the entry is dropped but still takes its number (a gap) and
 * counts as lost; returns whether it was kept. */
bool trace_buf_add(struct trace_buf *b, uint64_t *seq_counter, struct trace_entry *e,
                   const char *kv);
#ifdef HOST_TEST
/* Called between taking the number and committing: tests widen the window. */
extern void (*trace_buf_add_window)(void);
#endif
/* The flusher's side: the highest sequence number it may write now, below
 * every record still being written (pending) and not beyond the last
 * number given by *seq_counter. */
uint64_t trace_flush_limit(struct trace_buf *const *bufs, unsigned int n,
                           const uint64_t *seq_counter);
/* Which buffer holds the next record in sequence order, if its number is
 * <= limit; -1 if none. */
int trace_merge_next(struct trace_buf *const *bufs, unsigned int n, uint64_t limit);

#ifndef HOST_TEST
#include <asm/smp.h>
#include <asm/spinlock.h>
#define TRACE_PORT 0xe9     /* QEMU isa-debugcon, as Xen's debug port */
extern uint32_t trace_mask;
/* A CPU whose ring is full writes out every ring itself (false: the
 * default, nothing lost) or drops the record (true: the event's cost stays
 * a copy; the CPU0 flusher catches up; numbers skipped show the loss). */
extern bool trace_full_drop;
extern spinlock_t trace_lock;       /* the flush lock; the 'W' self-test holds it */
DECLARE_PER_CPU(struct trace_counters, trace_counters);

/* Counts the call, and records it if class c is selected. event must be a
 * string that lives forever (a literal): it is read when the record is
 * written out. Not from NMI context, nor with a timer queue lock held. */
void trace(enum trace_class c, const char *event, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static inline bool trace_enabled(enum trace_class c)
{
    return trace_mask & (1u << c);
}
/* One increment of this CPU's counter: a single instruction, so an
 * interrupt on this CPU counting the same event cannot lose one. */
static inline void trace_count(enum trace_class c, unsigned int idx)
{
    uint64_t *n = &this_cpu(trace_counters).events[c][trace_count_slot(idx)];

    asm volatile("incq %0" : "+m"(*n));
}
uint64_t trace_count_total(enum trace_class c, unsigned int idx);
/* Writes every CPU's buffered records out now (in sequence order). */
void trace_flush(void);
/* Switches to buffered records: starts the periodic flush on CPU0 and the
 * debug keys (once interrupts are on; records before go out directly). */
void trace_init_postirq(void);
/* One CPU's records buffered so far, dropped, and bytes waiting. */
void trace_buf_stats(unsigned int cpu, uint64_t *written, uint64_t *lost, uint64_t *bytes);
/* Debug keys 'T', 'p', 'P', 'B' (common/trace_keys.c). */
void trace_keyhandler_init(void);
#endif

#endif

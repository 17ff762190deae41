/* The trace channel: typed, one-line ASCII records (docs/trace-format.md). */
#ifndef XEN_TRACE_H
#define XEN_TRACE_H
#include <xen/types.h>
#ifndef HOST_TEST
#include <asm/spinlock.h>
#endif

enum trace_class {
    TRC_BOOT,       /* boot phases */
    TRC_HCALL,      /* hypercalls (dispatched in common/hypercall.c) */
    TRC_VMEXIT,     /* VM exits by reason */
    TRC_SCHED,      /* scheduling decisions */
    TRC_IRQ,        /* interrupts and IPIs */
    TRC_KEY,        /* debug keys pressed */
    TRC_POWER,      /* power off / reboot */
    TRC_GCOV,       /* coverage counters (coverage build only) */
    TRC_DOM,        /* domain lifecycle: create, shutdown, destroy */
    TRC_NR_CLASSES
};

#define TRC_MASK_ALL ((1u << TRC_NR_CLASSES) - 1)
/* Default when no trace= is given: everything but the bulky per-event classes. */
#define TRC_MASK_DEFAULT ((1u << TRC_BOOT) | (1u << TRC_KEY) | (1u << TRC_POWER) | \
                          (1u << TRC_GCOV) | (1u << TRC_DOM))

const char *trace_class_name(enum trace_class c);
/* "all", "none", or a comma list of class names; 0 on success. */
int trace_parse_classes(const char *s, uint32_t *mask);
/* Formats "<seq> <ns> <cpu> <class> <event>[ <kv>]\n"; returns its length
 * (truncated records still end in '\n'); the output is printable ASCII. */
size_t trace_format(char *buf, size_t size, uint64_t seq, s_time_t ns,
                    unsigned int cpu, enum trace_class c, const char *event,
                    const char *kv);

#ifndef HOST_TEST
#define TRACE_PORT 0xe9     /* QEMU isa-debugcon, as Xen's debug port */
extern uint32_t trace_mask;
extern spinlock_t trace_lock;       /* trace()'s; exported for the 'W' self-test */
void trace(enum trace_class c, const char *event, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static inline bool trace_enabled(enum trace_class c)
{
    return trace_mask & (1u << c);
}
#endif

#endif

/* Trace channel output: records (common/trace_format.c) written to the
 * isa-debugcon port; trace= chooses the classes. */
#include <xen/trace.h>
#include <xen/lib.h>
#include <xen/time.h>
#include <asm/spinlock.h>
#include <asm/smp.h>
#include <xen/console.h>

uint32_t trace_mask = TRC_MASK_DEFAULT;
DEFINE_SPINLOCK(trace_lock);
static uint64_t trace_seq;

static void emit(const char *s, size_t n)
{
    asm volatile("rep outsb" : "+S"(s), "+c"(n) : "d"(TRACE_PORT) : "memory");
}

void trace(enum trace_class c, const char *event, const char *fmt, ...)
{
    char kv[384], rec[512];
    unsigned long flags;
    bool locked;
    va_list ap;
    size_t n;

    if (!trace_enabled(c))
        return;
    va_start(ap, fmt);
    vsnprintf(kv, sizeof(kv), fmt, ap);
    va_end(ap);
    /* Once the machine is stopping, a stopped CPU may hold the lock. */
    locked = !console_locks_busted;
    flags = local_irq_save();
    if (locked)
        spin_lock(&trace_lock);
    n = trace_format(rec, sizeof(rec), ++trace_seq, NOW(), smp_processor_id(), c,
                     event, kv);
    emit(rec, n);
    if (locked)
        spin_unlock(&trace_lock);
    local_irq_restore(flags);
}

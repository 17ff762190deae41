/* Softirq bookkeeping: a pending bitmask per CPU; raising one on another
 * CPU kicks it with an event-check IPI so it leaves hlt. */
#include <xen/softirq.h>
#include <xen/lib.h>
#include <asm/smp.h>
#include <asm/apic.h>
#include <asm/regs.h>

static softirq_handler handlers[NR_SOFTIRQS];
static DEFINE_PER_CPU(unsigned long, softirq_mask);

void open_softirq(int nr, softirq_handler h)
{
    handlers[nr] = h;
}

void raise_softirq(unsigned int nr)
{
    __atomic_fetch_or(&this_cpu(softirq_mask), 1UL << nr, __ATOMIC_SEQ_CST);
}

void cpu_raise_softirq(unsigned int cpu, unsigned int nr)
{
    __atomic_fetch_or(&per_cpu(softirq_mask, cpu), 1UL << nr, __ATOMIC_SEQ_CST);
    if (cpu != smp_processor_id())
        send_IPI(cpu_info[cpu].apic_id, APIC_DM_FIXED | EVENT_CHECK_VECTOR);
}

bool softirq_pending(unsigned int cpu)
{
    return __atomic_load_n(&per_cpu(softirq_mask, cpu), __ATOMIC_SEQ_CST) != 0;
}

/* One softirq at a time, lowest first, clearing only its bit: a handler
 * may not return (the scheduler jumps to another vCPU on a fresh stack),
 * and what is still pending must survive that. */
void do_softirq(void)
{
    unsigned long *mask = &this_cpu(softirq_mask);
    unsigned long pending;

    while ((pending = __atomic_load_n(mask, __ATOMIC_SEQ_CST))) {
        unsigned int nr = (unsigned int)__builtin_ctzl(pending);

        __atomic_fetch_and(mask, ~(1UL << nr), __ATOMIC_SEQ_CST);
        if (nr < NR_SOFTIRQS && handlers[nr])
            handlers[nr]();
    }
}

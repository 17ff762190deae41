/* Softirqs: deferred work run by each CPU outside interrupt context, in its
 * idle loop (and, later, on the way back to a guest). */
#ifndef XEN_SOFTIRQ_H
#define XEN_SOFTIRQ_H
#include <xen/types.h>

/* SCHEDULE_SOFTIRQ stays last: it may switch stacks, and lower ones run first. */
enum { TIMER_SOFTIRQ, VCPU_KICK_SOFTIRQ, SCHEDULE_SOFTIRQ, NR_SOFTIRQS };

typedef void (*softirq_handler)(void);
void open_softirq(int nr, softirq_handler h);
void raise_softirq(unsigned int nr);                /* this CPU */
void cpu_raise_softirq(unsigned int cpu, unsigned int nr);
bool softirq_pending(unsigned int cpu);
void do_softirq(void);

#endif

/* A vCPU's timers (public/vcpu.h VCPUOP_*_timer, the legacy set_timer_op):
 * a single-shot and a periodic timer whose expiry raises VIRQ_TIMER on the
 * vCPU (send_timer_event), and SCHEDOP_poll's timeout. They run on the
 * vCPU's pCPU, follow it when it moves and die with it. The rules for the
 * guest's arguments are pure and host-tested (common/vcpu_timer_rules.c),
 * with Xen 4.17's semantics (common/domain.c, common/sched/core.c there). */
#ifndef XEN_VCPU_TIMER_H
#define XEN_VCPU_TIMER_H
#include <xen/types.h>

/* Xen 4.17's bounds for VCPUOP_set_periodic_timer: at least 1 ms, at most
 * STIME_DELTA_MAX (2^62 - 1 ns); otherwise -EINVAL. */
#define VCPU_PERIODIC_MIN_NS   MILLISECS(1)
#define STIME_DELTA_MAX        ((s_time_t)(~0ULL >> 2))

/* VCPUOP_set_singleshot_timer as the reference stack (Xen 4.17.3 and
 * later, commit "xen/vcpu: ignore VCPU_SSHOTTMR_future") answers it: the
 * flag is ignored (4.17.0 gave -ETIME for a past deadline with it), and a
 * deadline already past (compared unsigned, as Xen's C does) raises the
 * event at once instead of arming the timer. True: the deadline is past. */
bool singleshot_expired(uint64_t timeout_abs_ns, s_time_t now);
/* VCPUOP_set_periodic_timer: 0 or -XEN_EINVAL. */
int periodic_check(uint64_t period_ns);
/* set_timer_op(timeout): 0 means "stop the single-shot timer"; a deadline
 * wrapped negative or more than 2^50 ns (~13 days) ahead is Linux's jiffy
 * wrap and becomes now + 100 ms, as Xen does; else the deadline itself. */
s_time_t set_timer_op_deadline(s_time_t timeout, s_time_t now);
/* The periodic timer's next expiry after last (Xen's catch-up rule: one
 * event, never a burst, and the period restarts from now). *fire tells
 * whether an event is due now; *last is advanced when it is. */
s_time_t periodic_next(s_time_t *last, s_time_t period, s_time_t now, bool *fire);

#ifndef HOST_TEST
struct vcpu;
/* common/vcpu_timer.c */
void vcpu_timers_init(struct vcpu *v);          /* on v->processor */
void vcpu_timers_kill(struct vcpu *v);
void vcpu_timers_migrate(struct vcpu *v, unsigned int cpu);
void vcpu_set_singleshot_timer(struct vcpu *v, s_time_t deadline);
void vcpu_stop_singleshot_timer(struct vcpu *v);
/* SCHEDOP_poll's timeout, by v itself (on its own pCPU). */
void vcpu_set_poll_timer(struct vcpu *v, s_time_t deadline);
/* VCPUOP_set_singleshot_timer for v itself: arms, or fires at once. */
void vcpu_singleshot_op(struct vcpu *v, uint64_t timeout_abs_ns);
void vcpu_set_periodic_timer(struct vcpu *v, s_time_t period);  /* 0: stop */
/* Re-arms the periodic timer on v's pCPU (when v is scheduled in). */
void vcpu_periodic_timer_work(struct vcpu *v);
long do_set_timer_op(s_time_t timeout);
/* VIRQ_TIMER to v (Xen's send_timer_event), waking it if it blocks. */
void send_timer_event(struct vcpu *v);
#endif

#endif

/* The rules for a vCPU's timer arguments, as Xen 4.17 applies them
 * (common/domain.c: VCPUOP_set_singleshot_timer as of 4.17.3, set_periodic_timer;
 * common/sched/core.c: do_set_timer_op, vcpu_periodic_timer_work). Pure:
 * host-tested (tests/test_vcpu_timer.c). */
#include <xen/vcpu_timer.h>
#include <public/xen.h>
#include <public/vcpu.h>
#include <public/errno.h>

bool singleshot_expired(uint64_t timeout_abs_ns, s_time_t now)
{
    /* A uint64_t against an s_time_t: unsigned, so a "negative" deadline
     * is far in the future and is armed. */
    return timeout_abs_ns < (uint64_t)now;
}

int periodic_check(uint64_t period_ns)
{
    if (period_ns < (uint64_t)VCPU_PERIODIC_MIN_NS || period_ns > (uint64_t)STIME_DELTA_MAX)
        return -XEN_EINVAL;
    return 0;
}

s_time_t set_timer_op_deadline(s_time_t timeout, s_time_t now)
{
    s_time_t offset = timeout - now;

    if (timeout == 0)
        return 0;
    if (timeout < 0 || (offset > 0 && (uint32_t)(offset >> 50) != 0))
        return now + MILLISECS(100);
    return timeout;
}

s_time_t periodic_next(s_time_t *last, s_time_t period, s_time_t now, bool *fire)
{
    s_time_t next = *last + period;

    *fire = now >= next;
    if (*fire) {
        *last = now;
        next = now + period;
    }
    return next;
}

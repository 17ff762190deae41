/* The (mul, shift) arithmetic of pvclock and of NOW(), as Xen's
 * set_time_scale/scale_delta define it (public/xen.h, vcpu_time_info):
 * one representation, so that the guest's conversion of a TSC delta and
 * the hypervisor's NOW() give the same nanoseconds. Pure: host-tested
 * against exact rational arithmetic (tests/test_pvclock.c). */
#include <asm/pvclock.h>
#include <xen/string.h>

void set_time_scale(struct time_scale *ts, uint64_t ticks_per_sec)
{
    uint64_t tps = ticks_per_sec ? ticks_per_sec : 1;
    int shift = 0;

    /* Bring the rate into (1e9, 2e9] ticks/s, so that ns per tick, as a
     * 32-bit fraction, is in [0.5, 1): full precision in mul_frac. */
    while (tps > 2 * 1000000000ULL) {
        tps >>= 1;
        shift--;
    }
    while (tps <= 1000000000ULL) {
        tps <<= 1;
        shift++;
    }
    ts->mul_frac = (uint32_t)((1000000000ULL << 32) / tps);
    ts->shift = shift;
}

uint64_t scale_delta(uint64_t ticks, const struct time_scale *ts)
{
    if (ts->shift < 0)
        ticks >>= -ts->shift;
    else
        ticks <<= ts->shift;
    return (uint64_t)(((unsigned __int128)ticks * ts->mul_frac) >> 32);
}

void pvclock_fill(struct vcpu_time_info *t, uint64_t host_tsc, s_time_t stime,
                  uint64_t tsc_offset, const struct time_scale *ts, bool tsc_stable)
{
    t->pad0 = 0;
    t->tsc_timestamp = host_tsc + tsc_offset;   /* what RDTSC gives the guest */
    t->system_time = (uint64_t)stime;
    t->tsc_to_system_mul = ts->mul_frac;
    t->tsc_shift = (int8_t)ts->shift;
    t->flags = tsc_stable ? XEN_PVCLOCK_TSC_STABLE_BIT : 0;
    t->pad1[0] = t->pad1[1] = 0;
}

void pvclock_publish(struct vcpu_time_info *u, const struct vcpu_time_info *rec)
{
    uint32_t v = (u->version | 1) + 1;          /* the next even version */

    __atomic_store_n(&u->version, v - 1, __ATOMIC_RELEASE);     /* odd: updating */
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    u->tsc_timestamp = rec->tsc_timestamp;
    u->system_time = rec->system_time;
    u->tsc_to_system_mul = rec->tsc_to_system_mul;
    u->tsc_shift = rec->tsc_shift;
    u->flags = rec->flags;
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    __atomic_store_n(&u->version, v, __ATOMIC_RELEASE);         /* even: done */
}

bool pvclock_tsc_stable(const char *clocksource, uint32_t max_ext_leaf,
                        uint32_t ext7_edx, unsigned int family)
{
    return !strcmp(clocksource, "tsc") && max_ext_leaf >= 0x80000007 &&
           (ext7_edx & (1u << 8)) && family != 0x11;
}

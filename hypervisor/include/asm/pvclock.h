/* pvclock: the time a vCPU reads without a hypercall (public/xen.h, struct
 * vcpu_time_info in its vcpu_info). The guest computes
 *     ns = system_time + ((tsc - tsc_timestamp) << tsc_shift) * mul >> 32
 * (a right shift when tsc_shift is negative), so the hypervisor publishes
 * a (mul, shift) pair for its TSC rate and one (TSC, system time) stamp.
 * The arithmetic is pure and host-tested (arch/x86/time_scale.c). */
#ifndef ASM_PVCLOCK_H
#define ASM_PVCLOCK_H
#include <xen/types.h>
#include <public/xen.h>

/* ticks -> ns: ns = ((ticks << shift) * mul_frac) >> 32, Xen's time_scale. */
struct time_scale {
    int shift;
    uint32_t mul_frac;
};

/* The scale for a counter of ticks_per_sec (Xen's set_time_scale): mul_frac
 * in [2^31, 2^32) for the most precision, shift in [-32, 31]. */
void set_time_scale(struct time_scale *ts, uint64_t ticks_per_sec);
/* ticks converted to ns as the guest converts them (128-bit product). */
uint64_t scale_delta(uint64_t ticks, const struct time_scale *ts);

/* Xen 4.17's condition for XEN_PVCLOCK_TSC_STABLE_BIT: the TSC is the
 * clock source (clocksource=tsc) and reliable, i.e. invariant (CPUID
 * 0x80000007 EDX bit 8, given max_ext_leaf reaches it) on any family but
 * AMD's 0x11. */
bool pvclock_tsc_stable(const char *clocksource, uint32_t max_ext_leaf,
                        uint32_t ext7_edx, unsigned int family);

/* The record a vCPU gets: tsc_timestamp in the guest's TSC (host TSC plus
 * the VMCB's tsc_offset), system_time NOW() at host_tsc; version left to
 * the writer (pvclock_publish). */
void pvclock_fill(struct vcpu_time_info *t, uint64_t host_tsc, s_time_t stime,
                  uint64_t tsc_offset, const struct time_scale *ts, bool tsc_stable);
/* Copies rec into the guest-visible *u with Xen's protocol: version made
 * odd, fields, version even again (write barriers between), so a reader
 * that sees the same even version before and after has a consistent copy. */
void pvclock_publish(struct vcpu_time_info *u, const struct vcpu_time_info *rec);

#endif

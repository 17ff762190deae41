#ifndef XEN_TIME_H
#define XEN_TIME_H
#include <xen/types.h>

extern uint64_t cpu_khz;                /* TSC frequency, calibrated */
s_time_t NOW(void);                     /* ns since boot, from the TSC */
void init_tsc_calibration(void);        /* PIT-based; sets cpu_khz */
void udelay(unsigned long us);
void time_keyhandler_init(void);
/* clocksource=: "tsc" asks for the TSC as the guests' stable clock (Xen's
 * option; pvclock's TSC_STABLE bit, arch/x86/pvclock.c). */
extern char opt_clocksource[10];

struct vcpu;
struct domain;
struct time_scale;
/* The TSC -> ns scale of NOW() (and of every vCPU's pvclock). */
const struct time_scale *tsc_scale(void);
/* NOW() at a given TSC value (it may be before boot's: then negative). */
s_time_t tsc_to_stime(uint64_t tsc);
/* arch/x86/pvclock.c: a vCPU's vcpu_info.time (a fresh stamp), the same
 * when it is scheduled in on this pCPU (which also arms the pCPU's
 * per-second refresh), and each domain's wallclock in shared_info. */
void update_vcpu_system_time(struct vcpu *v);
void pvclock_schedule_in(struct vcpu *v);
void update_domain_wallclock_time(struct domain *d);
/* Unix time in ns at NOW() = 0, from the CMOS clock read at boot. */
void init_wallclock(void);
uint64_t wallclock_at_boot_ns(void);

#endif

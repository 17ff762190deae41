#ifndef XEN_TIME_H
#define XEN_TIME_H
#include <xen/types.h>

extern uint64_t cpu_khz;                /* TSC frequency, calibrated */
s_time_t NOW(void);                     /* ns since boot, from the TSC */
void init_tsc_calibration(void);        /* PIT-based; sets cpu_khz */
void udelay(unsigned long us);
void time_keyhandler_init(void);

#endif

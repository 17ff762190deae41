/* Xen's system time as a guest reads it from a vcpu_time_info record
 * (public/xen.h; Linux's pvclock): the record's system_time at its
 * tsc_timestamp, plus the TSC since then scaled by tsc_to_system_mul and
 * tsc_shift. */
#ifndef GUEST_PVCLOCK_H
#define GUEST_PVCLOCK_H

#include "types.h"
#include <xen/xen.h>

/* System time in ns now, from a consistent copy of *t (the same even
 * version before and after). *version and *tsc_out, when given, say which
 * record and which TSC the answer came from. 0 while Xen has published
 * nothing there (version 0). */
uint64_t pvclock_read(const volatile struct vcpu_time_info *t, uint32_t *version,
                      uint64_t *tsc_out);

#endif

#ifndef XEN_SHUTDOWN_H
#define XEN_SHUTDOWN_H
#include <xen/types.h>

extern bool opt_noreboot;
/* Both dump coverage data (coverage build) before the machine goes away. */
void machine_power_off(void) __attribute__((noreturn));
void machine_restart(void) __attribute__((noreturn));
/* After a panic: reboot unless noreboot, else halt. */
void machine_halt_or_reboot(void) __attribute__((noreturn));

#endif

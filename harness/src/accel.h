/* --accel auto: KVM only where it can run a hypervisor inside a guest. */
#ifndef HARNESS_ACCEL_H
#define HARNESS_ACCEL_H

/* Pure decision: cpuinfo is /proc/cpuinfo's text, nested_* the contents of
 * /sys/module/kvm_{intel,amd}/parameters/nested (NULL when absent). */
const char *accel_decide(const char *cpuinfo, const char *nested_intel, const char *nested_amd);
/* Reads the files and decides; want is "auto", "kvm" or "tcg". */
const char *accel_pick(const char *want);

#endif

/* `xm vcpu-list`: Xen 4.1's layout (xm/main.py xm_vcpu_list), from
 * xend's (vcpus (nr_cpus N) (domain ... (vcpu ...) ...) ...). Pure. */
#ifndef XM_VCPU_FORMAT_H
#define XM_VCPU_FORMAT_H

#include <stddef.h>

#include "sxp.h"

/* The affinity column: the CPUs below nr_cpus as ranges ("0-1,3"),
 * "any cpu" when that is all of them, "no cpus" for none. cpus are the
 * atoms of (cpumap ...), in any order, repeats allowed. malloc'd. */
char *xm_vcpu_affinity(const struct sxp *cpumap, unsigned nr_cpus);

/* Header "%-32s %5s %5s %5s %5s %9s %s" (Name ID VCPU CPU State Time(s)
 * CPU Affinity), then per vCPU "%-32s %5s %5d %5s %5s  %8.1f %s":
 * CPU and State "" for a vCPU Xen puts on no CPU, "-" and "--p" for one
 * offline, else the CPU and r/- b/- and '-'. malloc'd, NULL on no memory. */
char *xm_format_vcpu_list(const struct sxp *vcpus);

#endif

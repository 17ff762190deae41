/* The vCPUs of a domain: their state and affinity (xm vcpu-list), a new
 * affinity (xm vcpu-pin), and the one the record's cpus= names, set at
 * create before the domain runs (guide 6.4). Each call and its domctl is
 * in docs/xend-xen-calls.md. */
#ifndef XEND_VCPU_H
#define XEND_VCPU_H

#include <stdint.h>

#include "sxp.h"
#include "xend_xen.h"

/* (vcpus (nr_cpus N) (domain (domid D) (name N) (vcpu_count C)
 *  (vcpu (number I) (online 0|1) (blocked 0|1) (running 0|1)
 *        (cpu_time SECONDS) (cpu C|-1) (cpumap CPU ...)) ...) ...)
 * for the domains asked for (all when none); -ESRCH with *subject for a
 * name that is no domain, as list. */
int xend_xen_vcpu_list(struct xend_xen *x, const struct xend_request *req, struct sxp *out,
                       char **why, const char **subject);
/* (vcpu-pin DOM VCPU CPUS): VCPU a number or "all", CPUS a CPU list or
 * "all"; -EINVAL with *why for a bad one, -ESRCH for no such domain. */
int xend_xen_vcpu_pin(struct xend_xen *x, const struct xend_request *req, struct sxp *out,
                      char **why, const char **subject);
/* vCPUs 0..vcpus-1 of domid pinned as the record's cpus= says; 0 or a
 * negative errno with *why malloc'd. */
int xend_vcpu_apply_cpus(struct xend_xen *x, uint32_t domid, const struct sxp *vm,
                         unsigned vcpus, char **why);

#endif

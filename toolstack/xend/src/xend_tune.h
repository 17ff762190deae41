/* xm vcpu-set, mem-set and sysrq: requests a running guest carries out
 * itself, asked through its xenstore nodes as Xen 4.1's xend asked a PV
 * guest (XendDomainInfo.setVCpuCount, setMemoryTarget, send_sysrq):
 *   vcpu-set DOM N   cpu/<i>/availability "online" for i < N, "offline"
 *                    above, for every vCPU the domain has; /vm/<uuid>/
 *                    vcpu_avail the mask (1 << N) - 1
 *   mem-set DOM MIB  memory/target MIB << 10 (KiB); /vm/<uuid>/memory
 *   sysrq DOM KEY    control/sysrq KEY */
#ifndef XEND_TUNE_H
#define XEND_TUNE_H

#include "sxp.h"
#include "xend_xen.h"

/* req->op XEND_OP_VCPU_SET, XEND_OP_MEM_SET or XEND_OP_SYSRQ. 0 with
 * (domain (domid N) (name N)), or a negative errno with *why (and
 * *subject for -ESRCH). */
int xend_xen_tune(struct xend_xen *x, const struct xend_request *req, struct sxp *out,
                  char **why, const char **subject);

#endif

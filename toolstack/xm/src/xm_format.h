/* xm's output, from the S-expressions xend answers: Xen 4.1's layouts.
 * Pure code, unit-tested on the host. Each returns a malloc'd text (NULL
 * on no memory). */
#ifndef XM_FORMAT_H
#define XM_FORMAT_H

#include "sxp.h"

/* `xm list`: the header and one line per (domain ...) of (domains ...):
 * Name %-40s, ID %5s, Mem %5d, VCPUs %5d, State %10s, Time(s) %8.1f. */
char *xm_format_list(const struct sxp *domains);

/* `xm list --long`: each (domain ...) as xm 4.1 pretty-printed it, one
 * child per line indented by four. */
char *xm_format_long(const struct sxp *domains);

/* `xm info`: "%-23s: value" per (key value) of (node ...), "(none)"
 * for a key without a value. */
char *xm_format_info(const struct sxp *node);

#endif

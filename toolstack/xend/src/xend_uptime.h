/* xm uptime and xm log's sources. A domain's start time, kept where Xen 4.1's xend kept it
 * (/vm/<uuid>/start_time, seconds since the epoch), so that list can
 * answer (start_time T) (up_time S) as 4.1's did, for xm uptime, also
 * after xend restarted. */
#ifndef XEND_UPTIME_H
#define XEND_UPTIME_H

#include <stdint.h>

#include "sxp.h"
#include "xend_xen.h"

/* Writes /vm/<uuid>/start_time = now unless it is there already (a
 * domain found again keeps its own). */
void xend_uptime_mark(struct xend_xen *x, const char *uuid);
/* Pushes (start_time T) (up_time S) onto a (domain ...) record that has
 * a (uuid U) whose /vm/<uuid>/start_time is known; false on no memory
 * (rec then freed). */
bool xend_uptime_push(struct xend_xen *x, struct sxp *rec);

/* (log TEXT): xend's log file as xm log prints it (Xen 4.1's
 * node.log()), its last XEND_LOG_MAX bytes when longer. 0 or a negative
 * errno with *why malloc'd. */
#define XEND_LOG_MAX (4u << 20)
int xend_xen_log(struct xend_xen *x, struct sxp *out, char **why);

#endif

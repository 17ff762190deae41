/* A domain's watchdogs (SCHEDOP_watchdog; common/domain_watchdog.c). */
#ifndef XEN_WATCHDOG_H
#define XEN_WATCHDOG_H
#include <xen/types.h>

struct domain;

/* The guest's sched_watchdog: an id (1-based) or 0 or -XEN_E*, as Xen. */
long domain_watchdog(struct domain *d, uint32_t id, uint32_t timeout);
void watchdog_domain_init(struct domain *d);     /* at creation */
void watchdog_domain_destroy(struct domain *d);  /* at destruction: waits for a handler */

#endif

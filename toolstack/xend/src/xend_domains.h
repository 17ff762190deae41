/* The domains xend built, and what it does when one shuts down (guide
 * 6.1.2): xenstored's @releaseDomain wakes xend, which looks at each of
 * them and applies the record's on_poweroff / on_reboot / on_crash. */
#ifndef XEND_DOMAINS_H
#define XEND_DOMAINS_H

#include <stdint.h>

#include "sxp.h"
#include "xend_xen.h"

/* Watches @releaseDomain; the fd to poll, or -1 (no xenstored). */
int xend_domains_watch(struct xend_xen *x);
/* xend built domid from vm (kept as text, for a restart, and on disk
 * under the domain's UUID, for a restarted xend: xend_persist.h). */
void xend_domains_add(struct xend_xen *x, uint32_t domid, const struct sxp *vm);
/* The (vm ...) record xend built domid from, as text; NULL when xend
 * does not manage it. Valid until the domain is forgotten. */
const char *xend_domains_record(uint32_t domid);
/* Lets go of domid and removes its record on disk. */
void xend_domains_forget(uint32_t domid);
/* The watch fired: each managed domain that shut down gets its action. */
void xend_domains_event(void *ctx);
/* After xend_persist_restore: a domain found shut down whose action is
 * preserve or rename-restart was handled by the xend before; the others
 * get their action now. */
void xend_domains_settle(struct xend_xen *x);
/* To each (domain ...) of a list reply, the (device ...) entries of its
 * record, as Xen 4.1's xm list --long showed a domain's devices (the MAC
 * xend generated included); a domain xend does not manage gets none.
 * false on out of memory. */
bool xend_domains_push_devices(struct sxp *domains);

#endif

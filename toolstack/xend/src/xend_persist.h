/* The managed domains' records on disk (XEND_DOMAINS_PATH/<uuid>/
 * config.sxp, as Xen 4.1's xend kept them): written when xend takes a
 * domain on, removed when it lets go, read back when xend starts. */
#ifndef XEND_PERSIST_H
#define XEND_PERSIST_H

#include <stdint.h>

#include "sxp.h"
#include "xend_xen.h"

/* Writes the record of the domain whose handle is uuid (atomically:
 * a temporary file renamed). Failures are logged: the domain runs on,
 * only a restarted xend will not know it. */
void xend_persist_save(const xen_domain_handle_t uuid, const struct sxp *vm);
/* Removes the domain's folder. */
void xend_persist_drop(const xen_domain_handle_t uuid);

/* At start (XEND_DOMAINS_PATH made if missing): each record whose
 * domain still runs (same handle in xc_domain_getinfolist, its
 * /vm/<uuid> in xenstore) is taken on again through xend_domains_add;
 * the records of domains that are gone are dropped. Returns how many
 * were found again. */
unsigned xend_persist_restore(struct xend_xen *x);

#endif

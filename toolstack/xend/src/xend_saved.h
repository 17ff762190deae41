/* The managed domains' records kept on disk, as Xen 4.1's xend kept
 * them (XendDomain.py: <xend-domains-path>/<uuid>/config.sxp, default
 * /var/lib/xend/domains), so that a restarted xend finds its running
 * domains again. Pure code: the file's text, the UUID in a folder name,
 * and the match of a record with the domains Xen lists. */
#ifndef XEND_SAVED_H
#define XEND_SAVED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <xenctrl.h>

#include "sxp.h"

#define XEND_DOMAINS_PATH "/var/lib/xend/domains"
#define XEND_SAVED_FILE "config.sxp"

/* "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx", as /vm/<uuid> names it. */
void xend_uuid_format(const xen_domain_handle_t u, char out[37]);
/* That form back; false for anything else (a stray folder). */
bool xend_uuid_parse(const char *text, xen_domain_handle_t out);

/* config.sxp: the (vm ...) record xm sent, on one line; malloc'd,
 * NULL on no memory. */
char *xend_saved_text(const struct sxp *vm);
/* The file read back: 0 with *vm pointing into doc, or -EINVAL with *why
 * malloc'd when it is not exactly one (vm ...) record with a name. Free
 * doc with sxp_free whatever the result. */
int xend_saved_parse(const char *text, size_t len, struct sxp *doc,
                     const struct sxp **vm, char **why);

/* The domain among v[0..n) whose handle is uuid and that is not dying:
 * true with *domid; false when the record's domain is gone. */
bool xend_saved_match(const xen_domain_handle_t uuid, const xc_domaininfo_t *v,
                      size_t n, uint32_t *domid);

#endif

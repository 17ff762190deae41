/* Everything that needs Xen: event channels, mapping the rings of
 * introduced domains (grant or foreign mapping), dom0's own ring and
 * noticing dead domains through VIRQ_DOM_EXC. */
#ifndef XS_XEN_H
#define XS_XEN_H

#include <stdbool.h>

#include "xs_store.h"

struct xs_xen;

/* NULL (with a log line) when this is not a Xen dom0. */
struct xs_xen *xs_xen_open(void);
void xs_xen_close(struct xs_xen *x);
/* Hooks for xs_store_new: INTRODUCE and RELEASE. */
struct xs_store_hooks xs_xen_hooks(struct xs_xen *x);
/* Connects dom0's kernel through /proc/xen/xsd_kva + xsd_port. */
int xs_xen_dom0_init(struct xs_xen *x, struct xs_store *s);
int xs_xen_fd(const struct xs_xen *x);
/* Acknowledges pending event channels; on VIRQ_DOM_EXC checks domains. */
void xs_xen_events(struct xs_xen *x, struct xs_store *s);
/* Moves bytes between every domain connection and its ring. */
void xs_xen_service(struct xs_xen *x, struct xs_store *s);

#endif

/* The console ring of a domain that has no dom0 to serve it (dom0-less):
 * the hypervisor is its backend (public/io/console.h). The page sits where
 * Xen's toolstack puts a PVH domU's (the special page SPECIALPAGE_CONSOLE,
 * reserved in its memory map), HVM_PARAM_CONSOLE_PFN/_EVTCHN tell the
 * guest where, and the event channel is bound to the hypervisor (remote
 * domain DOMID_XEN). What the guest writes comes out as "(dN) ..." lines
 * on the hypervisor console. */
#ifndef XEN_CONSOLE_RING_H
#define XEN_CONSOLE_RING_H
#include <xen/types.h>

struct domain;

int console_ring_init(struct domain *d, unsigned long gfn);
void console_ring_destroy(struct domain *d);
/* A character of serial input for domid's ring: 0, or -XEN_ENOENT when
 * that domain has no ring served by the hypervisor. */
int console_ring_input(domid_t domid, char c);

#endif

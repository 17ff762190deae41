/* Copying between a connection and the shared xenstore ring page
 * (struct xenstore_domain_interface): requests in, replies out. */
#ifndef XS_RING_H
#define XS_RING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <xen/io/xs_wire.h>

#include "xs_store.h"

/* Moves requests from the ring into c and replies from c into the ring.
 * Returns true if the other end should be notified; sets c->dead when
 * the guest corrupted the ring indexes. */
bool xs_ring_service(struct xenstore_domain_interface *intf,
		     struct xs_conn *c);

/* Bytes readable from the request ring, or -1 if the indexes are bad. */
long xs_ring_req_avail(const struct xenstore_domain_interface *intf);

#endif

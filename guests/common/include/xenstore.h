/* A minimal xenstore client for test guests: one request at a time over
 * the domain's ring (public/io/xs_wire.h; docs/misc/xenstore-ring.txt),
 * the page from HVM_PARAM_STORE_PFN and its event channel from
 * HVM_PARAM_STORE_EVTCHN, as the toolstack set them. A relative path is
 * under /local/domain/<own domid> (docs/misc/xenstore.txt). */
#ifndef GUEST_XENSTORE_H
#define GUEST_XENSTORE_H

#include "types.h"

/* Finds the ring: 0, or -XEN_ENODEV when the domain was given none (a
 * dom0-less domain of ours), or the hvm_op error. */
long xenstore_init(void);

/* From now on the client waits blocked in SCHEDOP_poll on its port, which
 * it masks, with shared_info mapped (evtchn.h), instead of yielding: 0,
 * -XEN_ENODEV before xenstore_init(), or add_to_physmap's error. */
long xenstore_wait_by_poll(void);

/* Lets ms go by without the pCPU: polled as above, else yielded. */
void xenstore_sleep(unsigned int ms);

/* XS_READ of path into val (cut to size - 1, always terminated): the
 * value's length, or -XEN_ENOENT, -XEN_EACCES, ... as the daemon named
 * the error, -XEN_ETIMEDOUT when it did not answer within timeout_ms. */
long xenstore_read(const char *path, char *val, size_t size, unsigned int timeout_ms);

#endif

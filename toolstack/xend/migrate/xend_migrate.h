/* xm migrate [--live] DOM HOST (guide 6.3): the domain sent as a save
 * stream to HOST's relocation server (xend_relocation.h). A regular
 * migration suspends the guest and sends it; a live one copies its
 * memory while it runs (stream_send.h) and stops it only for the last
 * dirty pages. The guest is never lost: until the destination says it
 * has the domain built, any failure resumes it here; once the
 * destination runs it, this copy is destroyed. */
#ifndef XEND_MIGRATE_H
#define XEND_MIGRATE_H

#include "xend_xen.h"

/* (migrate NAME-OR-ID HOST PORT live|plain): 0 with (domain (name X)
 * (host H) (pages N) (bytes B) (rounds R) (downtime_ms D) (total_ms T));
 * else a negative errno with *why, the domain running here. */
int xend_xen_migrate(struct xend_xen *x, const struct xend_request *req,
                     struct sxp *out, char **why, const char **subject);

#endif

/* xm save and xm restore (guide 6.1.2): a managed PVH domain suspended
 * by its own kernel, written to a file as a save stream
 * (docs/save-stream.md) and destroyed; and a domain made again from such
 * a file, resumed where it stopped. Through libxenctrl,
 * libxenforeignmemory, libxenstore and, for one domctl libxenctrl does
 * not wrap, libxencall; docs/xend-xen-calls.md lists the calls. */
#ifndef XEND_SAVE_H
#define XEND_SAVE_H

#include "xend_xen.h"

/* (save NAME-OR-ID FILE): 0 with (domain (domid N) (name X) (bytes B))
 * once the file is complete and the domain gone; else a negative errno
 * with *why, and the domain runs on (resumed if it had suspended). */
int xend_xen_save(struct xend_xen *x, const struct xend_request *req,
                  struct sxp *out, char **why, const char **subject);
/* (restore FILE): 0 with (domain (domid N) (name X)) once the domain
 * runs; else a negative errno with *why naming what was wrong, and
 * nothing of the new domain is left. */
int xend_xen_restore(struct xend_xen *x, const struct xend_request *req,
                     struct sxp *out, char **why);

#endif

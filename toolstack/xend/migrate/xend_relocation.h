/* The relocation server (guide 6.3): with (xend-relocation-server yes),
 * xend listens on xend-relocation-address (all interfaces if empty) at
 * xend-relocation-port, lets in the peers xend-relocation-hosts-allow
 * admits (its address or its reverse-resolved name matching one of the
 * expressions; none admits all), and makes each migrating domain again
 * from the save stream it receives (relocation_wire.h). A refused peer
 * is told why; both refusals and failures are logged. */
#ifndef XEND_RELOCATION_H
#define XEND_RELOCATION_H

#include "xend_xen.h"
#include "xendconfig.h"

struct xend_relocation {
    struct xend_xen *x;
    const struct xend_config *cfg;
    int fd;                     /* listening; -1 when the server is off */
    int ssl_fd;                 /* the TLS server's (xend-relocation-ssl-server) */
    struct ssl_ctx_st *tls;     /* its key and certificate */
};

/* Opens the servers the config asks for: 0 (a server off has fd -1), or
 * -1 with the reason logged (xend serves on without that server). */
int xend_relocation_open(struct xend_relocation *rl, struct xend_xen *x,
                         const struct xend_config *cfg);
/* One incoming migration, served to its end (xend_server_watch.ready):
 * on the plain server, on the TLS one. */
void xend_relocation_accept(void *rl);
void xend_relocation_accept_tls(void *rl);
void xend_relocation_close(struct xend_relocation *rl);

#endif

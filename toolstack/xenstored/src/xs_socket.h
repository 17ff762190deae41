/* The UNIX socket dom0's tools connect to (libxenstore). */
#ifndef XS_SOCKET_H
#define XS_SOCKET_H

#include <poll.h>
#include <stdbool.h>

#include "xs_store.h"

/* The path libxenstore uses: $XENSTORED_PATH, else
 * ${XENSTORED_RUNDIR:-/var/run/xenstored}/socket. */
const char *xs_socket_path(void);
/* Binds and listens, creating the directory; the fd or -1. */
int xs_socket_listen(const char *path);
/* Accepts a client as a dom0 connection. */
void xs_socket_accept(int lfd, struct xs_store *s);
/* True if c is a socket client; fills in its poll entry. */
bool xs_socket_pollfd(struct xs_conn *c, struct pollfd *p);
/* Reads and writes what poll allowed; closes dead clients (c is freed
 * then: the caller must not use it). */
void xs_socket_service(struct xs_conn *c, short revents);

#endif

/* xend's UNIX socket: every connection is one request and one reply,
 * served from one poll() loop with non-blocking I/O, so that a slow or
 * malformed client never holds up another (issue 14, guide 6.1.1). */
#ifndef XEND_SERVER_H
#define XEND_SERVER_H

#include <stddef.h>
#include <sys/types.h>

/* Turns one complete request into a reply line (malloc'd, never NULL
 * unless out of memory). uid is the client's, from SO_PEERCRED. */
typedef char *(*xend_handler)(void *ctx, uid_t uid, const char *req,
                              size_t len);

/* Binds path with mode 0600 (owner root: the access control; an admin
 * loosens it with chgrp/chmod as for any file), replacing a stale socket.
 * Returns the listening fd, or -1 with errno. */
int xend_server_listen(const char *path);

/* Other descriptors the loop watches: when fd is readable, ready(ctx)
 * runs between requests (xenstore watches, the relocation server). */
struct xend_server_watch {
    int fd;                      /* -1: ignored */
    void (*ready)(void *ctx);
    void *ctx;
};

/* Serves until signal_fd becomes readable. */
void xend_server_run(int listen_fd, int signal_fd, const struct xend_server_watch *w,
                     size_t n_watches, xend_handler h, void *ctx);

#endif

/* Blocking I/O on a relocation connection, both ends, over TCP or TLS
 * (OpenSSL): whole buffers and handshake lines (relocation_wire.h), every
 * call bounded by the socket's timeouts so that a dead peer or a cut link
 * ends a migration instead of hanging it. */
#ifndef RELOCATION_IO_H
#define RELOCATION_IO_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include <openssl/ssl.h>

#include "relocation_wire.h"

/* How long one read or write may wait for the peer; a TLS handshake
 * whole. */
#define RELOC_IO_TIMEOUT_S 30
#define RELOC_TLS_HANDSHAKE_S 10

struct reloc_conn {
    int fd;
    SSL *ssl;                   /* NULL: plain TCP */
    time_t deadline;            /* CLOCK_MONOTONIC seconds; 0: none */
};

/* No read or write after seconds from now: a peer that trickles bytes
 * cannot hold the connection (and xend) longer than that. */
void reloc_io_deadline(struct reloc_conn *c, int seconds);

int reloc_io_timeouts(int fd, int seconds);
/* All of buf: 0, or -errno (-EPIPE: the peer closed; -ETIMEDOUT: the
 * socket's timeout ran out; -EPROTO: a TLS failure). */
int reloc_io_write(struct reloc_conn *c, const void *buf, size_t len);
int reloc_io_read(struct reloc_conn *c, void *buf, size_t len);
int reloc_io_send_line(struct reloc_conn *c, enum reloc_line kind, const char *why,
                       unsigned long domid);
/* One line, its '\n' included if it fit: its length, or -errno. */
int reloc_io_recv_line(struct reloc_conn *c, char *line, size_t size);
/* Reads and drops what the peer still sends, until it closes or the
 * timeout runs out. */
void reloc_io_drain(struct reloc_conn *c);
/* Is something from the peer waiting to be read? */
bool reloc_io_readable(struct reloc_conn *c);
/* A message for an I/O error of these calls (timeouts and closes named
 * as such). */
const char *reloc_io_error(int err);

/* TLS: the server's context from its key and certificate (PEM), the
 * client's (which, as Xen 4.1's xend, encrypts without checking the
 * server's certificate); NULL with *why. */
SSL_CTX *reloc_tls_server(const char *key_file, const char *cert_file, char **why);
SSL_CTX *reloc_tls_client(char **why);
/* The handshake on c->fd: 0 with c->ssl, or -errno with *why. */
int reloc_tls_start(struct reloc_conn *c, SSL_CTX *ctx, bool server, char **why);
/* "TLSv1.3" or "TCP". */
const char *reloc_io_transport(const struct reloc_conn *c);
/* Shuts TLS down (if any) and closes the socket. */
void reloc_io_close(struct reloc_conn *c);

#endif

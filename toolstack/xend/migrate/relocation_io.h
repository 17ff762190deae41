/* Blocking I/O on a relocation connection, both ends: whole buffers and
 * handshake lines (relocation_wire.h), every call bounded by the
 * socket's timeouts so that a dead peer or a cut link ends a migration
 * instead of hanging it. */
#ifndef RELOCATION_IO_H
#define RELOCATION_IO_H

#include <stddef.h>

#include "relocation_wire.h"

/* How long one read or write may wait for the peer. */
#define RELOC_IO_TIMEOUT_S 30

int reloc_io_timeouts(int fd, int seconds);
/* All of buf: 0, or -errno (-EPIPE: the peer closed; -ETIMEDOUT: the
 * socket's timeout ran out). */
int reloc_io_write(int fd, const void *buf, size_t len);
int reloc_io_read(int fd, void *buf, size_t len);
int reloc_io_send_line(int fd, enum reloc_line kind, const char *why, unsigned long domid);
/* One line, its '\n' included if it fit: its length, or -errno. */
int reloc_io_recv_line(int fd, char *line, size_t size);
/* A message for an I/O error of these calls (timeouts and closes named
 * as such). */
const char *reloc_io_error(int err);

#endif

/* xsplay: plays a recorded sequence of xenstore requests to a daemon's
 * UNIX socket and prints a canonical transcript, so that two daemons'
 * answers can be compared byte for byte (scenario xenstore-diff). The
 * script parser and the transcript writer are pure (tests/check_xsplay.c). */
#ifndef XSPLAY_H
#define XSPLAY_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <xen/io/xs_wire.h>

#define XSP_NAME_MAX 16
#define XSP_MAX_NAMES 64
#define XSP_RAW -1          /* step type: payload sent as raw bytes */

/* One script line: "<conn> <TYPE|number|RAW> [@tx] [>var] [payload]".
 * The payload is the rest of the line after one space, with the escapes
 * \0 \\ \n \t \xHH; RAW sends it as it is (a header included). */
struct xsp_step {
	char conn[XSP_NAME_MAX];
	int type;                       /* enum xsd_sockmsg_type or XSP_RAW */
	char tx[XSP_NAME_MAX];          /* "" (0), a variable or a number */
	char bind[XSP_NAME_MAX];        /* TRANSACTION_START: the id's name */
	char payload[XENSTORE_PAYLOAD_MAX + sizeof(struct xsd_sockmsg)];
	size_t len;
};

/* Parses one line (no newline). Returns 1 for a step, 0 for a blank or
 * comment line, -1 with *err set for a malformed one. */
int xsp_parse_line(const char *line, struct xsp_step *st, const char **err);

/* The transcript names transactions t1, t2, ... in the order they were
 * started, since each daemon numbers them its own way (Xen 4.17 per
 * connection, ours per store). */
struct xsp_names {
	uint32_t id[XSP_MAX_NAMES];
	char var[XSP_MAX_NAMES][XSP_NAME_MAX]; /* the script's name, or "" */
	char conn[XSP_MAX_NAMES][XSP_NAME_MAX]; /* who started it */
	unsigned n;
	/* DIRECTORY_PART's generation counts, named g1, g2, ... likewise:
	 * a daemon counts every change since it started. */
	unsigned long gen[XSP_MAX_NAMES];
	unsigned ngen;
};

/* Records id (from conn's TRANSACTION_START reply) under the script's
 * name var (may be ""); returns its index or -1 when the table is full. */
int xsp_names_add(struct xsp_names *nm, uint32_t id, const char *var,
		  const char *conn);
/* The id a step's "@tx" means: a bound variable, a number or 0 (""). 
 * Returns 0 and sets *id, or -1 for an unknown name. */
int xsp_names_lookup(const struct xsp_names *nm, const char *tx, uint32_t *id);

/* Writes bytes with the script's escapes (printable ASCII as is). */
void xsp_escape(FILE *out, const void *buf, size_t len);
/* Writes the request line "> conn TYPE [@tx] payload". */
void xsp_print_step(FILE *out, const struct xsp_step *st);
/* Writes a received message "< conn TYPE [req=N] [tx=tK] payload": req
 * only when it differs from want_req, a transaction id by its name (the
 * latest conn started with that id, else the latest of any connection).
 * A TRANSACTION_START reply's id is named (bound to var) first, a
 * DIRECTORY_PART reply's generation shown by its name. */
void xsp_print_msg(FILE *out, struct xsp_names *nm, const char *conn,
		   const struct xsd_sockmsg *hdr, const char *body,
		   uint32_t want_req, const char *var);

/* Socket I/O (xsplay_io.c). xsp_dial exits when the daemon is not there;
 * xsp_recv reads one message (body gets a NUL after the payload) and
 * returns 0, -1 at EOF or a bad length, -2 after timeout_ms of silence. */
int xsp_dial(const char *path);
int xsp_send(int fd, const void *buf, size_t len);
int xsp_recv(int fd, struct xsd_sockmsg *hdr, char *body, int timeout_ms);

/* Fills the store to about nodes nodes, then times rounds empty
 * transactions (xsplay_bench.c). */
int xsp_bench(const char *path, int nodes, int rounds);

#endif

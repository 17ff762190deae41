/* One domain's console: its ring (grant or foreign mapping), event
 * channel, pty (published as /local/domain/N/console/tty) and log. */
#ifndef XC_CONSOLE_H
#define XC_CONSOLE_H

#include <stdbool.h>
#include <xenctrl.h>
#include <xenevtchn.h>
#include <xenforeignmemory.h>
#include <xengnttab.h>
#include <xenstore.h>

#include "xc_buffer.h"

struct xc_console {
	struct xc_console *next;
	unsigned domid;
	struct xencons_interface *intf;
	bool granted;            /* mapped by grant, else foreign */
	unsigned long ring_ref;
	unsigned remote_port;
	evtchn_port_t local_port;
	bool bound;
	int master_fd, slave_fd, log_fd;
	struct xc_buffer out;    /* guest output the pty has not taken */
	bool seen;               /* still in the domain list */
};

struct xc_ctx {
	xenevtchn_handle *xce;
	xengnttab_handle *xgt;
	xenforeignmemory_handle *fmem;
	xc_interface *xch;
	struct xs_handle *xsh;
	const char *log_dir;     /* NULL: no guest logs */
	struct xc_console *cons;
};

struct xc_console *xc_console_new(struct xc_ctx *x, unsigned domid);
/* (Re)connects when xenstore has a ring-ref and port we don't use yet. */
void xc_console_connect(struct xc_ctx *x, struct xc_console *c);
/* Drains what the guest left, then releases everything. */
void xc_console_free(struct xc_ctx *x, struct xc_console *c);
/* The guest notified us: move its output to the pty and log. */
void xc_console_output(struct xc_ctx *x, struct xc_console *c);
/* The pty has keystrokes for the guest. */
void xc_console_input(struct xc_ctx *x, struct xc_console *c);
/* Writes buffered output to the pty as far as it accepts. */
void xc_console_flush(struct xc_console *c);
/* True if the guest's input ring has room (poll the pty for input). */
bool xc_console_wants_input(const struct xc_console *c);

#endif

/* One domain's console: its ring (grant or foreign mapping), event
 * channel, pty (published as /local/domain/N/console/tty) and log. */
#ifndef CONS_CONSOLE_H
#define CONS_CONSOLE_H

#include <stdbool.h>
#include <xenctrl.h>
#include <xenevtchn.h>
#include <xenforeignmemory.h>
#include <xengnttab.h>
#include <xenstore.h>

#include "cons_buffer.h"

struct console {
	struct console *next;
	unsigned domid;
	struct xencons_interface *intf;
	bool granted;            /* mapped by grant, else foreign */
	unsigned long ring_ref;
	unsigned remote_port;
	evtchn_port_t local_port;
	bool bound;
	int master_fd, slave_fd, log_fd;
	struct cons_buffer out;    /* guest output the pty has not taken */
	bool seen;               /* still in the domain list */
};

struct cons_ctx {
	xenevtchn_handle *xce;
	xengnttab_handle *xgt;
	xenforeignmemory_handle *fmem;
	xc_interface *xch;
	struct xs_handle *xsh;
	const char *log_dir;     /* NULL: no guest logs */
	struct console *cons;
};

struct console *console_new(struct cons_ctx *x, unsigned domid);
/* (Re)connects when xenstore has a ring-ref and port we don't use yet. */
void console_connect(struct cons_ctx *x, struct console *c);
/* Drains what the guest left, then releases everything. */
void console_free(struct cons_ctx *x, struct console *c);
/* The guest notified us: move its output to the pty and log. */
void console_output(struct cons_ctx *x, struct console *c);
/* The pty has keystrokes for the guest. */
void console_input(struct cons_ctx *x, struct console *c);
/* Writes buffered output to the pty as far as it accepts. */
void console_flush(struct console *c);
/* True if the guest's input ring has room (poll the pty for input). */
bool console_wants_input(const struct console *c);

#endif

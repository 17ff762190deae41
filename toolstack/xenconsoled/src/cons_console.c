/* Per-domain console plumbing (see cons_console.h). */
#include "cons_console.h"

#include <errno.h>
#include <fcntl.h>
#include <pty.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>
#include <xen/grant_table.h>

#include "cons_ring.h"
#include "daemon_log.h"

#define OUT_LIMIT (64 * 1024)

static char *xs_get(struct cons_ctx *x, unsigned domid, const char *key)
{
	char path[96];
	unsigned len;

	snprintf(path, sizeof(path), "/local/domain/%u/%s", domid, key);
	return xs_read(x->xsh, XBT_NULL, path, &len);
}

static int open_pty(struct cons_ctx *x, struct console *c)
{
	struct termios t;
	char path[96];

	if (openpty(&c->master_fd, &c->slave_fd, NULL, NULL, NULL)) {
		daemon_log(DLOG_ERR, (int)c->domid, "openpty: %m");
		return -1;
	}
	/* A console passes bytes through untouched. */
	if (!tcgetattr(c->slave_fd, &t)) {
		cfmakeraw(&t);
		tcsetattr(c->slave_fd, TCSANOW, &t);
	}
	fcntl(c->master_fd, F_SETFL, fcntl(c->master_fd, F_GETFL) | O_NONBLOCK);
	fcntl(c->master_fd, F_SETFD, FD_CLOEXEC);
	fcntl(c->slave_fd, F_SETFD, FD_CLOEXEC);
	snprintf(path, sizeof(path), "/local/domain/%u/console/tty", c->domid);
	const char *name = ptsname(c->master_fd);
	if (!name || !xs_write(x->xsh, XBT_NULL, path, name, strlen(name)))
		daemon_log(DLOG_WARN, (int)c->domid, "cannot publish tty: %m");
	else
		daemon_log(DLOG_INFO, (int)c->domid, "console on %s", name);
	return 0;
}

static void open_log(struct cons_ctx *x, struct console *c)
{
	char *name = xs_get(x, c->domid, "name");
	char path[512];

	mkdir(x->log_dir, 0755);
	if (name)
		snprintf(path, sizeof(path), "%s/guest-%s.log", x->log_dir, name);
	else
		snprintf(path, sizeof(path), "%s/guest-dom%u.log", x->log_dir,
			 c->domid);
	free(name);
	c->log_fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	if (c->log_fd < 0)
		daemon_log(DLOG_WARN, (int)c->domid, "log %s: %m", path);
}

struct console *console_new(struct cons_ctx *x, unsigned domid)
{
	struct console *c = calloc(1, sizeof(*c));
	char path[64], token[32];

	if (!c)
		return NULL;
	c->domid = domid;
	c->master_fd = c->slave_fd = c->log_fd = -1;
	cons_buffer_init(&c->out, OUT_LIMIT);
	snprintf(path, sizeof(path), "/local/domain/%u/console", domid);
	snprintf(token, sizeof(token), "dom%u", domid);
	xs_watch(x->xsh, path, token);
	c->next = x->cons;
	x->cons = c;
	return c;
}

static void disconnect(struct cons_ctx *x, struct console *c)
{
	if (c->bound)
		xenevtchn_unbind(x->xce, c->local_port);
	c->bound = false;
	if (c->intf && c->granted)
		xengnttab_unmap(x->xgt, c->intf, 1);
	else if (c->intf)
		xenforeignmemory_unmap(x->fmem, c->intf, 1);
	c->intf = NULL;
}

static bool read_params(struct cons_ctx *x, struct console *c,
			unsigned long *ref, unsigned *port)
{
	char *r = xs_get(x, c->domid, "console/ring-ref");
	char *p = xs_get(x, c->domid, "console/port");
	bool ok = r && p && sscanf(r, "%lu", ref) == 1 &&
		  sscanf(p, "%u", port) == 1;

	free(r);
	free(p);
	return ok;
}

static int map_ring(struct cons_ctx *x, struct console *c,
		    unsigned long ref)
{
	xen_pfn_t pfn = ref;

	/* Xen's toolstack grants the page at a reserved reference; older
	 * ones only publish the frame for a foreign mapping. */
	c->intf = x->xgt ? xengnttab_map_grant_ref(x->xgt, c->domid,
		GNTTAB_RESERVED_CONSOLE, PROT_READ | PROT_WRITE) : NULL;
	c->granted = c->intf != NULL;
	if (!c->intf && x->fmem)
		c->intf = xenforeignmemory_map(x->fmem, c->domid,
			PROT_READ | PROT_WRITE, 1, &pfn, NULL);
	return c->intf ? 0 : -1;
}

void console_connect(struct cons_ctx *x, struct console *c)
{
	xenevtchn_port_or_error_t local;
	unsigned long ref;
	unsigned port;

	if (!read_params(x, c, &ref, &port))
		return; /* the toolstack has not written them yet */
	if (c->intf && ref == c->ring_ref && port == c->remote_port)
		return;
	disconnect(x, c);
	if (map_ring(x, c, ref)) {
		daemon_log(DLOG_ERR, (int)c->domid, "cannot map ring %#lx: %m", ref);
		return;
	}
	local = xenevtchn_bind_interdomain(x->xce, c->domid, port);
	if (local < 0) {
		daemon_log(DLOG_ERR, (int)c->domid, "bind port %u: %m", port);
		disconnect(x, c);
		return;
	}
	c->local_port = (evtchn_port_t)local;
	c->bound = true;
	c->ring_ref = ref;
	c->remote_port = port;
	if (c->master_fd < 0 && open_pty(x, c))
		return;
	if (x->log_dir && c->log_fd < 0)
		open_log(x, c);
	console_output(x, c); /* what it wrote before we came */
}

void console_output(struct cons_ctx *x, struct console *c)
{
	char buf[4096];
	size_t n, total = 0;

	if (!c->intf)
		return;
	while ((n = cons_ring_take_output(c->intf, buf, sizeof(buf))) > 0) {
		total += n;
		if (c->log_fd >= 0 && write(c->log_fd, buf, n) < 0)
			daemon_log(DLOG_WARN, (int)c->domid, "log write: %m");
		cons_buffer_add(&c->out, buf, n);
	}
	if (total) {
		daemon_log(DLOG_DEBUG, (int)c->domid, "%zu bytes of output", total);
		xenevtchn_notify(x->xce, c->local_port); /* ring has room */
	}
	console_flush(c);
}

void console_flush(struct console *c)
{
	while (c->out.len && c->master_fd >= 0) {
		ssize_t n = write(c->master_fd, c->out.data, c->out.len);
		if (n <= 0)
			return;
		cons_buffer_consume(&c->out, (size_t)n);
	}
}

bool console_wants_input(const struct console *c)
{
	return c->intf && c->intf->in_prod - c->intf->in_cons <
			  sizeof(c->intf->in);
}

void console_input(struct cons_ctx *x, struct console *c)
{
	char buf[sizeof(c->intf->in)];
	size_t room;
	ssize_t n;

	if (!console_wants_input(c))
		return;
	room = sizeof(c->intf->in) - (c->intf->in_prod - c->intf->in_cons);
	n = read(c->master_fd, buf, room);
	if (n <= 0)
		return;
	cons_ring_put_input(c->intf, buf, (size_t)n);
	xenevtchn_notify(x->xce, c->local_port);
}

void console_free(struct cons_ctx *x, struct console *c)
{
	char path[64], token[32];

	console_output(x, c);
	disconnect(x, c);
	snprintf(path, sizeof(path), "/local/domain/%u/console", c->domid);
	snprintf(token, sizeof(token), "dom%u", c->domid);
	xs_unwatch(x->xsh, path, token);
	if (c->master_fd >= 0)
		close(c->master_fd);
	if (c->slave_fd >= 0)
		close(c->slave_fd);
	if (c->log_fd >= 0)
		close(c->log_fd);
	cons_buffer_free(&c->out);
	daemon_log(DLOG_INFO, (int)c->domid, "console closed");
	free(c);
}

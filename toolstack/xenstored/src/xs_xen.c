/* Xen glue for xenstored (see xs_xen.h). */
#include "xs_xen.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>
#include <xenctrl.h>
#include <xenevtchn.h>
#include <xenforeignmemory.h>
#include <xengnttab.h>
#include <xen/grant_table.h>

#include "daemon_log.h"
#include "xs_ring.h"

#define XSD_KVA "/proc/xen/xsd_kva"
#define XSD_PORT "/proc/xen/xsd_port"

enum map_kind { MAP_GRANT, MAP_FOREIGN, MAP_KVA };

/* The transport state behind a domain connection (xs_conn.priv). */
struct ring {
	struct xenstore_domain_interface *intf;
	enum map_kind kind;
	evtchn_port_t local;
};

struct xs_xen {
	xenevtchn_handle *xce;
	xengnttab_handle *xgt;
	xenforeignmemory_handle *fmem;
	xc_interface *xch;
	evtchn_port_t virq;
	bool check_domains;
};

struct xs_xen *xs_xen_open(void)
{
	struct xs_xen *x = calloc(1, sizeof(*x));
	xenevtchn_port_or_error_t virq;

	if (!x)
		return NULL;
	x->xce = xenevtchn_open(NULL, 0);
	x->xgt = xengnttab_open(NULL, 0);
	x->fmem = xenforeignmemory_open(NULL, 0);
	x->xch = xc_interface_open(NULL, NULL, 0);
	if (!x->xce || !x->xch) {
		daemon_log(DLOG_WARN, -1, "no Xen here (event channels or "
		       "privcmd unavailable): UNIX socket only");
		xs_xen_close(x);
		return NULL;
	}
	/* xenevtchn_pending() reads the fd: make it return EAGAIN, not
	 * block, once everything pending has been taken. */
	fcntl(xenevtchn_fd(x->xce), F_SETFL,
	      fcntl(xenevtchn_fd(x->xce), F_GETFL) | O_NONBLOCK);
	virq = xenevtchn_bind_virq(x->xce, VIRQ_DOM_EXC);
	if (virq < 0)
		daemon_log(DLOG_WARN, -1, "cannot bind VIRQ_DOM_EXC: %m");
	x->virq = virq < 0 ? ~0u : (evtchn_port_t)virq;
	return x;
}

void xs_xen_close(struct xs_xen *x)
{
	if (!x)
		return;
	if (x->xce)
		xenevtchn_close(x->xce);
	if (x->xgt)
		xengnttab_close(x->xgt);
	if (x->fmem)
		xenforeignmemory_close(x->fmem);
	if (x->xch)
		xc_interface_close(x->xch);
	free(x);
}

int xs_xen_fd(const struct xs_xen *x)
{
	return xenevtchn_fd(x->xce);
}

static void ring_unmap(struct xs_xen *x, struct ring *r)
{
	if (!r->intf)
		return;
	if (r->kind == MAP_GRANT)
		xengnttab_unmap(x->xgt, r->intf, 1);
	else if (r->kind == MAP_FOREIGN)
		xenforeignmemory_unmap(x->fmem, r->intf, 1);
	else
		munmap(r->intf, (size_t)getpagesize());
}

/* Prefer the grant Xen reserves for xenstore; old toolstacks only
 * give us the frame, so fall back to a foreign mapping. */
static int ring_map(struct xs_xen *x, struct ring *r, unsigned domid,
		    uint64_t mfn)
{
	xen_pfn_t pfn = (xen_pfn_t)mfn;

	if (x->xgt) {
		r->intf = xengnttab_map_grant_ref(x->xgt, domid,
			GNTTAB_RESERVED_XENSTORE, PROT_READ | PROT_WRITE);
		r->kind = MAP_GRANT;
	}
	if (!r->intf && x->fmem) {
		r->intf = xenforeignmemory_map(x->fmem, domid,
			PROT_READ | PROT_WRITE, 1, &pfn, NULL);
		r->kind = MAP_FOREIGN;
	}
	return r->intf ? 0 : -1;
}

static struct xs_conn *ring_connect(struct xs_xen *x, struct xs_store *s,
				    unsigned domid, struct ring *r,
				    unsigned port)
{
	xenevtchn_port_or_error_t local;
	struct xs_conn *c;

	local = xenevtchn_bind_interdomain(x->xce, domid, port);
	if (local < 0) {
		daemon_log(DLOG_ERR, (int)domid, "bind port %u: %m", port);
		return NULL;
	}
	r->local = (evtchn_port_t)local;
	c = xs_conn_new(s, domid, true, r);
	if (!c) {
		xenevtchn_unbind(x->xce, r->local);
		return NULL;
	}
	xenevtchn_notify(x->xce, r->local);
	return c;
}

static struct xs_conn *hook_introduce(void *ctx, struct xs_store *s,
				      unsigned domid, uint64_t mfn,
				      unsigned port)
{
	struct xs_xen *x = ctx;
	struct ring *r = calloc(1, sizeof(*r));
	struct xs_conn *c;

	if (!r)
		return NULL;
	if (ring_map(x, r, domid, mfn)) {
		daemon_log(DLOG_ERR, (int)domid, "cannot map ring (mfn %#llx): %m",
		       (unsigned long long)mfn);
		free(r);
		errno = EINVAL;
		return NULL;
	}
	c = ring_connect(x, s, domid, r, port);
	if (!c) {
		ring_unmap(x, r);
		free(r);
		errno = EINVAL;
	}
	return c;
}

static void hook_release(void *ctx, struct xs_conn *c)
{
	struct xs_xen *x = ctx;
	struct ring *r = c->priv;

	if (!r)
		return;
	xenevtchn_unbind(x->xce, r->local);
	ring_unmap(x, r);
	free(r);
	c->priv = NULL;
}

/* Xen's get_domain_info: the hypervisor reports this very domain. */
static bool hook_domain_exists(void *ctx, unsigned domid)
{
	struct xs_xen *x = ctx;
	xc_dominfo_t info;

	return xc_domain_getinfo(x->xch, domid, 1, &info) == 1 &&
	       info.domid == domid;
}

struct xs_store_hooks xs_xen_hooks(struct xs_xen *x)
{
	return (struct xs_store_hooks){ .introduce = hook_introduce,
					.release = hook_release,
					.domain_exists = hook_domain_exists,
					.ctx = x };
}

static int read_port(unsigned *port)
{
	FILE *f = fopen(XSD_PORT, "r");
	int ok;

	if (!f)
		return -1;
	ok = fscanf(f, "%u", port) == 1;
	fclose(f);
	return ok ? 0 : -1;
}

int xs_xen_dom0_init(struct xs_xen *x, struct xs_store *s)
{
	struct ring *r = calloc(1, sizeof(*r));
	unsigned port;
	int fd;
	void *p;

	if (!r)
		return -1;
	fd = open(XSD_KVA, O_RDWR | O_CLOEXEC);
	if (fd < 0 || read_port(&port)) {
		daemon_log(DLOG_ERR, 0, "%s / %s: %m (is xenfs mounted?)",
		       XSD_KVA, XSD_PORT);
		if (fd >= 0)
			close(fd);
		free(r);
		return -1;
	}
	p = mmap(NULL, (size_t)getpagesize(), PROT_READ | PROT_WRITE,
		 MAP_SHARED, fd, 0);
	close(fd);
	if (p == MAP_FAILED) {
		daemon_log(DLOG_ERR, 0, "mmap %s: %m", XSD_KVA);
		free(r);
		return -1;
	}
	r->intf = p;
	r->kind = MAP_KVA;
	struct xs_conn *c = ring_connect(x, s, 0, r, port);
	if (!c || !xs_store_add_domain(s, 0, c, 0, port)) {
		ring_unmap(x, r);
		free(r);
		return -1;
	}
	daemon_log(DLOG_INFO, 0, "dom0 ring connected (port %u)", port);
	return 0;
}

static void check_domains(struct xs_xen *x, struct xs_store *s)
{
	struct xs_domain *d, *next;

	for (d = s->doms; d; d = next) {
		xc_dominfo_t info;
		int n;

		next = d->next;
		if (d->domid == 0)
			continue;
		n = xc_domain_getinfo(x->xch, d->domid, 1, &info);
		if (n != 1 || info.domid != d->domid || info.dying)
			xs_store_domain_gone(s, d->domid);
		/* libxenctrl reports a crash as crashed, not shutdown. */
		else if (info.shutdown || info.crashed)
			xs_store_domain_shutdown(s, d->domid);
	}
}

void xs_xen_events(struct xs_xen *x, struct xs_store *s)
{
	xenevtchn_port_or_error_t port;

	/* The fd is non-blocking (xs_xen_open): drain all that is pending. */
	while ((port = xenevtchn_pending(x->xce)) >= 0) {
		xenevtchn_unmask(x->xce, (evtchn_port_t)port);
		if ((evtchn_port_t)port == x->virq)
			x->check_domains = true;
	}
	if (x->check_domains) {
		x->check_domains = false;
		check_domains(x, s);
	}
}

void xs_xen_service(struct xs_xen *x, struct xs_store *s)
{
	for (struct xs_conn *c = s->conns; c; c = c->next) {
		struct ring *r = c->priv;

		if (!c->is_domain || !r || c->dead)
			continue;
		if (xs_ring_service(r->intf, c))
			xenevtchn_notify(x->xce, r->local);
		if (c->dead)
			daemon_log(DLOG_WARN, (int)c->domid,
			       "connection broken; ignoring it until released");
	}
}

/* Ring transport (see xs_ring.h). The guest writes req_prod and rsp_cons;
 * we write req_cons and rsp_prod. Indexes are free-running. */
#include "xs_ring.h"

#include <string.h>

#include "daemon_log.h"

#define RING_LOAD(p) __atomic_load_n(&(p), __ATOMIC_ACQUIRE)
#define RING_STORE(p, v) __atomic_store_n(&(p), (v), __ATOMIC_RELEASE)

long xs_ring_req_avail(const struct xenstore_domain_interface *intf)
{
	XENSTORE_RING_IDX prod = RING_LOAD(intf->req_prod);
	XENSTORE_RING_IDX cons = intf->req_cons;

	if (prod - cons > XENSTORE_RING_SIZE)
		return -1;
	return (long)(prod - cons);
}

static size_t ring_read(struct xenstore_domain_interface *intf, char *dst,
			size_t len)
{
	XENSTORE_RING_IDX cons = intf->req_cons;
	size_t done = 0;

	while (done < len) {
		size_t off = MASK_XENSTORE_IDX(cons);
		size_t chunk = XENSTORE_RING_SIZE - off;
		if (chunk > len - done)
			chunk = len - done;
		memcpy(dst + done, intf->req + off, chunk);
		done += chunk;
		cons += (XENSTORE_RING_IDX)chunk;
	}
	RING_STORE(intf->req_cons, cons);
	return done;
}

/* Returns true if anything was consumed. */
static bool pull_requests(struct xenstore_domain_interface *intf,
			  struct xs_conn *c)
{
	bool moved = false;

	for (;;) {
		long avail = xs_ring_req_avail(intf);
		void *ptr;
		size_t want;

		if (avail < 0) {
			daemon_log(DLOG_WARN, (int)c->domid,
			       "bad request ring indexes: closing");
			intf->error = XENSTORE_ERROR_RINGIDX;
			xs_conn_ignore(c);
			return moved;
		}
		want = xs_conn_want(c, &ptr);
		if (!avail || !want)
			return moved;
		if (want > (size_t)avail)
			want = (size_t)avail;
		ring_read(intf, ptr, want);
		moved = true;
		xs_conn_got(c, want);
	}
}

static bool push_replies(struct xenstore_domain_interface *intf,
			 struct xs_conn *c)
{
	bool moved = false;
	const void *src;
	size_t len;

	while ((len = xs_conn_peek(c, &src)) > 0) {
		XENSTORE_RING_IDX cons = RING_LOAD(intf->rsp_cons);
		XENSTORE_RING_IDX prod = intf->rsp_prod;
		size_t space, off, chunk;

		if (prod - cons > XENSTORE_RING_SIZE) {
			intf->error = XENSTORE_ERROR_RINGIDX;
			xs_conn_ignore(c);
			return moved;
		}
		space = XENSTORE_RING_SIZE - (prod - cons);
		off = MASK_XENSTORE_IDX(prod);
		chunk = XENSTORE_RING_SIZE - off;
		if (chunk > space)
			chunk = space;
		if (chunk > len)
			chunk = len;
		if (!chunk)
			return moved;
		memcpy(intf->rsp + off, src, chunk);
		RING_STORE(intf->rsp_prod, prod + (XENSTORE_RING_IDX)chunk);
		xs_conn_sent(c, chunk);
		moved = true;
	}
	return moved;
}

bool xs_ring_service(struct xenstore_domain_interface *intf,
		     struct xs_conn *c)
{
	bool notify = false;

	/* Replies first: they make room for more requests (outstanding). */
	for (;;) {
		bool a = push_replies(intf, c);
		bool b = !c->dead && pull_requests(intf, c);
		notify |= a || b;
		if (!(a || b) || c->dead)
			return notify;
	}
}

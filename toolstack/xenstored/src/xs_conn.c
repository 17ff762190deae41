/* Connections: input framing, output queue, privilege (see xs_store.h). */
#include <stdlib.h>
#include <string.h>

#include "daemon_log.h"
#include "xs_store.h"
#include "xs_txn.h"

struct xs_conn *xs_conn_new(struct xs_store *s, unsigned domid,
			    bool is_domain, void *priv)
{
	struct xs_conn *c = calloc(1, sizeof(*c));

	if (!c)
		return NULL;
	c->store = s;
	c->domid = domid;
	c->is_domain = is_domain;
	c->priv = priv;
	c->next = s->conns;
	s->conns = c;
	return c;
}

void xs_conn_free(struct xs_conn *c)
{
	struct xs_conn **pp;

	if (!c)
		return;
	for (pp = &c->store->conns; *pp; pp = &(*pp)->next) {
		if (*pp == c) {
			*pp = c->next;
			break;
		}
	}
	for (struct xs_domain *d = c->store->doms; d; d = d->next)
		if (d->conn == c)
			d->conn = NULL;
	xs_conn_ignore(c);
	free(c);
}

static void drop_output(struct xs_conn *c)
{
	while (c->out_head) {
		struct xs_outmsg *m = c->out_head;
		c->out_head = m->next;
		free(m->buf);
		free(m);
	}
	c->out_tail = NULL;
	c->out_replies = c->out_events = 0;
	c->out_mem = 0;
}

void xs_conn_ignore(struct xs_conn *c)
{
	c->dead = true;
	xs_watch_clear(c);
	xs_conn_end_txns(c);
	drop_output(c);
}

void xs_conn_end_txns(struct xs_conn *c)
{
	while (c->txns) {
		struct xs_txn *t = c->txns;
		c->txns = t->next;
		xs_txn_free(t);
	}
	c->ntxns = 0;
}

bool xs_conn_privileged(const struct xs_conn *c)
{
	return c->domid == 0;
}

static int conn_target(const struct xs_conn *c)
{
	for (const struct xs_domain *d = c->store->doms; d; d = d->next)
		if (d->domid == c->domid)
			return d->target;
	return -1;
}

unsigned xs_conn_access(const struct xs_conn *c, const struct xs_perm *p,
			unsigned np)
{
	if (xs_conn_privileged(c))
		return XS_PERM_BOTH;
	/* A device model domain acts for its target (XS_SET_TARGET). */
	return xs_perms_for(p, np, c->domid, conn_target(c));
}

/* A domain waits while it has too many unread replies or is at its
 * memory quota (Xen's domain_can_read). */
static bool conn_blocked(struct xs_conn *c)
{
	return c->is_domain && !xs_conn_privileged(c) &&
	       (c->out_replies >= c->store->q.outstanding ||
		xs_mem_over(c->store, c->domid, 0));
}

size_t xs_conn_want(struct xs_conn *c, void **ptr)
{
	if (c->dead || conn_blocked(c))
		return 0;
	if (c->hdr_got < XS_HDR_SIZE) {
		*ptr = (char *)&c->hdr + c->hdr_got;
		return XS_HDR_SIZE - c->hdr_got;
	}
	*ptr = c->body + c->body_got;
	return c->hdr.len - c->body_got;
}

static void conn_complete(struct xs_conn *c)
{
	struct xs_request req;
	int err = xs_wire_parse(&c->hdr, c->body, c->hdr.len, &req);

	c->hdr_got = c->body_got = 0;
	if (c->store->trace)
		fprintf(c->store->trace, "IN  dom%u %s id=%u tx=%u len=%u\n",
			c->domid, xs_wire_type_name(req.type), req.req_id,
			req.tx_id, c->hdr.len);
	xs_store_handle(c, &req, err);
}

void xs_conn_got(struct xs_conn *c, size_t n)
{
	if (c->hdr_got < XS_HDR_SIZE) {
		c->hdr_got += n;
		if (c->hdr_got < XS_HDR_SIZE)
			return;
		if (xs_wire_check_header(&c->hdr)) {
			daemon_log(DLOG_WARN, (int)c->domid,
			       "message of %u bytes exceeds %u: closing",
			       c->hdr.len, XENSTORE_PAYLOAD_MAX);
			xs_conn_ignore(c);
			return;
		}
		if (c->hdr.len == 0)
			conn_complete(c);
		return;
	}
	c->body_got += n;
	if (c->body_got == c->hdr.len)
		conn_complete(c);
}

size_t xs_conn_feed(struct xs_conn *c, const void *buf, size_t len)
{
	size_t done = 0;

	while (done < len) {
		void *ptr;
		size_t want = xs_conn_want(c, &ptr);
		if (want == 0)
			break;
		if (want > len - done)
			want = len - done;
		memcpy(ptr, (const char *)buf + done, want);
		done += want;
		xs_conn_got(c, want);
	}
	return done;
}

void xs_conn_queue(struct xs_conn *c, uint32_t type, uint32_t req_id,
		   uint32_t tx_id, const void *payload, size_t len)
{
	bool is_event = type == XS_WATCH_EVENT;
	long charge = (long)(XS_HDR_SIZE + len);
	struct xs_outmsg *m;

	if (c->dead)
		return; /* ignored until its domain goes (XSA-325) */
	/* At the memory quota events are dropped and long replies become
	 * ENOMEM, as Xen's send_event and send_reply do. */
	if ((is_event || len > XS_MEM_SMALL_REPLY) && c->is_domain &&
	    xs_mem_over(c->store, c->domid, charge)) {
		if (!is_event)
			xs_conn_queue(c, XS_ERROR, req_id, tx_id, "ENOMEM", 7);
		return;
	}
	if (is_event && c->is_domain && !xs_conn_privileged(c) &&
	    c->out_events >= c->store->q.events) {
		if (!c->dropping)
			daemon_log(DLOG_WARN, (int)c->domid, "dropping watch "
			       "events: %u unread", c->out_events);
		c->dropping = true;
		return;
	}
	if (is_event)
		c->dropping = false;
	m = calloc(1, sizeof(*m));
	if (!m || !(m->buf = xs_wire_build(type, req_id, tx_id, payload,
					    len, &m->len))) {
		free(m);
		daemon_log(DLOG_ERR, (int)c->domid, "out of memory: closing");
		xs_conn_ignore(c);
		return;
	}
	m->is_event = is_event;
	c->out_mem += m->len;
	if (c->out_tail)
		c->out_tail->next = m;
	else
		c->out_head = m;
	c->out_tail = m;
	if (is_event)
		c->out_events++;
	else
		c->out_replies++;
	if (c->store->trace)
		fprintf(c->store->trace, "OUT dom%u %s id=%u tx=%u len=%zu\n",
			c->domid, xs_wire_type_name(type), req_id, tx_id, len);
}

size_t xs_conn_peek(struct xs_conn *c, const void **ptr)
{
	if (!c->out_head)
		return 0;
	*ptr = c->out_head->buf + c->out_head->off;
	return c->out_head->len - c->out_head->off;
}

void xs_conn_sent(struct xs_conn *c, size_t n)
{
	struct xs_outmsg *m = c->out_head;

	m->off += n;
	if (m->off < m->len)
		return;
	c->out_head = m->next;
	if (!c->out_head)
		c->out_tail = NULL;
	if (m->is_event)
		c->out_events--;
	else
		c->out_replies--;
	c->out_mem -= m->len;
	free(m->buf);
	free(m);
}

/* Test helpers (see check_util.h). */
#include "check_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xs_path.h"

struct xs_store *t_s;

#define STASH 256
static struct { struct xs_conn *c; char text[XENSTORE_PAYLOAD_MAX + 2]; }
	stash[STASH];
static unsigned nstash;

static char *slot(void)
{
	static char bufs[8][XENSTORE_PAYLOAD_MAX * 2 + 8];
	static unsigned next;

	return bufs[next++ % 8];
}

static struct xs_conn *intro(void *ctx, struct xs_store *s, unsigned domid,
			     uint64_t mfn, unsigned port)
{
	(void)ctx; (void)mfn; (void)port;
	return xs_conn_new(s, domid, true, NULL);
}

struct xs_store *t_store(const struct xs_quota *q)
{
	struct xs_quota def = XS_QUOTA_DEFAULTS;
	struct xs_store_hooks h = { .introduce = intro };

	nstash = 0;
	t_s = xs_store_new(q ? q : &def, &h);
	ck_assert_ptr_nonnull(t_s);
	return t_s;
}

void t_store_free(void)
{
	xs_store_free(t_s);
	t_s = NULL;
}

struct xs_conn *t_dom0(void)
{
	return xs_conn_new(t_s, 0, false, NULL);
}

struct xs_conn *t_domain(unsigned domid)
{
	struct xs_conn *d0 = t_dom0();
	char num[16], home[64], perm[16];
	struct xs_domain *d;

	snprintf(num, sizeof(num), "%u", domid);
	xs_path_domain(domid, home, sizeof(home));
	snprintf(perm, sizeof(perm), "n%u", domid);
	ck_assert_str_eq(t_call(d0, XS_MKDIR, 0, home, NULL), "OK|");
	ck_assert_str_eq(t_call(d0, XS_SET_PERMS, 0, home, perm), "OK|");
	ck_assert_str_eq(t_call3(d0, XS_INTRODUCE, 0, num, "1234", "7"), "OK|");
	xs_conn_free(d0);
	d = xs_store_domain(t_s, domid);
	ck_assert_ptr_nonnull(d);
	ck_assert_ptr_nonnull(d->conn);
	return d->conn;
}

/* Pops one queued message of c into type/body; false when none. */
static bool pop(struct xs_conn *c, struct xsd_sockmsg *h, char *body)
{
	const void *p;
	size_t len = xs_conn_peek(c, &p);

	if (!len)
		return false;
	ck_assert_uint_ge(len, sizeof(*h));
	memcpy(h, p, sizeof(*h));
	ck_assert_uint_eq(len, sizeof(*h) + h->len);
	memcpy(body, (const char *)p + sizeof(*h), h->len);
	xs_conn_sent(c, len);
	return true;
}

static void show(char *out, const char *body, size_t len, bool err)
{
	size_t o = 0;

	if (err)
		out[o++] = '!';
	for (size_t i = 0; i < len; i++)
		out[o++] = body[i] ? body[i] : '|';
	if (err && o > 1 && out[o - 1] == '|')
		o--;
	out[o] = '\0';
}

static const char *send(struct xs_conn *c, uint32_t type, uint32_t tx,
			const char *payload, size_t len)
{
	static uint32_t req_id = 100;
	struct xsd_sockmsg h = { type, ++req_id, tx, (uint32_t)len };
	char body[XENSTORE_PAYLOAD_MAX + 1];
	const char *reply = NULL;
	char *out;

	xs_conn_feed(c, &h, sizeof(h));
	xs_conn_feed(c, payload, len);
	while (pop(c, &h, body)) {
		if (h.type == XS_WATCH_EVENT) {
			ck_assert_uint_lt(nstash, STASH);
			stash[nstash].c = c;
			show(stash[nstash++].text, body, h.len, false);
			continue;
		}
		ck_assert_ptr_null(reply);
		ck_assert_uint_eq(h.req_id, req_id);
		out = slot();
		show(out, body, h.len, h.type == XS_ERROR);
		if (h.type != XS_ERROR)
			ck_assert_uint_eq(h.type, type);
		reply = out;
	}
	return reply ? reply : "(no reply)";
}

const char *t_call3(struct xs_conn *c, uint32_t type, uint32_t tx,
		    const char *a1, const char *a2, const char *a3)
{
	const char *args[] = { a1, a2, a3 };
	char buf[XENSTORE_PAYLOAD_MAX * 2];
	size_t len = 0;

	for (int i = 0; i < 3 && args[i]; i++) {
		memcpy(buf + len, args[i], strlen(args[i]) + 1);
		len += strlen(args[i]) + 1;
	}
	return send(c, type, tx, buf, len);
}

const char *t_call(struct xs_conn *c, uint32_t type, uint32_t tx,
		   const char *a1, const char *a2)
{
	return t_call3(c, type, tx, a1, a2, NULL);
}

const char *t_raw(struct xs_conn *c, uint32_t type, uint32_t tx,
		  const char *payload, size_t len)
{
	return send(c, type, tx, payload, len);
}

const char *t_write(struct xs_conn *c, uint32_t tx, const char *path,
		    const char *value)
{
	char buf[XENSTORE_PAYLOAD_MAX * 2];
	size_t pl = strlen(path) + 1, vl = strlen(value);

	memcpy(buf, path, pl);
	memcpy(buf + pl, value, vl);
	return send(c, XS_WRITE, tx, buf, pl + vl);
}

const char *t_read(struct xs_conn *c, uint32_t tx, const char *path)
{
	return t_call(c, XS_READ, tx, path, NULL);
}

uint32_t t_txn(struct xs_conn *c)
{
	const char *r = t_call(c, XS_TRANSACTION_START, 0, "", NULL);

	ck_assert_msg(r[0] != '!', "transaction start: %s", r);
	return (uint32_t)strtoul(r, NULL, 10);
}

const char *t_event(struct xs_conn *c)
{
	struct xsd_sockmsg h;
	char body[XENSTORE_PAYLOAD_MAX + 1];

	for (unsigned i = 0; i < nstash; i++) {
		if (stash[i].c != c)
			continue;
		char *out = slot();
		strcpy(out, stash[i].text);
		memmove(stash + i, stash + i + 1, (nstash - i - 1) * sizeof(*stash));
		nstash--;
		return out;
	}
	if (!pop(c, &h, body))
		return NULL;
	ck_assert_uint_eq(h.type, XS_WATCH_EVENT);
	char *out = slot();
	show(out, body, h.len, false);
	return out;
}

const char *t_reply(struct xs_conn *c)
{
	struct xsd_sockmsg h;
	char body[XENSTORE_PAYLOAD_MAX + 1];
	char *out = slot();

	if (!pop(c, &h, body))
		return NULL;
	show(out, body, h.len, h.type == XS_ERROR);
	return out;
}

void t_no_events(struct xs_conn *c)
{
	while (t_event(c))
		;
}

/* Independent of xs_tree.c's running totals: Xen 4.17's charge of each
 * node, summed over a walk of the main tree. */
static void recount(const struct xs_node *n, size_t plen, unsigned domid,
		    size_t *mem, unsigned *nodes)
{
	size_t kids = 0;

	for (unsigned i = 0; i < n->nkids; i++) {
		size_t kl = strlen(n->kids[i]->name);
		kids += kl + 1;
		recount(n->kids[i], (plen == 1 ? 0 : plen) + 1 + kl, domid,
			mem, nodes);
	}
	if (n->perms[0].domid != domid)
		return;
	*mem += plen + 24 + 8 * n->nperms + n->vlen + kids;
	(*nodes)++;
}

size_t t_recount_mem(unsigned domid)
{
	size_t mem = 0;
	unsigned nodes = 0;

	recount(t_s->tree->root, 1, domid, &mem, &nodes);
	ck_assert_uint_eq(nodes, xs_tree_owned(t_s->tree, domid));
	return mem;
}

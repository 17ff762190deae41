/* The store as a whole and its table of domains (see xs_store.h). */
#include <stdlib.h>
#include <string.h>

#include "daemon_log.h"
#include "xs_store.h"

static void setup_tree(struct xs_tree *t)
{
	/* The skeleton every Xen toolstack expects to find. */
	xs_tree_create(t, "/local/domain", -1);
	xs_tree_create(t, "/tool/xenstored", -1);
}

struct xs_store *xs_store_new(const struct xs_quota *q,
			      const struct xs_store_hooks *hooks)
{
	struct xs_store *s = calloc(1, sizeof(*s));

	if (!s)
		return NULL;
	s->tree = xs_tree_new();
	if (!s->tree) {
		free(s);
		return NULL;
	}
	setup_tree(s->tree);
	s->q = *q;
	if (hooks)
		s->hooks = *hooks;
	for (int i = 0; i < 2; i++) {
		s->special_perms[i][0] = (struct xs_perm){ 0, XS_PERM_NONE };
		s->special_nperms[i] = 1;
	}
	return s;
}

void xs_store_free(struct xs_store *s)
{
	while (s->conns) {
		struct xs_conn *c = s->conns;
		if (c->is_domain && s->hooks.release)
			s->hooks.release(s->hooks.ctx, c);
		xs_conn_free(c);
	}
	while (s->doms) {
		struct xs_domain *d = s->doms;
		s->doms = d->next;
		free(d);
	}
	xs_tree_free(s->tree);
	xs_trace_close(s);
	free(s->trace_path);
	free(s);
}

struct xs_domain *xs_store_domain(struct xs_store *s, unsigned domid)
{
	for (struct xs_domain *d = s->doms; d; d = d->next)
		if (d->domid == domid)
			return d;
	return NULL;
}

struct xs_domain *xs_store_add_domain(struct xs_store *s, unsigned domid,
				      struct xs_conn *c, uint64_t mfn,
				      unsigned port)
{
	struct xs_domain *d = xs_store_domain(s, domid);

	if (!d) {
		d = calloc(1, sizeof(*d));
		if (!d)
			return NULL;
		d->domid = domid;
		d->next = s->doms;
		s->doms = d;
	}
	d->conn = c;
	d->mfn = mfn;
	d->port = port;
	d->target = -1;
	d->shutdown_reported = false;
	return d;
}

void xs_store_domain_shutdown(struct xs_store *s, unsigned domid)
{
	struct xs_domain *d = xs_store_domain(s, domid);

	if (!d || d->shutdown_reported)
		return;
	d->shutdown_reported = true;
	daemon_log(DLOG_INFO, (int)domid, "shut down");
	xs_watch_fire_special(s, "@releaseDomain");
}

void xs_store_domain_gone(struct xs_store *s, unsigned domid)
{
	struct xs_domain **pp, *d = NULL;

	for (pp = &s->doms; *pp; pp = &(*pp)->next) {
		if ((*pp)->domid == domid) {
			d = *pp;
			*pp = d->next;
			break;
		}
	}
	if (!d)
		return;
	if (d->conn) {
		if (s->hooks.release)
			s->hooks.release(s->hooks.ctx, d->conn);
		xs_conn_free(d->conn);
	}
	free(d);
	/* A later domain reusing the id must not inherit these nodes. */
	xs_tree_chown_all(s->tree, domid, 0);
	for (int i = 0; i < 2; i++)
		xs_perms_ignore(s->special_perms[i], s->special_nperms[i],
				domid);
	daemon_log(DLOG_INFO, (int)domid, "released");
	xs_watch_fire_special(s, "@releaseDomain");
}

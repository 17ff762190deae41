/* The store as a whole and its table of domains (see xs_store.h). */
#include <stdlib.h>
#include <string.h>

#include "daemon_log.h"
#include "xs_path.h"
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
	d->introduced = c != NULL;
	d->shutdown_reported = false;
	return d;
}

void xs_store_domain_shutdown(struct xs_store *s, unsigned domid)
{
	struct xs_domain *d = xs_store_domain(s, domid);

	if (!d || !d->introduced || d->shutdown_reported)
		return;
	d->shutdown_reported = true;
	daemon_log(DLOG_INFO, (int)domid, "shut down");
	xs_watch_fire_special(s, "@releaseDomain");
}

/* buf holds n's path in its first len bytes. Xen 4.17 removes every
 * node a dead domain owns, with what is below it and firing watches as
 * a removal does (XSA-419): a domain cannot leave nodes outside its home
 * that no quota counts any more. */
static void remove_owned(struct xs_store *s, struct xs_node *n,
			 unsigned domid, char *buf, size_t len)
{
	size_t base = len == 1 ? 0 : len; /* the root is "/" */

	/* Backwards: removing a child shifts those after it. */
	for (unsigned i = n->nkids; i-- > 0;) {
		struct xs_node *k = n->kids[i];
		size_t kl = strlen(k->name);

		if (base + 1 + kl >= XS_PATH_BUF)
			continue;
		buf[base] = '/';
		memcpy(buf + base + 1, k->name, kl + 1);
		if (k->perms[0].domid == domid) {
			daemon_log(DLOG_DEBUG, (int)domid,
			       "orphaned node %s deleted", buf);
			xs_watch_fire_removed(s, k, buf);
			xs_tree_remove(s->tree, k);
		} else {
			remove_owned(s, k, domid, buf, base + 1 + kl);
		}
		buf[len] = '\0';
	}
}

void xs_store_domain_gone(struct xs_store *s, unsigned domid)
{
	struct xs_domain **pp, *d = NULL;
	bool introduced;

	for (pp = &s->doms; *pp; pp = &(*pp)->next) {
		if ((*pp)->domid == domid) {
			d = *pp;
			*pp = d->next;
			break;
		}
	}
	if (!d)
		return;
	introduced = d->introduced;
	if (d->conn) {
		if (s->hooks.release)
			s->hooks.release(s->hooks.ctx, d->conn);
		xs_conn_free(d->conn);
	}
	free(d);
	if (!s->keep_orphans && xs_tree_owned(s->tree, domid)) {
		char buf[XS_PATH_BUF] = "/";
		remove_owned(s, s->tree->root, domid, buf, 1);
	}
	/* A later domain reusing the id must not inherit what is left
	 * (-K: its nodes), nor its grants (XSA-322): Xen 4.17 marks them
	 * ignored in nodes (domain_adjust_node_perms) and drops them from
	 * the special nodes (destroy_domain: remove_domid_from_perm). */
	xs_tree_chown_all(s->tree, domid, 0);
	for (int i = 0; i < 2; i++)
		s->special_nperms[i] = xs_perms_remove_domid(
			s->special_perms[i], s->special_nperms[i], domid);
	if (!introduced)
		return;
	daemon_log(DLOG_INFO, (int)domid, "released");
	xs_watch_fire_special(s, "@releaseDomain");
}

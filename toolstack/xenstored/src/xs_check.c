/* CONTROL "check" (xenstore-control check): Xen 4.17's check_store walks
 * its data base for children that are missing, duplicated or not
 * reachable, logs them and repairs what it can. Our tree has no separate
 * data base, so what can go wrong is its links and its accounting: the
 * walk checks every child's parent link and name, recounts each node's
 * charge and each owner's nodes and bytes (xs_tree.h), logs each
 * difference and puts the recount in place. */
#include <stdlib.h>
#include <string.h>

#include "daemon_log.h"
#include "xs_store.h"

struct recount {
	struct xs_acct *acct;
	unsigned nacct;
	unsigned problems;
};

static void add(struct recount *r, unsigned domid, size_t mem)
{
	for (unsigned i = 0; i < r->nacct; i++) {
		if (r->acct[i].domid == domid) {
			r->acct[i].nodes++;
			r->acct[i].mem += mem;
			return;
		}
	}
	struct xs_acct *a = realloc(r->acct, (r->nacct + 1) * sizeof(*a));
	if (!a)
		abort(); /* a half-done recount would corrupt the accounts */
	r->acct = a;
	r->acct[r->nacct++] = (struct xs_acct){ domid, 1, mem };
}

/* plen: length of n's path ("/" for the root). */
static void walk(struct recount *r, struct xs_node *n, size_t plen)
{
	size_t mem = plen + XS_REC_HDR + n->nperms * XS_REC_PERM + n->vlen;

	for (unsigned i = 0; i < n->nkids; i++) {
		struct xs_node *k = n->kids[i];

		mem += strlen(k->name) + 1;
		if (k->parent != n) {
			daemon_log(DLOG_ERR, 0, "check_store: '%s' has a wrong "
				   "parent link", k->name);
			k->parent = n;
			r->problems++;
		}
		for (unsigned j = 0; j < i; j++) {
			if (!strcmp(n->kids[j]->name, k->name)) {
				daemon_log(DLOG_ERR, 0, "check_store: '%s' is "
					   "duplicated!", k->name);
				r->problems++;
			}
		}
		walk(r, k, (n->parent ? plen : 0) + 1 + strlen(k->name));
	}
	if (n->mem != mem) {
		daemon_log(DLOG_ERR, (int)n->perms[0].domid, "check_store: "
			   "node '%s' charged %zu bytes, not %zu",
			   n->parent ? n->name : "/", n->mem, mem);
		n->mem = mem;
		r->problems++;
	}
	add(r, n->perms[0].domid, mem);
}

unsigned xs_store_check(struct xs_store *s)
{
	struct xs_tree *t = s->tree;
	struct recount r = { NULL, 0, 0 };

	daemon_log(DLOG_INFO, 0, "Checking store ...");
	walk(&r, t->root, 1);
	/* Each owner's counts against the recount; one the tree no longer
	 * names must count nothing. */
	for (unsigned i = 0; i < t->nacct; i++) {
		struct xs_acct *a = &t->acct[i], *want = NULL;

		for (unsigned j = 0; j < r.nacct; j++)
			if (r.acct[j].domid == a->domid)
				want = &r.acct[j];
		if ((want ? want->nodes : 0) == a->nodes &&
		    (want ? want->mem : 0) == a->mem)
			continue;
		daemon_log(DLOG_ERR, (int)a->domid, "check_store: %u nodes of "
			   "%zu bytes counted, %u of %zu found", a->nodes,
			   a->mem, want ? want->nodes : 0, want ? want->mem : 0);
		r.problems++;
	}
	free(t->acct);
	t->acct = r.acct;
	t->nacct = r.nacct;
	daemon_log(DLOG_INFO, 0, "Checking store complete.");
	return r.problems;
}

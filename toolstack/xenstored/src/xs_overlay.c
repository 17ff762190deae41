/* Overlays: a transaction's lazily copied view of the main tree (see
 * xs_tree.h). Like Xen's C xenstored, which keeps only the nodes a
 * transaction touched, starting a transaction copies no node at all; a
 * node is copied (value, permissions, generation) when a walk first
 * enters it, and its children one by one as walks go through it
 * (partial), all of them (as stubs) only when its list is used. */
#include <stdlib.h>
#include <string.h>

#include "xs_path.h"
#include "xs_tree.h"

static struct xs_node *stub_new(struct xs_tree *t, const char *name,
				struct xs_node *parent)
{
	struct xs_node *n = calloc(1, sizeof(*n));

	if (!n || !(n->name = strdup(name)))
		abort(); /* a half-built view would answer wrongly */
	t->copied_nodes++;
	t->copied_bytes += sizeof(*n) + strlen(name) + 1;
	n->parent = parent;
	n->stub = true;
	return n;
}

static void *copy_of(const void *p, size_t len)
{
	void *d = malloc(len ? len : 1);

	if (!d)
		abort();
	if (len)
		memcpy(d, p, len);
	return d;
}

/* Copies what base's node b holds into the stub n of t. */
static void fill(struct xs_tree *t, struct xs_node *n,
		 const struct xs_node *b)
{
	t->copied_bytes += b->nperms * sizeof(*b->perms) + b->vlen;
	n->perms = copy_of(b->perms, b->nperms * sizeof(*b->perms));
	n->nperms = b->nperms;
	if (b->vlen) {
		n->value = copy_of(b->value, b->vlen);
		n->vlen = b->vlen;
	}
	n->gen = b->gen;
	n->mem = b->mem;
	n->partial = b->nkids != 0;
	n->stub = false;
}

static void add_kid(struct xs_tree *t, struct xs_node *n, struct xs_node *k)
{
	if (n->nkids == n->capkids) {
		unsigned cap = n->capkids ? n->capkids * 2 : 4;
		struct xs_node **a = realloc(n->kids, cap * sizeof(*a));

		if (!a)
			abort();
		t->copied_bytes += (cap - n->capkids) * sizeof(*a);
		n->kids = a;
		n->capkids = cap;
	}
	n->kids[n->nkids++] = k;
}

struct xs_node *xs_tree_base_kid(struct xs_tree *t, struct xs_node *n,
				 const char *path, size_t len)
{
	char *kp = strndup(path, len);
	const struct xs_node *b;
	struct xs_node *k;

	if (!kp)
		abort();
	b = t->base ? xs_tree_lookup(t->base, kp) : NULL;
	free(kp);
	if (!b)
		return NULL;
	k = stub_new(t, b->name, n);
	add_kid(t, n, k);
	return k;
}

void xs_tree_complete(struct xs_tree *t, struct xs_node *n)
{
	char path[XS_PATH_BUF];
	const struct xs_node *b;
	struct xs_node **seen;
	unsigned nseen;

	if (n->stub || !n->partial)
		return;
	n->partial = false;
	xs_tree_path(n, path, sizeof(path));
	b = t->base ? xs_tree_lookup(t->base, path) : NULL;
	if (!b)
		return; /* gone from base: what walks saw is what it has */
	/* base's order; children seen here but gone from base stay, last */
	seen = n->kids;
	nseen = n->nkids;
	n->kids = NULL;
	n->nkids = n->capkids = 0;
	for (unsigned i = 0; i < b->nkids; i++) {
		struct xs_node *k = NULL;

		for (unsigned j = 0; j < nseen && !k; j++) {
			if (seen[j] &&
			    !strcmp(seen[j]->name, b->kids[i]->name)) {
				k = seen[j];
				seen[j] = NULL;
			}
		}
		add_kid(t, n, k ? k : stub_new(t, b->kids[i]->name, n));
	}
	for (unsigned j = 0; j < nseen; j++)
		if (seen[j])
			add_kid(t, n, seen[j]);
	free(seen);
}

/* Unlinks a stub from its parent without touching generations or
 * accounts: the overlay never saw it as a node. */
static void drop(struct xs_node *n)
{
	struct xs_node *p = n->parent;

	for (unsigned i = 0; i < p->nkids; i++) {
		if (p->kids[i] == n) {
			memmove(p->kids + i, p->kids + i + 1,
				(p->nkids - i - 1) * sizeof(n));
			p->nkids--;
			break;
		}
	}
	free(n->name);
	free(n);
}

bool xs_tree_load(struct xs_tree *t, struct xs_node *n)
{
	char path[XS_PATH_BUF];
	const struct xs_node *b;

	if (!n->stub)
		return true;
	xs_tree_path(n, path, sizeof(path));
	b = t->base ? xs_tree_lookup(t->base, path) : NULL;
	if (!b) {
		drop(n);
		return false;
	}
	fill(t, n, b);
	return true;
}

struct xs_tree *xs_tree_overlay(struct xs_tree *base)
{
	struct xs_tree *t = calloc(1, sizeof(*t));

	if (!t)
		abort();
	t->base = base;
	t->gen = base->gen;
	t->root = stub_new(t, "", NULL); /* loaded by the first walk */
	t->acct = copy_of(base->acct, base->nacct * sizeof(*base->acct));
	t->nacct = base->nacct;
	return t;
}

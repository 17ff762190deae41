/* Transactions (see xs_txn.h). */
#include "xs_txn.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "xs_path.h"

struct xs_txn *xs_txn_new(struct xs_tree *main, uint32_t id, unsigned domid,
			  const unsigned *max_nodes)
{
	struct xs_txn *t = calloc(1, sizeof(*t));

	if (!t)
		return NULL;
	t->id = id;
	t->max_nodes = max_nodes;
	t->tree = xs_tree_overlay(main);
	t->owned_at_start = xs_tree_owned(main, domid);
	return t;
}

void xs_txn_free(struct xs_txn *t)
{
	if (!t)
		return;
	for (unsigned i = 0; i < t->nacc; i++)
		free(t->acc[i].path);
	for (unsigned i = 0; i < t->nops; i++) {
		free(t->ops[i].path);
		free(t->ops[i].value);
		free(t->ops[i].perms);
	}
	free(t->acc);
	free(t->index);
	free(t->ops);
	xs_tree_free(t->tree);
	free(t);
}

/* FNV-1a: noting stays O(1) however many paths a dom0 transaction sees. */
static unsigned hash(const char *s)
{
	uint32_t h = 2166136261u;

	while (*s)
		h = (h ^ (uint8_t)*s++) * 16777619u;
	return h;
}

static unsigned *slot(const struct xs_txn *t, const char *path)
{
	unsigned mask = t->nindex - 1;

	for (unsigned i = hash(path) & mask;; i = (i + 1) & mask)
		if (!t->index[i] || !strcmp(t->acc[t->index[i] - 1].path, path))
			return &t->index[i];
}

static void grow(struct xs_txn *t)
{
	unsigned *old = t->index, nold = t->nindex;

	t->nindex = nold ? nold * 2 : 16;
	t->index = calloc(t->nindex, sizeof(*t->index));
	if (!t->index)
		abort();
	for (unsigned i = 0; i < nold; i++)
		if (old[i])
			*slot(t, t->acc[old[i] - 1].path) = old[i];
	free(old);
}

int xs_txn_note(struct xs_txn *t, const char *path)
{
	const struct xs_node *n;
	unsigned *sl;

	if (2 * (t->nacc + 1) >= t->nindex)
		grow(t);
	sl = slot(t, path);
	if (*sl)
		return 0;
	if (t->max_nodes && t->nacc >= *t->max_nodes)
		return ENOSPC;
	if (t->nacc == t->capacc) {
		unsigned cap = t->capacc ? t->capacc * 2 : 8;
		struct xs_txn_access *a = realloc(t->acc, cap * sizeof(*a));
		if (!a)
			abort();
		t->acc = a;
		t->capacc = cap;
	}
	n = xs_tree_lookup(t->tree, path);
	t->acc[t->nacc].path = strdup(path);
	if (!t->acc[t->nacc].path)
		abort();
	t->acc[t->nacc++].gen = n ? n->gen : 0;
	*sl = t->nacc;
	return 0;
}

/* buf holds n's path in its first len bytes; one buffer serves the
 * whole walk so deep trees cost no stack per level. */
static int note_below(struct xs_txn *t, struct xs_node *n, char *buf,
		      size_t len)
{
	size_t base = len == 1 ? 0 : len; /* the root is "/" */
	int err = 0;

	xs_tree_complete(t->tree, n);
	/* Backwards: a stub that fails to load leaves the array. */
	for (unsigned i = n->nkids; i-- > 0 && !err;) {
		struct xs_node *k = n->kids[i];
		size_t kl = strlen(k->name);

		if (base + 1 + kl >= XS_PATH_BUF ||
		    (k->stub && !xs_tree_load(t->tree, k)))
			continue;
		buf[base] = '/';
		memcpy(buf + base + 1, k->name, kl + 1);
		err = xs_txn_note(t, buf);
		if (!err)
			err = note_below(t, k, buf, base + 1 + kl);
		buf[len] = '\0';
	}
	return err;
}

int xs_txn_note_subtree(struct xs_txn *t, struct xs_node *n)
{
	char buf[XS_PATH_BUF];
	int err;

	xs_tree_path(n, buf, sizeof(buf));
	if ((err = xs_txn_note(t, buf)))
		return err;
	return note_below(t, n, buf, strlen(buf));
}

int xs_txn_note_create(struct xs_txn *t, const char *path)
{
	char cur[XS_PATH_BUF];
	int err;

	strcpy(cur, path);
	for (;;) {
		if ((err = xs_txn_note(t, cur)))
			return err;
		if (xs_tree_lookup(t->tree, cur) || !xs_path_parent(cur, cur))
			return 0;
	}
}

static void *dup_bytes(const void *p, size_t len)
{
	void *d = malloc(len ? len : 1);

	if (d && len)
		memcpy(d, p, len);
	return d;
}

size_t xs_txn_op_mem(const char *path, size_t vlen, unsigned np)
{
	return strlen(path) + 24 + np * 8 + vlen;
}

int xs_txn_log(struct xs_txn *t, enum xs_txn_op_type type, const char *path,
	       const void *value, size_t vlen, const struct xs_perm *p,
	       unsigned np)
{
	struct xs_txn_op *op;

	if (t->nops == t->capops) {
		unsigned cap = t->capops ? t->capops * 2 : 8;
		struct xs_txn_op *o = realloc(t->ops, cap * sizeof(*o));
		if (!o)
			return ENOMEM;
		t->ops = o;
		t->capops = cap;
	}
	op = &t->ops[t->nops];
	memset(op, 0, sizeof(*op));
	op->type = type;
	op->path = strdup(path);
	op->value = dup_bytes(value, vlen);
	op->vlen = vlen;
	op->perms = dup_bytes(p, np * sizeof(*p));
	op->nperms = np;
	if (!op->path || !op->value || !op->perms) {
		free(op->path);
		free(op->value);
		free(op->perms);
		return ENOMEM;
	}
	t->nops++;
	t->mem += xs_txn_op_mem(path, vlen, np);
	return 0;
}

bool xs_txn_unchanged(const struct xs_txn *t, struct xs_tree *main)
{
	for (unsigned i = 0; i < t->nacc; i++) {
		const struct xs_node *n = xs_tree_lookup(main, t->acc[i].path);
		if ((n ? n->gen : 0) != t->acc[i].gen)
			return false;
	}
	return true;
}

size_t xs_txn_recorded(const struct xs_txn *t)
{
	size_t n = sizeof(*t) + t->capacc * sizeof(*t->acc) +
		   t->nindex * sizeof(*t->index) +
		   t->capops * sizeof(*t->ops) + t->tree->copied_bytes;

	for (unsigned i = 0; i < t->nacc; i++)
		n += strlen(t->acc[i].path) + 1;
	for (unsigned i = 0; i < t->nops; i++)
		n += strlen(t->ops[i].path) + 1 + t->ops[i].vlen +
		     t->ops[i].nperms * sizeof(*t->ops[i].perms);
	return n;
}

int xs_txn_node_delta(const struct xs_txn *t, unsigned domid)
{
	return (int)xs_tree_owned(t->tree, domid) - (int)t->owned_at_start;
}

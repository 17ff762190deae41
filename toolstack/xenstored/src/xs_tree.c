/* The xenstore tree (see xs_tree.h). */
#include "xs_tree.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>


static struct xs_acct *acct_of(struct xs_tree *t, unsigned domid)
{
	for (unsigned i = 0; i < t->nacct; i++)
		if (t->acct[i].domid == domid)
			return &t->acct[i];
	struct xs_acct *a = realloc(t->acct, (t->nacct + 1) * sizeof(*a));
	if (!a)
		abort(); /* accounting must never go wrong silently */
	t->acct = a;
	t->acct[t->nacct] = (struct xs_acct){ .domid = domid };
	return &t->acct[t->nacct++];
}

static void acct_add(struct xs_tree *t, unsigned domid, int nodes,
		     long mem)
{
	struct xs_acct *a = acct_of(t, domid);

	a->nodes += (unsigned)nodes;
	a->mem += (size_t)mem;
}

/* Changes what n is charged by delta bytes. */
static void charge(struct xs_tree *t, struct xs_node *n, long delta)
{
	n->mem += (size_t)delta;
	acct_add(t, n->perms[0].domid, 0, delta);
}

unsigned xs_tree_owned(const struct xs_tree *t, unsigned domid)
{
	for (unsigned i = 0; i < t->nacct; i++)
		if (t->acct[i].domid == domid)
			return t->acct[i].nodes;
	return 0;
}

size_t xs_tree_mem(const struct xs_tree *t, unsigned domid)
{
	for (unsigned i = 0; i < t->nacct; i++)
		if (t->acct[i].domid == domid)
			return t->acct[i].mem;
	return 0;
}

size_t xs_tree_node_mem(const struct xs_node *n, unsigned np, size_t vlen)
{
	return n->mem - n->nperms * XS_REC_PERM - n->vlen + np * XS_REC_PERM + vlen;
}

/* What a new node without value or children is charged. */
static size_t new_node_mem(const struct xs_node *n)
{
	size_t len = n->parent ? 0 : 1; /* the root is "/" */

	for (const struct xs_node *a = n; a->parent; a = a->parent)
		len += strlen(a->name) + 1;
	return len + XS_REC_HDR + n->nperms * XS_REC_PERM;
}

static struct xs_node *node_new(const char *name, size_t nlen,
				const struct xs_perm *p, unsigned np)
{
	struct xs_node *n = calloc(1, sizeof(*n));

	if (!n)
		return NULL;
	n->name = strndup(name, nlen);
	n->perms = malloc(np * sizeof(*p));
	if (!n->name || !n->perms) {
		free(n->name);
		free(n->perms);
		free(n);
		return NULL;
	}
	memcpy(n->perms, p, np * sizeof(*p));
	n->nperms = np;
	return n;
}

static void node_free(struct xs_node *n)
{
	for (unsigned i = 0; i < n->nkids; i++)
		node_free(n->kids[i]);
	free(n->kids);
	free(n->name);
	free(n->value);
	free(n->perms);
	free(n);
}

struct xs_tree *xs_tree_new(void)
{
	struct xs_tree *t = calloc(1, sizeof(*t));
	struct xs_perm p = { 0, XS_PERM_NONE };

	if (!t)
		return NULL;
	t->root = node_new("", 0, &p, 1);
	if (!t->root) {
		free(t);
		return NULL;
	}
	t->root->gen = ++t->gen;
	t->root->mem = new_node_mem(t->root);
	acct_add(t, 0, 1, (long)t->root->mem);
	return t;
}

void xs_tree_free(struct xs_tree *t)
{
	if (!t)
		return;
	node_free(t->root);
	free(t->acct);
	free(t);
}

static struct xs_node *child(const struct xs_node *n, const char *name,
			     size_t len)
{
	for (unsigned i = 0; i < n->nkids; i++)
		if (strlen(n->kids[i]->name) == len &&
		    memcmp(n->kids[i]->name, name, len) == 0)
			return n->kids[i];
	return NULL;
}

/* Walks path; *rest points at the first component not found. */
static struct xs_node *walk(struct xs_tree *t, const char *path,
			    const char **rest)
{
	struct xs_node *n = t->root;
	const char *p = path;

	if (n->stub)
		xs_tree_load(t, n); /* an overlay's root: base always has it */

	while (*p == '/')
		p++;
	while (*p) {
		size_t len = strcspn(p, "/");
		struct xs_node *c = child(n, p, len);
		if (!c && n->partial)
			c = xs_tree_base_kid(t, n, path,
					     (size_t)(p - path) + len);
		if (c && c->stub && !xs_tree_load(t, c))
			c = NULL; /* gone from the main tree meanwhile */
		if (!c)
			break;
		n = c;
		p += len;
		while (*p == '/')
			p++;
	}
	*rest = p;
	xs_tree_complete(t, n); /* callers list, add or remove its kids */
	return n;
}

struct xs_node *xs_tree_lookup(struct xs_tree *t, const char *path)
{
	const char *rest;
	struct xs_node *n = walk(t, path, &rest);

	return *rest ? NULL : n;
}

struct xs_node *xs_tree_nearest(struct xs_tree *t, const char *path)
{
	const char *rest;

	return walk(t, path, &rest);
}

unsigned xs_tree_missing(struct xs_tree *t, const char *path)
{
	const char *rest;
	unsigned count = 0;

	walk(t, path, &rest);
	while (*rest) {
		count++;
		rest += strcspn(rest, "/");
		while (*rest == '/')
			rest++;
	}
	return count;
}

size_t xs_tree_create_mem(struct xs_tree *t, const char *path, size_t vlen,
			  size_t *parent_add)
{
	const char *rest;
	struct xs_node *near = walk(t, path, &rest);
	size_t mem = 0, plen = (size_t)(rest - path) - 1; /* near's, "/": 0 */

	*parent_add = *rest ? strcspn(rest, "/") + 1 : 0;
	while (*rest) {
		size_t len = strcspn(rest, "/");

		plen += 1 + len;
		rest += len;
		while (*rest == '/')
			rest++;
		/* each new node holds the next one's name, the last the value */
		mem += plen + XS_REC_HDR + near->nperms * XS_REC_PERM +
		       (*rest ? strcspn(rest, "/") + 1 : vlen);
	}
	return mem;
}

static int add_kid(struct xs_tree *t, struct xs_node *parent,
		   struct xs_node *kid)
{
	if (parent->nkids == parent->capkids) {
		unsigned cap = parent->capkids ? parent->capkids * 2 : 4;
		struct xs_node **k = realloc(parent->kids, cap * sizeof(*k));
		if (!k)
			return ENOMEM;
		parent->kids = k;
		parent->capkids = cap;
	}
	parent->kids[parent->nkids++] = kid;
	kid->parent = parent;
	parent->gen = kid->gen = ++t->gen;
	kid->mem = new_node_mem(kid);
	acct_add(t, kid->perms[0].domid, 1, (long)kid->mem);
	charge(t, parent, (long)strlen(kid->name) + 1);
	return 0;
}

struct xs_node *xs_tree_create(struct xs_tree *t, const char *path,
			       int owner)
{
	const char *p;
	struct xs_node *n = walk(t, path, &p);

	while (*p) {
		size_t len = strcspn(p, "/");
		struct xs_node *c = node_new(p, len, n->perms, n->nperms);
		if (!c)
			return NULL;
		if (owner >= 0)
			c->perms[0].domid = (uint16_t)owner;
		if (add_kid(t, n, c)) {
			node_free(c);
			return NULL;
		}
		n = c;
		p += len;
		while (*p == '/')
			p++;
	}
	return n;
}

int xs_tree_set_value(struct xs_tree *t, struct xs_node *n,
		      const void *value, size_t len)
{
	char *v = malloc(len ? len : 1);

	if (!v)
		return ENOMEM;
	if (len)
		memcpy(v, value, len);
	charge(t, n, (long)len - (long)n->vlen);
	free(n->value);
	n->value = v;
	n->vlen = len;
	n->gen = ++t->gen;
	return 0;
}

int xs_tree_set_perms(struct xs_tree *t, struct xs_node *n,
		      const struct xs_perm *p, unsigned np)
{
	struct xs_perm *copy = malloc(np * sizeof(*p));

	if (!copy || np == 0) {
		free(copy);
		return ENOMEM;
	}
	memcpy(copy, p, np * sizeof(*p));
	acct_add(t, n->perms[0].domid, -1, -(long)n->mem);
	n->mem = xs_tree_node_mem(n, np, n->vlen);
	acct_add(t, p[0].domid, 1, (long)n->mem);
	free(n->perms);
	n->perms = copy;
	n->nperms = np;
	n->gen = ++t->gen;
	return 0;
}

static void uncount(struct xs_tree *t, struct xs_node *n)
{
	acct_add(t, n->perms[0].domid, -1, -(long)n->mem);
	xs_tree_complete(t, n);
	/* Backwards: a stub that fails to load leaves the array. */
	for (unsigned i = n->nkids; i-- > 0;)
		if (!n->kids[i]->stub || xs_tree_load(t, n->kids[i]))
			uncount(t, n->kids[i]);
}

void xs_tree_remove(struct xs_tree *t, struct xs_node *n)
{
	struct xs_node *parent = n->parent;

	if (!parent)
		return;
	xs_tree_complete(t, parent); /* else base would bring n back */
	for (unsigned i = 0; i < parent->nkids; i++) {
		if (parent->kids[i] == n) {
			memmove(parent->kids + i, parent->kids + i + 1,
				(parent->nkids - i - 1) * sizeof(n));
			parent->nkids--;
			break;
		}
	}
	parent->gen = ++t->gen;
	charge(t, parent, -(long)strlen(n->name) - 1);
	uncount(t, n);
	node_free(n);
}

static void chown_node(struct xs_tree *t, struct xs_node *n, unsigned from,
		       unsigned to)
{
	if (n->perms[0].domid == from) {
		n->perms[0].domid = (uint16_t)to;
		acct_add(t, from, -1, -(long)n->mem);
		acct_add(t, to, 1, (long)n->mem);
	}
	xs_perms_ignore(n->perms, n->nperms, from);
	for (unsigned i = 0; i < n->nkids; i++)
		chown_node(t, n->kids[i], from, to);
}

void xs_tree_chown_all(struct xs_tree *t, unsigned from, unsigned to)
{
	chown_node(t, t->root, from, to);
}

size_t xs_tree_children_len(const struct xs_node *n)
{
	size_t len = 0;

	for (unsigned i = 0; i < n->nkids; i++)
		len += strlen(n->kids[i]->name) + 1;
	return len;
}

size_t xs_tree_children(const struct xs_node *n, char *buf, size_t size)
{
	size_t used = 0;

	for (unsigned i = 0; i < n->nkids; i++) {
		size_t l = strlen(n->kids[i]->name) + 1;
		if (used + l > size)
			break;
		memcpy(buf + used, n->kids[i]->name, l);
		used += l;
	}
	return used;
}

void xs_tree_path(const struct xs_node *n, char *buf, size_t size)
{
	size_t pos = size - 1;

	buf[pos] = '\0';
	if (!n->parent) {
		buf[0] = '/';
		buf[1] = '\0';
		return;
	}
	for (; n->parent; n = n->parent) {
		size_t l = strlen(n->name);
		if (l + 1 > pos)
			break;
		pos -= l;
		memcpy(buf + pos, n->name, l);
		buf[--pos] = '/';
	}
	memmove(buf, buf + pos, size - pos);
}

unsigned xs_tree_count(const struct xs_node *n)
{
	unsigned c = 1;

	for (unsigned i = 0; i < n->nkids; i++)
		c += xs_tree_count(n->kids[i]);
	return c;
}

/* The xenstore tree: nodes with a value, permissions, children and a
 * generation number that changes whenever the node (or its list of
 * children) changes. Counts the nodes each domain owns for quotas. */
#ifndef XS_TREE_H
#define XS_TREE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "xs_perms.h"

struct xs_node {
	char *name;             /* last path component ("" for the root) */
	char *value;
	size_t vlen;
	struct xs_perm *perms;
	unsigned nperms;
	uint64_t gen;
	struct xs_node *parent;
	struct xs_node **kids;
	unsigned nkids, capkids;
};

struct xs_acct {
	unsigned domid;
	unsigned nodes;
};

struct xs_tree {
	struct xs_node *root;
	uint64_t gen;           /* last generation handed out */
	struct xs_acct *acct;
	unsigned nacct;
};

/* A tree holding "/" owned by dom0, nobody else may read ("n0"). */
struct xs_tree *xs_tree_new(void);
struct xs_tree *xs_tree_clone(const struct xs_tree *t);
void xs_tree_free(struct xs_tree *t);

struct xs_node *xs_tree_lookup(const struct xs_tree *t, const char *path);
/* Deepest existing node on the way to path (at least the root). */
struct xs_node *xs_tree_nearest(const struct xs_tree *t, const char *path);
/* How many nodes creating path would add. */
unsigned xs_tree_missing(const struct xs_tree *t, const char *path);
/* Creates path and missing ancestors; new nodes copy their parent's
 * permissions, with the owner replaced by owner unless owner < 0.
 * Returns the node, or NULL on allocation failure. */
struct xs_node *xs_tree_create(struct xs_tree *t, const char *path,
			       int owner);
int xs_tree_set_value(struct xs_tree *t, struct xs_node *n,
		      const void *value, size_t len);
int xs_tree_set_perms(struct xs_tree *t, struct xs_node *n,
		      const struct xs_perm *p, unsigned np);
/* Removes a node and everything below it (not the root). */
void xs_tree_remove(struct xs_tree *t, struct xs_node *n);

unsigned xs_tree_owned(const struct xs_tree *t, unsigned domid);
/* Every node owned by from becomes owned by to. */
void xs_tree_chown_all(struct xs_tree *t, unsigned from, unsigned to);
/* Bytes of the children names as "a\0b\0" (the directory reply). */
size_t xs_tree_children(const struct xs_node *n, char *buf, size_t size);
size_t xs_tree_children_len(const struct xs_node *n);
/* Writes the node's absolute path into buf (XS_PATH_BUF bytes). */
void xs_tree_path(const struct xs_node *n, char *buf, size_t size);
unsigned xs_tree_count(const struct xs_node *n);

#endif

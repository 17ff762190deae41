/* The xenstore tree: nodes with a value, permissions, children and a
 * generation number that changes whenever the node (or its list of
 * children) changes. Counts the nodes each domain owns for quotas.
 * A transaction works on an overlay of the main tree that copies nodes
 * only as they are used. */
#ifndef XS_TREE_H
#define XS_TREE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "xs_perms.h"

/* Xen 4.17 stores a node as its path (the data base key) and a record:
 * struct xs_tdb_record_hdr (a 64-bit generation and three 32-bit counts,
 * 24 bytes with padding), one struct xs_permissions (8 bytes) per entry,
 * the value and the children's names; all of it is charged to the
 * owner's memory quota. */
#define XS_REC_HDR  24
#define XS_REC_PERM 8

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
	size_t mem;             /* bytes charged to the owner (xs_tree_node_mem) */
	bool stub;              /* overlay: only the name is known so far */
	bool partial;           /* overlay: kids holds only the children
				 * walks went through, base has the rest */
};

struct xs_acct {
	unsigned domid;
	unsigned nodes;
	size_t mem;             /* Xen 4.17's "memory" of the nodes it owns */
};

struct xs_tree {
	struct xs_node *root;
	uint64_t gen;           /* last generation handed out */
	struct xs_acct *acct;
	unsigned nacct;
	struct xs_tree *base;   /* overlay: where stubs load from */
	size_t copied_nodes;    /* overlay: nodes (stubs included) and */
	size_t copied_bytes;    /* bytes copied from base so far: what a
				 * transaction's view costs (tests) */
};

/* A tree holding "/" owned by dom0, nobody else may read ("n0"). */
struct xs_tree *xs_tree_new(void);
/* A transaction's view of base (xs_overlay.c): it starts empty, and
 * each node is copied from base when a walk first enters it, its list
 * of children only when it is used (listed, changed, removed, or the
 * end of a walk), so its cost grows with the nodes used, not with the
 * store. */
struct xs_tree *xs_tree_overlay(struct xs_tree *base);
/* Fills a stub from the same path in base (its children stay in base:
 * the node is partial). If base no longer has it, the stub is unlinked
 * and freed, and false is returned. */
bool xs_tree_load(struct xs_tree *t, struct xs_node *n);
/* A child of the partial node n not seen yet, whose path is the first
 * len bytes of path: a stub for it if base has it, else NULL. */
struct xs_node *xs_tree_base_kid(struct xs_tree *t, struct xs_node *n,
				 const char *path, size_t len);
/* Gives a partial node all its children (stubs for those not yet
 * seen), before they are listed, counted or changed. */
void xs_tree_complete(struct xs_tree *t, struct xs_node *n);
void xs_tree_free(struct xs_tree *t);

struct xs_node *xs_tree_lookup(struct xs_tree *t, const char *path);
/* Deepest existing node on the way to path (at least the root). */
struct xs_node *xs_tree_nearest(struct xs_tree *t, const char *path);
/* How many nodes creating path would add. */
unsigned xs_tree_missing(struct xs_tree *t, const char *path);
/* What creating path with a vlen-byte value would charge the owner of
 * the new nodes; *parent_add: what the nearest existing node grows by. */
size_t xs_tree_create_mem(struct xs_tree *t, const char *path, size_t vlen,
			  size_t *parent_add);
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
/* Bytes the nodes owned by domid are charged, as Xen 4.17 charges a
 * node to its owner's memory quota: its path plus its data base record
 * (a 24-byte header, 8 bytes per permission entry, the value and the
 * children's names with their NULs). */
size_t xs_tree_mem(const struct xs_tree *t, unsigned domid);
/* What n would be charged with np permission entries and a value of
 * vlen bytes (its children unchanged). */
size_t xs_tree_node_mem(const struct xs_node *n, unsigned np, size_t vlen);
/* A domain went away: every node owned by from becomes owned by to,
 * and entries granting from access are ignored from now on, so a new
 * domain reusing the id gets nothing from them (XSA-322). */
void xs_tree_chown_all(struct xs_tree *t, unsigned from, unsigned to);
/* Bytes of the children names as "a\0b\0" (the directory reply). */
size_t xs_tree_children(const struct xs_node *n, char *buf, size_t size);
size_t xs_tree_children_len(const struct xs_node *n);
/* Writes the node's absolute path into buf (XS_PATH_BUF bytes). */
void xs_tree_path(const struct xs_node *n, char *buf, size_t size);
/* Nodes at and below n of a tree that is not an overlay. */
unsigned xs_tree_count(const struct xs_node *n);

#endif

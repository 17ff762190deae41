/* Transactions: a private copy of the tree, the generation of every path
 * the transaction looked at, and a log of its changes. Commit succeeds
 * only if none of those paths changed in the main tree since (else
 * EAGAIN); then the log is replayed on the main tree. */
#ifndef XS_TXN_H
#define XS_TXN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "xs_tree.h"

enum xs_txn_op_type { XS_TXN_WRITE, XS_TXN_MKDIR, XS_TXN_RM,
		      XS_TXN_SET_PERMS };

struct xs_txn_op {
	enum xs_txn_op_type type;
	char *path;
	char *value;
	size_t vlen;
	struct xs_perm *perms;
	unsigned nperms;
};

struct xs_txn_access {
	char *path;
	uint64_t gen;           /* 0: the path did not exist */
};

struct xs_txn {
	struct xs_txn *next;
	uint32_t id;
	struct xs_tree *tree;
	unsigned owned_at_start; /* nodes the connection's domain owned */
	struct xs_txn_access *acc;
	unsigned nacc, capacc;
	struct xs_txn_op *ops;
	unsigned nops, capops;
};

struct xs_txn *xs_txn_new(const struct xs_tree *main, uint32_t id,
			  unsigned domid);
void xs_txn_free(struct xs_txn *t);
/* Records the first sight of path in the transaction's tree. */
void xs_txn_note(struct xs_txn *t, const char *path);
/* Records every node of the subtree at n (in the transaction's tree)
 * before a remove: later sights of those paths inside the transaction
 * then depend on the removed nodes, not on their absence. */
void xs_txn_note_subtree(struct xs_txn *t, const struct xs_node *n);
/* Records path and each ancestor up to the first existing one: what
 * creating path depends on. */
void xs_txn_note_create(struct xs_txn *t, const char *path);
int xs_txn_log(struct xs_txn *t, enum xs_txn_op_type type, const char *path,
	       const void *value, size_t vlen, const struct xs_perm *p,
	       unsigned np);
/* True if every noted path still has the generation seen. */
bool xs_txn_unchanged(const struct xs_txn *t, const struct xs_tree *main);
/* Nodes the domain gained (or lost) inside the transaction. */
int xs_txn_node_delta(const struct xs_txn *t, unsigned domid);

#endif

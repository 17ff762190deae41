/* Transactions: an overlay of the main tree (copied only where used),
 * the generation of every path the transaction looked at, and a log of
 * its changes. Commit succeeds only if none of those paths changed in
 * the main tree since (else EAGAIN); then the log is replayed on the
 * main tree. Like Xen 4.17 (access_node), a guest's transaction may look
 * at quota transaction-nodes paths, missing ones included, and gets
 * ENOSPC beyond; dom0's are not limited. */
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
	unsigned *index;        /* hash of acc paths: acc slot + 1, 0 free */
	unsigned nindex;        /* a power of two, > 2 * nacc */
	const unsigned *max_nodes; /* the live quota (a CONTROL change
				    * applies at once, as in Xen); NULL:
				    * no limit */
	struct xs_txn_op *ops;
	unsigned nops, capops;
	size_t mem;             /* charged to the domain (xs_txn_op_mem) */
	bool fail;              /* a change failed half-way: commit is
				 * refused with ENOMEM, as Xen does */
	bool node_created;      /* the node quota is checked at commit */
};

/* max_nodes: the paths it may look at, NULL for no limit. */
struct xs_txn *xs_txn_new(struct xs_tree *main, uint32_t id, unsigned domid,
			  const unsigned *max_nodes);
void xs_txn_free(struct xs_txn *t);
/* Records the first sight of path in the transaction's tree; 0, or
 * ENOSPC past the limit. */
int xs_txn_note(struct xs_txn *t, const char *path);
/* Records every node of the subtree at n (in the transaction's tree)
 * before a remove: later sights of those paths inside the transaction
 * then depend on the removed nodes, not on their absence. */
int xs_txn_note_subtree(struct xs_txn *t, struct xs_node *n);
/* Records path and each ancestor up to the first existing one: what
 * creating path depends on. */
int xs_txn_note_create(struct xs_txn *t, const char *path);
/* What a logged change is charged, as Xen 4.17 charges the transaction's
 * copy of a node: path, 24-byte record header, 8 bytes per permission
 * entry and the value. */
size_t xs_txn_op_mem(const char *path, size_t vlen, unsigned np);
int xs_txn_log(struct xs_txn *t, enum xs_txn_op_type type, const char *path,
	       const void *value, size_t vlen, const struct xs_perm *p,
	       unsigned np);
/* True if every noted path still has the generation seen. */
bool xs_txn_unchanged(const struct xs_txn *t, struct xs_tree *main);
/* Heap bytes the transaction holds: its noted paths, its copy of the
 * nodes it used and its log. Grows with what it touched, never with
 * the store (tests check both). */
size_t xs_txn_recorded(const struct xs_txn *t);
/* Nodes the domain gained (or lost) inside the transaction. */
int xs_txn_node_delta(const struct xs_txn *t, unsigned domid);

#endif

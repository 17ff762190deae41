/* Node operations (xs_node_ops.c): WRITE, MKDIR, RM and SET_PERMS with
 * their checks, quotas and watches. They run on the main tree or, inside
 * a transaction, on the transaction's copy; the same code replays a
 * committed transaction. */
#ifndef XS_OPS_H
#define XS_OPS_H

#include <stdbool.h>
#include <stddef.h>

#include "xs_store.h"
#include "xs_txn.h"

/* Where a node operation runs and whether it is checked. */
struct op_ctx {
	struct xs_store *s;
	struct xs_conn *c;
	struct xs_tree *t;
	struct xs_txn *txn;     /* NULL: main tree, watches fire now */
	bool replay;            /* committing: checks already passed */
};

/* Whether the connection has access p (XS_PERM_*) to n. */
bool xs_op_may(const struct op_ctx *o, const struct xs_node *n,
	       unsigned p);
/* 0 or the errno for the reply. */
int xs_op_write(const struct op_ctx *o, const char *path,
		const void *value, size_t len, bool mkdir);
int xs_op_rm(const struct op_ctx *o, const char *path);
int xs_op_set_perms(const struct op_ctx *o, const char *path,
		    const struct xs_perm *p, unsigned np);
/* Commits t's log to the main tree (its checks have passed). */
void xs_op_replay(struct xs_conn *c, struct xs_txn *t);

/* The requests about domains (xs_dom_ops.c): 0 after replying, or the
 * errno for the error reply. */
int xs_op_introduce(struct xs_conn *c, const struct xs_request *req);
/* RELEASE, GET_DOMAIN_PATH, IS_DOMAIN_INTRODUCED, RESUME, SET_TARGET. */
int xs_op_domain(struct xs_conn *c, const struct xs_request *req);

#endif

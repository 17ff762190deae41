/* Node operations (see xs_ops.h). */
#include <string.h>

#include "xs_ops.h"
#include "xs_path.h"

static bool quota_applies(const struct op_ctx *o)
{
	return !o->replay && o->c->is_domain && !xs_conn_privileged(o->c);
}

bool xs_op_may(const struct op_ctx *o, const struct xs_node *n,
	       unsigned p)
{
	return o->replay || (xs_conn_access(o->c, n->perms, n->nperms) & p);
}

/* Watches of a change outside a transaction (a commit replays with
 * txn NULL); old: the permissions before a SET_PERMS. */
static void changed(const struct op_ctx *o, const char *path,
		    const struct xs_node *n, const struct xs_perm *old,
		    unsigned nold)
{
	if (!o->txn)
		xs_watch_fire(o->s, path, n, old, nold);
}

static bool refuse(const struct op_ctx *o, unsigned domid, long add)
{
	if (!xs_mem_over(o->s, domid, add))
		return false;
	if (o->txn)
		o->txn->fail = true;
	return true;
}

/* Xen 4.17's write_node charges a node's record to its owner and
 * refuses it at the owner's memory quota (its callers answer EIO);
 * inside a transaction the connection's domain pays for the change it
 * logs, and a refused write fails the transaction. n: the node written
 * (NULL: path is created with a value of vlen bytes); p: its new
 * permissions (NULL: unchanged). */
static bool mem_refused(const struct op_ctx *o, const char *path,
			const struct xs_node *n, size_t vlen,
			const struct xs_perm *p, unsigned np)
{
	const struct xs_node *near;
	size_t mem, padd;
	unsigned owner;

	if (o->replay)
		return false;
	if (o->txn)
		return refuse(o, o->c->domid,
			      (long)xs_txn_op_mem(path, vlen, np));
	if (n && !p)
		return refuse(o, n->perms[0].domid,
			      (long)xs_tree_node_mem(n, n->nperms, vlen) -
			      (long)n->mem);
	if (n) {
		mem = xs_tree_node_mem(n, np, n->vlen);
		if (p[0].domid == n->perms[0].domid)
			return refuse(o, p[0].domid, (long)mem - (long)n->mem);
		return refuse(o, p[0].domid, (long)mem);
	}
	/* New nodes belong to the creator (or, for dom0, to the owner of
	 * the nearest existing node, which also grows by a child name). */
	near = xs_tree_nearest(o->t, path);
	owner = xs_conn_privileged(o->c) ? near->perms[0].domid : o->c->domid;
	mem = xs_tree_create_mem(o->t, path, vlen, &padd);
	if (owner == near->perms[0].domid)
		return refuse(o, owner, (long)(mem + padd));
	return refuse(o, owner, (long)mem) ||
	       refuse(o, near->perms[0].domid, (long)padd);
}

static int node_create(const struct op_ctx *o, const char *path,
		       size_t vlen, struct xs_node **out)
{
	unsigned missing = xs_tree_missing(o->t, path);
	int owner = xs_conn_privileged(o->c) ? -1 : (int)o->c->domid;
	int err;

	if (o->txn && (err = xs_txn_note_create(o->txn, path)))
		return err;
	if (!xs_op_may(o, xs_tree_nearest(o->t, path), XS_PERM_WRITE))
		return EACCES;
	if (quota_applies(o) &&
	    xs_tree_owned(o->t, o->c->domid) + missing > o->s->q.nodes)
		return ENOSPC;
	if (mem_refused(o, path, NULL, vlen, NULL, 0))
		return EIO;
	*out = xs_tree_create(o->t, path, owner);
	if (*out && o->txn)
		o->txn->node_created = true;
	return *out ? 0 : ENOMEM;
}

/* A change the overlay already shows but the log could not take must
 * not commit half-done (XSA-415): the transaction fails. */
static void log_op(const struct op_ctx *o, enum xs_txn_op_type type,
		   const char *path, const void *value, size_t len,
		   const struct xs_perm *p, unsigned np)
{
	if (o->txn && !o->replay &&
	    xs_txn_log(o->txn, type, path, value, len, p, np))
		o->txn->fail = true;
}

int xs_op_write(const struct op_ctx *o, const char *path,
		    const void *value, size_t len, bool mkdir)
{
	struct xs_node *n = xs_tree_lookup(o->t, path);
	int err;

	if (quota_applies(o) && len > o->s->q.entry_size)
		return ENOSPC;
	if (o->txn && (err = xs_txn_note(o->txn, path)))
		return err;
	if (n && mkdir)
		return 0;
	if (n && !xs_op_may(o, n, XS_PERM_WRITE))
		return EACCES;
	if (n && mem_refused(o, path, n, len, NULL, 0))
		return EIO;
	if (!n && (err = node_create(o, path, len, &n)))
		return err;
	if (!mkdir && (err = xs_tree_set_value(o->t, n, value, len)))
		return err;
	log_op(o, mkdir ? XS_TXN_MKDIR : XS_TXN_WRITE, path, value, len,
	       NULL, 0);
	changed(o, path, n, NULL, 0);
	return 0;
}

int xs_op_rm(const struct op_ctx *o, const char *path)
{
	struct xs_node *n = xs_tree_lookup(o->t, path);
	char parent[XS_PATH_BUF];
	int err;

	if (!xs_path_parent(path, parent))
		return EINVAL; /* the root stays */
	if (o->txn && ((err = xs_txn_note(o->txn, path)) ||
		       (err = xs_txn_note(o->txn, parent))))
		return err;
	if (!n)
		return xs_tree_lookup(o->t, parent) ? 0 : ENOENT;
	if (!xs_op_may(o, n, XS_PERM_WRITE))
		return EACCES;
	if (o->txn && (err = xs_txn_note_subtree(o->txn, n)))
		return err;
	log_op(o, XS_TXN_RM, path, NULL, 0, NULL, 0);
	if (!o->txn)
		xs_watch_fire_removed(o->s, n, path);
	xs_tree_remove(o->t, n);
	return 0;
}

int xs_op_set_perms(const struct op_ctx *o, const char *path,
			const struct xs_perm *p, unsigned np)
{
	struct xs_node *n = xs_tree_lookup(o->t, path);
	struct xs_perm old[XS_MAX_PERMS_ARGS];
	unsigned nold;
	int err;

	if (o->txn && (err = xs_txn_note(o->txn, path)))
		return err;
	if (!n)
		return ENOENT;
	if (!xs_op_may(o, n, XS_PERM_WRITE))
		return EACCES;
	if (quota_applies(o) && p[0].domid != n->perms[0].domid)
		return EPERM; /* only dom0 hands nodes to another owner */
	if (mem_refused(o, path, n, 0, p, np))
		return EIO;
	nold = n->nperms < XS_MAX_PERMS_ARGS ? n->nperms : XS_MAX_PERMS_ARGS;
	memcpy(old, n->perms, nold * sizeof(*old));
	if ((err = xs_tree_set_perms(o->t, n, p, np)))
		return err;
	log_op(o, XS_TXN_SET_PERMS, path, NULL, 0, p, np);
	/* a watcher losing access hears of it too (XSA-115) */
	changed(o, path, n, old, nold);
	return 0;
}

void xs_op_replay(struct xs_conn *c, struct xs_txn *t)
{
	struct op_ctx o = { .s = c->store, .c = c, .t = c->store->tree,
			    .replay = true };

	for (unsigned i = 0; i < t->nops; i++) {
		const struct xs_txn_op *op = &t->ops[i];
		switch (op->type) {
		case XS_TXN_WRITE:
		case XS_TXN_MKDIR:
			xs_op_write(&o, op->path, op->value, op->vlen,
				    op->type == XS_TXN_MKDIR);
			break;
		case XS_TXN_RM:
			xs_op_rm(&o, op->path);
			break;
		case XS_TXN_SET_PERMS:
			xs_op_set_perms(&o, op->path, op->perms, op->nperms);
			break;
		}
	}
}


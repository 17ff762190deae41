/* The request dispatcher: one handler per xenstore message type. Node
 * operations run on the main tree or, inside a transaction, on the
 * transaction's copy; the same code replays a committed transaction. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "daemon_log.h"
#include "xs_path.h"
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

static void reply(struct xs_conn *c, const struct xs_request *req,
		  const void *payload, size_t len)
{
	xs_conn_queue(c, req->type, req->req_id, req->tx_id, payload, len);
}

static void reply_str(struct xs_conn *c, const struct xs_request *req,
		      const char *s)
{
	reply(c, req, s, strlen(s) + 1);
}

void xs_store_reply_error(struct xs_conn *c, const struct xs_request *req,
			  int err)
{
	const char *s = xs_wire_errstr(err);

	xs_conn_queue(c, XS_ERROR, req->req_id, req->tx_id, s, strlen(s) + 1);
}

static bool quota_applies(const struct op_ctx *o)
{
	return !o->replay && o->c->is_domain && !xs_conn_privileged(o->c);
}

static bool may(const struct op_ctx *o, const struct xs_node *n, unsigned p)
{
	return o->replay || (xs_conn_access(o->c, n->perms, n->nperms) & p);
}

static void changed(const struct op_ctx *o, enum xs_txn_op_type type,
		    const char *path, const struct xs_node *n)
{
	if (o->txn)
		return;
	xs_watch_fire(o->s, path, n->perms, n->nperms, type == XS_TXN_RM);
}

static int node_create(const struct op_ctx *o, const char *path,
		       struct xs_node **out)
{
	unsigned missing = xs_tree_missing(o->t, path);
	int owner = xs_conn_privileged(o->c) ? -1 : (int)o->c->domid;
	int err;

	if (o->txn && (err = xs_txn_note_create(o->txn, path)))
		return err;
	if (!may(o, xs_tree_nearest(o->t, path), XS_PERM_WRITE))
		return EACCES;
	if (quota_applies(o) &&
	    xs_tree_owned(o->t, o->c->domid) + missing > o->s->q.nodes)
		return ENOSPC;
	*out = xs_tree_create(o->t, path, owner);
	return *out ? 0 : ENOMEM;
}

static int op_write(const struct op_ctx *o, const char *path,
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
	if (n && !may(o, n, XS_PERM_WRITE))
		return EACCES;
	if (!n && (err = node_create(o, path, &n)))
		return err;
	if (!mkdir && (err = xs_tree_set_value(o->t, n, value, len)))
		return err;
	if (o->txn && !o->replay)
		xs_txn_log(o->txn, mkdir ? XS_TXN_MKDIR : XS_TXN_WRITE, path,
			   value, len, NULL, 0);
	changed(o, XS_TXN_WRITE, path, n);
	return 0;
}

static int op_rm(const struct op_ctx *o, const char *path)
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
	if (!may(o, n, XS_PERM_WRITE))
		return EACCES;
	if (o->txn && (err = xs_txn_note_subtree(o->txn, n)))
		return err;
	if (o->txn && !o->replay)
		xs_txn_log(o->txn, XS_TXN_RM, path, NULL, 0, NULL, 0);
	changed(o, XS_TXN_RM, path, n);
	xs_tree_remove(o->t, n);
	return 0;
}

static int op_set_perms(const struct op_ctx *o, const char *path,
			const struct xs_perm *p, unsigned np)
{
	struct xs_node *n = xs_tree_lookup(o->t, path);
	int err;

	if (o->txn && (err = xs_txn_note(o->txn, path)))
		return err;
	if (!n)
		return ENOENT;
	if (!may(o, n, XS_PERM_WRITE))
		return EACCES;
	if (quota_applies(o) && p[0].domid != n->perms[0].domid)
		return EPERM; /* only dom0 hands nodes to another owner */
	if ((err = xs_tree_set_perms(o->t, n, p, np)))
		return err;
	if (o->txn && !o->replay)
		xs_txn_log(o->txn, XS_TXN_SET_PERMS, path, NULL, 0, p, np);
	changed(o, XS_TXN_SET_PERMS, path, n);
	return 0;
}

static struct xs_txn *find_txn(struct xs_conn *c, uint32_t id)
{
	for (struct xs_txn *t = c->txns; t; t = t->next)
		if (t->id == id)
			return t;
	return NULL;
}

/* Sets up o for a node request; 0 or an errno. */
static int node_ctx(struct xs_conn *c, const struct xs_request *req,
		    struct op_ctx *o, char *path, bool special)
{
	int err = xs_path_canon(req->path, c->domid, special,
				c->store->q.path_max, path);

	memset(o, 0, sizeof(*o));
	o->s = c->store;
	o->c = c;
	o->t = c->store->tree;
	if (err)
		return err;
	if (req->tx_id) {
		o->txn = find_txn(c, req->tx_id);
		if (!o->txn)
			return ENOENT;
		o->t = o->txn->tree;
	}
	return 0;
}

/* Finds a node for reading; 0 or an errno. */
static int readable(const struct op_ctx *o, const char *path,
		    struct xs_node **n)
{
	int err;

	if (o->txn && (err = xs_txn_note(o->txn, path)))
		return err;
	*n = xs_tree_lookup(o->t, path);
	if (!*n)
		return ENOENT;
	return may(o, *n, XS_PERM_READ) ? 0 : EACCES;
}

static int special_index(const char *path)
{
	if (!strcmp(path, "@introduceDomain"))
		return 0;
	return !strcmp(path, "@releaseDomain") ? 1 : -1;
}

static int do_get_perms(struct xs_conn *c, const struct xs_request *req,
			const struct op_ctx *o, const char *path)
{
	char buf[XS_MAX_PERMS_ARGS * 8];
	int sp = special_index(path);
	struct xs_node *n;
	int err;

	if (sp >= 0) {
		reply(c, req, buf, xs_perms_format(c->store->special_perms[sp],
			c->store->special_nperms[sp], buf, sizeof(buf)));
		return 0;
	}
	if ((err = readable(o, path, &n)))
		return err;
	reply(c, req, buf, xs_perms_format(n->perms, n->nperms, buf,
					   sizeof(buf)));
	return 0;
}

static int do_set_perms(struct xs_conn *c, const struct xs_request *req,
			const struct op_ctx *o, const char *path)
{
	struct xs_perm p[XS_MAX_PERMS_ARGS];
	int sp = special_index(path);
	int err;

	if (xs_perms_parse(req->perms, req->nperms, p))
		return EINVAL;
	if (c->is_domain && !xs_conn_privileged(c) &&
	    req->nperms > c->store->q.perms)
		return ENOSPC;
	if (sp >= 0) {
		if (!xs_conn_privileged(c))
			return EACCES;
		memcpy(c->store->special_perms[sp], p, req->nperms * sizeof(*p));
		c->store->special_nperms[sp] = req->nperms;
	} else if ((err = op_set_perms(o, path, p, req->nperms))) {
		return err;
	}
	reply_str(c, req, "OK");
	return 0;
}

static int do_directory(struct xs_conn *c, const struct xs_request *req,
			const struct op_ctx *o, const char *path)
{
	char buf[XENSTORE_PAYLOAD_MAX + 32];
	struct xs_node *n;
	size_t len, off, used;
	int err;

	if ((err = readable(o, path, &n)))
		return err;
	len = xs_tree_children_len(n);
	if (req->type == XS_DIRECTORY) {
		if (len > XENSTORE_PAYLOAD_MAX)
			return E2BIG;
		reply(c, req, buf, xs_tree_children(n, buf, sizeof(buf)));
		return 0;
	}
	/* DIRECTORY_PART: "<generation>\0" then names from byte offset;
	 * a final empty string marks the end of the list. */
	char *all = malloc(len + 1);
	if (!all)
		return ENOMEM;
	xs_tree_children(n, all, len);
	used = (size_t)snprintf(buf, sizeof(buf), "%llu",
				(unsigned long long)n->gen) + 1;
	for (off = req->offset; off < len;) {
		size_t l = strlen(all + off) + 1;
		if (used + l + 1 > XENSTORE_PAYLOAD_MAX)
			break;
		memcpy(buf + used, all + off, l);
		used += l;
		off += l;
	}
	if (off >= len)
		buf[used++] = '\0';
	free(all);
	if (req->offset > len)
		return EINVAL;
	reply(c, req, buf, used);
	return 0;
}

static int do_node(struct xs_conn *c, const struct xs_request *req)
{
	bool special = req->type == XS_GET_PERMS || req->type == XS_SET_PERMS;
	char path[XS_PATH_BUF];
	struct op_ctx o;
	struct xs_node *n;
	int err;

	if ((err = node_ctx(c, req, &o, path, special)))
		return err;
	switch (req->type) {
	case XS_READ:
		if ((err = readable(&o, path, &n)))
			return err;
		reply(c, req, n->value, n->vlen);
		return 0;
	case XS_WRITE:
	case XS_MKDIR:
		err = op_write(&o, path, req->value, req->value_len,
			       req->type == XS_MKDIR);
		break;
	case XS_RM:
		err = op_rm(&o, path);
		break;
	case XS_GET_PERMS:
		return do_get_perms(c, req, &o, path);
	case XS_SET_PERMS:
		return do_set_perms(c, req, &o, path);
	default:
		return do_directory(c, req, &o, path);
	}
	if (!err)
		reply_str(c, req, "OK");
	return err;
}

static int do_watch(struct xs_conn *c, const struct xs_request *req)
{
	char path[XS_PATH_BUF];
	bool relative = req->path[0] != '/' && req->path[0] != '@';
	int err = xs_path_canon(req->path, c->domid, true, c->store->q.path_max,
				path);

	if (err)
		return err;
	if (req->type == XS_UNWATCH) {
		if ((err = xs_watch_del(c, path, req->token)))
			return err;
		reply_str(c, req, "OK");
		return 0;
	}
	if ((err = xs_watch_add(c, path, req->token, relative)))
		return err;
	reply_str(c, req, "OK");
	/* Xen fires every new watch once, so clients can sync state. */
	size_t pl = strlen(req->path) + 1, tl = strlen(req->token) + 1;
	char *ev = malloc(pl + tl);
	if (!ev)
		return 0;
	memcpy(ev, req->path, pl);
	memcpy(ev + pl, req->token, tl);
	xs_conn_queue(c, XS_WATCH_EVENT, 0, 0, ev, pl + tl);
	free(ev);
	return 0;
}

static int do_txn_start(struct xs_conn *c, const struct xs_request *req)
{
	struct xs_store *s = c->store;
	struct xs_txn *t;
	char buf[16];

	/* Not legal inside a transaction: Xen answers ENOENT for an unknown
	 * id, EBUSY for an open one. */
	if (req->tx_id)
		return find_txn(c, req->tx_id) ? EBUSY : ENOENT;
	if (c->is_domain && !xs_conn_privileged(c) && c->ntxns >= s->q.txns)
		return ENOSPC;
	if (++s->next_txid == 0)
		s->next_txid = 1;
	t = xs_txn_new(s->tree, s->next_txid, c->domid,
		       c->is_domain && !xs_conn_privileged(c) ?
		       s->q.trans_nodes : 0);
	if (!t)
		return ENOMEM;
	t->next = c->txns;
	c->txns = t;
	c->ntxns++;
	snprintf(buf, sizeof(buf), "%u", t->id);
	reply_str(c, req, buf);
	return 0;
}

static void replay(struct xs_conn *c, struct xs_txn *t)
{
	struct op_ctx o = { .s = c->store, .c = c, .t = c->store->tree,
			    .replay = true };

	for (unsigned i = 0; i < t->nops; i++) {
		const struct xs_txn_op *op = &t->ops[i];
		switch (op->type) {
		case XS_TXN_WRITE:
		case XS_TXN_MKDIR:
			op_write(&o, op->path, op->value, op->vlen,
				 op->type == XS_TXN_MKDIR);
			break;
		case XS_TXN_RM:
			op_rm(&o, op->path);
			break;
		case XS_TXN_SET_PERMS:
			op_set_perms(&o, op->path, op->perms, op->nperms);
			break;
		}
	}
}

static int txn_commit(struct xs_conn *c, struct xs_txn *t)
{
	struct xs_store *s = c->store;

	if (!xs_txn_unchanged(t, s->tree))
		return EAGAIN;
	if (c->is_domain && !xs_conn_privileged(c) &&
	    (long)xs_tree_owned(s->tree, c->domid) +
	    xs_txn_node_delta(t, c->domid) > (long)s->q.nodes)
		return ENOSPC;
	replay(c, t);
	return 0;
}

static int do_txn_end(struct xs_conn *c, const struct xs_request *req)
{
	struct xs_txn **pp, *t = NULL;
	int err = 0;

	for (pp = &c->txns; *pp; pp = &(*pp)->next) {
		if ((*pp)->id == req->tx_id) {
			t = *pp;
			*pp = t->next;
			break;
		}
	}
	if (!t)
		return ENOENT;
	c->ntxns--;
	if (req->commit)
		err = txn_commit(c, t);
	xs_txn_free(t);
	if (!err)
		reply_str(c, req, "OK");
	return err;
}

static int do_introduce(struct xs_conn *c, const struct xs_request *req)
{
	struct xs_store *s = c->store;
	struct xs_domain *d = xs_store_domain(s, req->domid);
	struct xs_conn *dc;

	if (!xs_conn_privileged(c))
		return EACCES;
	if (d && d->conn) {
		if (d->mfn != req->mfn || d->port != req->port)
			return EINVAL;
		reply_str(c, req, "OK");
		return 0;
	}
	if (req->domid == 0 || !s->hooks.introduce)
		return EINVAL;
	dc = s->hooks.introduce(s->hooks.ctx, s, req->domid, req->mfn,
				req->port);
	if (!dc)
		return errno ? errno : EINVAL;
	if (!xs_store_add_domain(s, req->domid, dc, req->mfn, req->port)) {
		if (s->hooks.release)
			s->hooks.release(s->hooks.ctx, dc);
		xs_conn_free(dc);
		return ENOMEM;
	}
	daemon_log(DLOG_INFO, (int)req->domid, "introduced (mfn %#llx port %u)",
	       (unsigned long long)req->mfn, req->port);
	reply_str(c, req, "OK");
	xs_watch_fire_special(s, "@introduceDomain");
	return 0;
}

static int do_domain(struct xs_conn *c, const struct xs_request *req)
{
	struct xs_domain *d = xs_store_domain(c->store, req->domid);
	char buf[64];

	switch (req->type) {
	case XS_GET_DOMAIN_PATH:
		xs_path_domain(req->domid, buf, sizeof(buf));
		reply_str(c, req, buf);
		return 0;
	case XS_IS_DOMAIN_INTRODUCED:
		reply_str(c, req, (d && d->conn) || req->domid == 0 ? "T" : "F");
		return 0;
	default:
		break;
	}
	if (!xs_conn_privileged(c))
		return EACCES;
	if (!d || (req->type == XS_RELEASE && req->domid == 0))
		return req->domid == 0 ? EINVAL : ENOENT;
	if (req->type == XS_RESUME) {
		d->shutdown_reported = false;
	} else if (req->type == XS_SET_TARGET) {
		d->target = (int)req->target;
	} else {
		reply_str(c, req, "OK"); /* the releaser hears OK first */
		xs_store_domain_gone(c->store, req->domid);
		return 0;
	}
	reply_str(c, req, "OK");
	return 0;
}

static int dispatch(struct xs_conn *c, const struct xs_request *req)
{
	switch (req->type) {
	case XS_READ: case XS_WRITE: case XS_MKDIR: case XS_RM:
	case XS_DIRECTORY: case XS_DIRECTORY_PART:
	case XS_GET_PERMS: case XS_SET_PERMS:
		return do_node(c, req);
	case XS_WATCH: case XS_UNWATCH:
		return do_watch(c, req);
	case XS_TRANSACTION_START:
		return do_txn_start(c, req);
	case XS_TRANSACTION_END:
		return do_txn_end(c, req);
	case XS_INTRODUCE:
		return do_introduce(c, req);
	case XS_RELEASE: case XS_GET_DOMAIN_PATH: case XS_IS_DOMAIN_INTRODUCED:
	case XS_RESUME: case XS_SET_TARGET:
		return do_domain(c, req);
	case XS_RESET_WATCHES:
		/* xenstore.txt: resets watches and transactions */
		xs_watch_clear(c);
		xs_conn_end_txns(c);
		reply_str(c, req, "OK");
		return 0;
	case XS_CONTROL:
		return xs_control(c, req);
	default:
		return EINVAL;
	}
}

void xs_store_handle(struct xs_conn *c, const struct xs_request *req)
{
	int err = dispatch(c, req);

	if (err) {
		daemon_log(DLOG_DEBUG, (int)c->domid, "%s: %s",
		       xs_wire_type_name(req->type), xs_wire_errstr(err));
		xs_store_reply_error(c, req, err);
	}
}

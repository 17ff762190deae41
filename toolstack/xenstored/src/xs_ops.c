/* The request dispatcher: one handler per xenstore message type; what
 * changes nodes is in xs_node_ops.c, what concerns domains in
 * xs_dom_ops.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "daemon_log.h"
#include "xs_ops.h"
#include "xs_path.h"
#include "xs_store.h"
#include "xs_txn.h"

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

static struct xs_txn *find_txn(const struct xs_conn *c, uint32_t id)
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
	return xs_op_may(o, *n, XS_PERM_READ) ? 0 : EACCES;
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

/* Xen's domain_alloc_permrefs (XSA-417): an entry naming a domain that
 * does not exist grants nothing, else the next domain given that id
 * would inherit it; one the hypervisor has but that is not introduced
 * yet is remembered, so that its death is noticed too (XSA-322). An
 * owner that does not exist: ENOENT. */
static int perms_check_domains(struct xs_store *s, struct xs_perm *p,
			       unsigned np)
{
	const struct xs_store_hooks *h = &s->hooks;

	for (unsigned i = 0; i < np && h->domain_exists; i++) {
		if (p[i].domid == 0 || xs_store_domain(s, p[i].domid))
			continue;
		if (!h->domain_exists(h->ctx, p[i].domid))
			p[i].perm |= XS_PERM_IGNORE;
		else if (!xs_store_add_domain(s, p[i].domid, NULL, 0, 0))
			return ENOMEM;
	}
	return p[0].perm & XS_PERM_IGNORE ? ENOENT : 0;
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
	if ((err = perms_check_domains(c->store, p, req->nperms)))
		return err;
	if (sp >= 0) {
		if (!xs_conn_privileged(c))
			return EACCES;
		memcpy(c->store->special_perms[sp], p, req->nperms * sizeof(*p));
		c->store->special_nperms[sp] = req->nperms;
	} else if ((err = xs_op_set_perms(o, path, p, req->nperms))) {
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
		err = xs_op_write(&o, path, req->value, req->value_len,
				  req->type == XS_MKDIR);
		break;
	case XS_RM:
		err = xs_op_rm(&o, path);
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
	int err = 0;

	/* Xen's check_watch_path takes any "@" name up to
	 * XENSTORE_REL_PATH_MAX (only @introduceDomain and @releaseDomain
	 * ever fire); other paths as every request's. */
	if (req->path[0] == '@' && strlen(req->path) <= XENSTORE_REL_PATH_MAX)
		strcpy(path, req->path);
	else
		err = xs_path_canon(req->path, c->domid, true,
				    c->store->q.path_max, path);
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

	/* Not legal inside a transaction: Xen's do_transaction_start
	 * answers EBUSY for an open one (an unknown id: ENOENT, precheck). */
	if (req->tx_id)
		return EBUSY;
	if (c->is_domain && !xs_conn_privileged(c) && c->ntxns >= s->q.txns)
		return ENOSPC;
	if (++s->next_txid == 0)
		s->next_txid = 1;
	t = xs_txn_new(s->tree, s->next_txid, c->domid,
		       c->is_domain && !xs_conn_privileged(c) ?
		       &s->q.trans_nodes : NULL);
	if (!t)
		return ENOMEM;
	t->next = c->txns;
	c->txns = t;
	c->ntxns++;
	snprintf(buf, sizeof(buf), "%u", t->id);
	reply_str(c, req, buf);
	return 0;
}

static int txn_commit(struct xs_conn *c, struct xs_txn *t)
{
	struct xs_store *s = c->store;

	if (t->fail)
		return ENOMEM;
	if (!xs_txn_unchanged(t, s->tree))
		return EAGAIN;
	/* Xen 4.17's transaction_fix_domains: only a guest's transaction
	 * that created a node is held to the node quota */
	if (c->is_domain && !xs_conn_privileged(c) && t->node_created &&
	    (long)xs_tree_owned(s->tree, c->domid) +
	    xs_txn_node_delta(t, c->domid) > (long)s->q.nodes)
		return ENOSPC;
	xs_op_replay(c, t);
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
		return xs_op_introduce(c, req);
	case XS_RELEASE: case XS_GET_DOMAIN_PATH: case XS_IS_DOMAIN_INTRODUCED:
	case XS_RESUME: case XS_SET_TARGET:
		return xs_op_domain(c, req);
	case XS_RESET_WATCHES:
		/* xenstore.txt: resets watches and transactions */
		xs_watch_clear(c);
		xs_conn_end_txns(c);
		reply_str(c, req, "OK");
		return 0;
	case XS_CONTROL:
		return xs_control(c, req);
	default:
		return ENOSYS;
	}
}

/* Xen 4.17's process_message checks, in this order, that the type has a
 * handler (ENOSYS), that a privileged-only type comes from a privileged
 * caller (EACCES), and that tx_id names an open transaction of the
 * caller (ENOENT; WATCH and UNWATCH ignore it); only then does the
 * handler read its arguments (EINVAL). */
static int precheck(const struct xs_conn *c, const struct xs_request *req,
		    int parse_err)
{
	if (parse_err == ENOSYS)
		return ENOSYS;
	switch (req->type) {
	case XS_CONTROL: case XS_INTRODUCE: case XS_RELEASE:
	case XS_IS_DOMAIN_INTRODUCED: case XS_RESUME: case XS_SET_TARGET:
		if (!xs_conn_privileged(c))
			return EACCES;
		break;
	default:
		break;
	}
	if (req->tx_id && req->type != XS_WATCH && req->type != XS_UNWATCH &&
	    !find_txn(c, req->tx_id))
		return ENOENT;
	return parse_err;
}

void xs_store_handle(struct xs_conn *c, const struct xs_request *req,
		     int parse_err)
{
	int err = precheck(c, req, parse_err);

	if (!err)
		err = dispatch(c, req);

	if (err) {
		daemon_log(DLOG_DEBUG, (int)c->domid, "%s: %s",
		       xs_wire_type_name(req->type), xs_wire_errstr(err));
		xs_store_reply_error(c, req, err);
	}
}

/* Watches: registration and event delivery (see xs_store.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xs_path.h"
#include "xs_store.h"

int xs_watch_add(struct xs_conn *c, const char *path, const char *token,
		 bool relative)
{
	struct xs_watch *w, **pp;

	for (w = c->watches; w; w = w->next)
		if (!strcmp(w->path, path) && !strcmp(w->token, token))
			return EEXIST;
	if (c->is_domain && !xs_conn_privileged(c) &&
	    c->nwatches >= c->store->q.watches)
		return E2BIG;
	w = calloc(1, sizeof(*w));
	if (!w)
		return ENOMEM;
	w->path = strdup(path);
	w->token = strdup(token);
	if (!w->path || !w->token) {
		free(w->path);
		free(w->token);
		free(w);
		return ENOMEM;
	}
	/* Xen charges a watch as its path and token (memory quota) */
	if (xs_mem_over(c->store, c->domid, (long)(strlen(path) +
						     strlen(token)))) {
		free(w->path);
		free(w->token);
		free(w);
		return ENOMEM;
	}
	c->watch_mem += strlen(path) + strlen(token);
	w->relative = relative;
	/* At the tail: a change fires a connection's watches in the order
	 * they were set, as Xen's add_watch (list_add_tail) does. */
	for (pp = &c->watches; *pp; pp = &(*pp)->next)
		;
	*pp = w;
	c->nwatches++;
	return 0;
}

int xs_watch_del(struct xs_conn *c, const char *path, const char *token)
{
	for (struct xs_watch **pp = &c->watches; *pp; pp = &(*pp)->next) {
		struct xs_watch *w = *pp;
		if (strcmp(w->path, path) || strcmp(w->token, token))
			continue;
		*pp = w->next;
		c->watch_mem -= strlen(w->path) + strlen(w->token);
		free(w->path);
		free(w->token);
		free(w);
		c->nwatches--;
		return 0;
	}
	return ENOENT;
}

void xs_watch_clear(struct xs_conn *c)
{
	while (c->watches) {
		struct xs_watch *w = c->watches;
		c->watches = w->next;
		free(w->path);
		free(w->token);
		free(w);
	}
	c->nwatches = 0;
	c->watch_mem = 0;
}

/* Xen does not queue an event identical to one still queued (XSA-326);
 * special events excepted. */
static bool queued(const struct xs_conn *c, const char *buf, size_t len)
{
	for (const struct xs_outmsg *m = c->out_head; m; m = m->next)
		if (m->is_event && m->len == XS_HDR_SIZE + len &&
		    !memcmp(m->buf + XS_HDR_SIZE, buf, len))
			return true;
	return false;
}

/* Sends "path\0token\0", path relative to the domain when the watch was
 * registered with a relative path. */
static void send_event(struct xs_conn *c, const struct xs_watch *w,
		       const char *path)
{
	char dom[64], buf[XS_PATH_BUF * 2 + 2];
	size_t dl, pl, tl;

	xs_path_domain(c->domid, dom, sizeof(dom));
	dl = strlen(dom);
	if (w->relative && !strncmp(path, dom, dl) && path[dl] == '/')
		path += dl + 1;
	pl = strlen(path) + 1;
	tl = strlen(w->token) + 1;
	/* Xen drops an event that would not fit one message. */
	if (pl + tl > XENSTORE_PAYLOAD_MAX || pl + tl > sizeof(buf))
		return;
	memcpy(buf, path, pl);
	memcpy(buf + pl, w->token, tl);
	if (path[0] != '@' && queued(c, buf, pl + tl))
		return;
	xs_conn_queue(c, XS_WATCH_EVENT, 0, 0, buf, pl + tl);
}

/* Xen's watch_permitted (XSA-115): the watcher may read the node or its
 * parent, or could read the node before its permissions changed. */
static bool permitted(const struct xs_conn *c, const struct xs_node *n,
		      const struct xs_perm *old, unsigned nold)
{
	if (old && (xs_conn_access(c, old, nold) & XS_PERM_READ))
		return true;
	if (xs_conn_access(c, n->perms, n->nperms) & XS_PERM_READ)
		return true;
	return n->parent && (xs_conn_access(c, n->parent->perms,
					    n->parent->nperms) & XS_PERM_READ);
}

/* exact: only watches on path itself, else also those above it. */
static void fire(struct xs_store *s, const char *path,
		 const struct xs_node *n, const struct xs_perm *old,
		 unsigned nold, bool exact)
{
	for (struct xs_conn *c = s->conns; c; c = c->next) {
		if (!c->watches || !permitted(c, n, old, nold))
			continue;
		for (struct xs_watch *w = c->watches; w; w = w->next) {
			if (w->path[0] == '@')
				continue;
			if (exact ? !strcmp(path, w->path) :
			    xs_path_is_under(path, w->path))
				send_event(c, w, path);
		}
	}
}

void xs_watch_fire(struct xs_store *s, const char *path,
		   const struct xs_node *n, const struct xs_perm *old,
		   unsigned nold)
{
	fire(s, path, n, old, nold, false);
}

/* buf holds n's path in its first len bytes; children first, as Xen's
 * tree walk removes them. Depth is bounded by the path length limit. */
static void fire_below(struct xs_store *s, const struct xs_node *n,
		       char *buf, size_t len)
{
	for (unsigned i = 0; i < n->nkids; i++) {
		const struct xs_node *k = n->kids[i];
		size_t kl = strlen(k->name);

		if (len + 1 + kl >= XS_PATH_BUF)
			continue;
		buf[len] = '/';
		memcpy(buf + len + 1, k->name, kl + 1);
		fire_below(s, k, buf, len + 1 + kl);
		fire(s, buf, k, NULL, 0, true);
		buf[len] = '\0';
	}
}

void xs_watch_fire_removed(struct xs_store *s, const struct xs_node *n,
			   const char *path)
{
	char buf[XS_PATH_BUF];

	snprintf(buf, sizeof(buf), "%s", path);
	fire_below(s, n, buf, strlen(buf));
	fire(s, path, n, NULL, 0, false);
}

void xs_watch_fire_special(struct xs_store *s, const char *path)
{
	int i = strcmp(path, "@introduceDomain") == 0 ? 0 : 1;

	for (struct xs_conn *c = s->conns; c; c = c->next) {
		if (!(xs_conn_access(c, s->special_perms[i],
				     s->special_nperms[i]) & XS_PERM_READ))
			continue;
		for (struct xs_watch *w = c->watches; w; w = w->next)
			if (!strcmp(w->path, path))
				send_event(c, w, path);
	}
}

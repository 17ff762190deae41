/* Watches: registration and event delivery (see xs_store.h). */
#include <stdlib.h>
#include <string.h>

#include "xs_path.h"
#include "xs_store.h"

int xs_watch_add(struct xs_conn *c, const char *path, const char *token,
		 bool relative)
{
	struct xs_watch *w;

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
	w->relative = relative;
	w->next = c->watches;
	c->watches = w;
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
	xs_conn_queue(c, XS_WATCH_EVENT, 0, 0, buf, pl + tl);
}

void xs_watch_fire(struct xs_store *s, const char *path,
		   const struct xs_perm *p, unsigned np, bool removed)
{
	for (struct xs_conn *c = s->conns; c; c = c->next) {
		if (!(xs_conn_access(c, p, np) & XS_PERM_READ))
			continue;
		for (struct xs_watch *w = c->watches; w; w = w->next) {
			if (w->path[0] == '@')
				continue;
			if (xs_path_is_under(path, w->path))
				send_event(c, w, path);
			else if (removed && xs_path_is_under(w->path, path))
				send_event(c, w, w->path);
		}
	}
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

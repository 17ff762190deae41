/* The requests about domains: INTRODUCE, RELEASE, GET_DOMAIN_PATH,
 * IS_DOMAIN_INTRODUCED, RESUME and SET_TARGET (xs_ops.h). */
#include <errno.h>
#include <string.h>

#include "daemon_log.h"
#include "xs_ops.h"
#include "xs_path.h"

static void reply_str(struct xs_conn *c, const struct xs_request *req,
		      const char *s)
{
	xs_conn_queue(c, req->type, req->req_id, req->tx_id, s, strlen(s) + 1);
}

int xs_op_introduce(struct xs_conn *c, const struct xs_request *req)
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

int xs_op_domain(struct xs_conn *c, const struct xs_request *req)
{
	struct xs_domain *d = xs_store_domain(c->store, req->domid);
	char buf[64];

	switch (req->type) {
	case XS_GET_DOMAIN_PATH:
		xs_path_domain(req->domid, buf, sizeof(buf));
		reply_str(c, req, buf);
		return 0;
	default:
		break;
	}
	/* IS_DOMAIN_INTRODUCED too: it tells of other guests (XSA-115) */
	if (!xs_conn_privileged(c))
		return EACCES;
	if (req->type == XS_IS_DOMAIN_INTRODUCED) {
		reply_str(c, req, (d && d->introduced) || req->domid == 0 ?
			  "T" : "F");
		return 0;
	}
	if (!d || !d->introduced ||
	    (req->type == XS_RELEASE && req->domid == 0))
		return req->domid == 0 ? EINVAL : ENOENT;
	if (req->type == XS_RESUME) {
		d->shutdown_reported = false;
	} else if (req->type == XS_SET_TARGET) {
		/* Xen's do_set_target: the target must be introduced too */
		struct xs_domain *td = xs_store_domain(c->store, req->target);
		if (!td || !td->introduced)
			return ENOENT;
		d->target = (int)req->target;
	} else {
		reply_str(c, req, "OK"); /* the releaser hears OK first */
		xs_store_domain_gone(c->store, req->domid);
		return 0;
	}
	reply_str(c, req, "OK");
	return 0;
}

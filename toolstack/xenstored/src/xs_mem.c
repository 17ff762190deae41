/* The per-domain memory quota of Xen 4.17 (XSA-326): every byte a
 * domain makes the daemon keep is charged to it, and at the hard quota
 * ("-Q memory=", 2.5 MiB) the daemon refuses it more and stops reading
 * its requests until it is below again; the soft quota ("-q memory=",
 * 2 MiB) only logs. The charges follow Xen's: nodes as their path and
 * data base record (xs_tree_mem), watches as path and token, queued
 * messages as header and payload; a transaction is charged for what it
 * logs (xs_txn.h). */
#include <time.h>

#include "daemon_log.h"
#include "xs_store.h"
#include "xs_txn.h"

size_t xs_mem_used(struct xs_store *s, unsigned domid)
{
	size_t used = xs_tree_mem(s->tree, domid);

	for (const struct xs_conn *c = s->conns; c; c = c->next) {
		if (!c->is_domain || c->domid != domid)
			continue;
		used += c->watch_mem + c->out_mem;
		for (const struct xs_txn *t = c->txns; t; t = t->next)
			used += t->mem;
	}
	return used;
}

/* A broken connection is ignored until its domain goes (XSA-325):
 * nothing it would still be charged for is refused. */
static bool ignored(const struct xs_domain *d)
{
	return d && d->conn && d->conn->dead;
}

/* Xen logs a domain's quota state at most every 10 seconds (but at
 * once when it first reaches the hard quota). */
#define MEM_WARN_MINTIME_SEC 10

bool xs_mem_over(struct xs_store *s, unsigned domid, long add)
{
	struct xs_domain *d = xs_store_domain(s, domid);
	time_t now = time(NULL);
	long mem;

	if (domid == 0 || ignored(d))
		return false;
	mem = (long)xs_mem_used(s, domid) + add;
	if (s->q.memory && mem >= (long)s->q.memory) {
		if (d && !d->hard_reported) {
			daemon_log(DLOG_ERR, (int)domid, "exceeds hard memory "
			       "quota, Xenstore interface to domain stalled");
			d->hard_reported = true;
			d->mem_last_msg = now;
		}
		return true;
	}
	if (!d || now - d->mem_last_msg < MEM_WARN_MINTIME_SEC)
		return false;
	if (d->hard_reported) {
		d->hard_reported = false;
		d->mem_last_msg = now;
		daemon_log(DLOG_INFO, (int)domid, "below hard memory quota again");
	}
	if (s->q.memory_soft && mem >= (long)s->q.memory_soft &&
	    !d->soft_reported) {
		d->soft_reported = true;
		d->mem_last_msg = now;
		daemon_log(DLOG_WARN, (int)domid, "exceeds soft memory quota");
	} else if (mem < (long)s->q.memory_soft && d->soft_reported) {
		d->soft_reported = false;
		d->mem_last_msg = now;
		daemon_log(DLOG_INFO, (int)domid, "below soft memory quota again");
	}
	return false;
}

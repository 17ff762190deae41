/* XS_CONTROL: the commands of Xen 4.17's xenstored that xenstore-control
 * sends (check, print, log, logfile, memreport, quota, quota-soft, help), with
 * Xen's reply texts. Quotas are those of struct xs_quota. */
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "daemon_log.h"
#include "xs_store.h"

static FILE *open_file(struct xs_store *s, const char *path)
{
	if (s->hooks.open_file)
		return s->hooks.open_file(s->hooks.ctx, path);
	return fopen(path, "a");
}

void xs_trace_close(struct xs_store *s)
{
	if (s->trace)
		fclose(s->trace);
	s->trace = NULL;
}

void xs_trace_reopen(struct xs_store *s)
{
	xs_trace_close(s);
	if (!s->trace_path)
		return;
	s->trace = open_file(s, s->trace_path);
	if (!s->trace)
		daemon_log(DLOG_ERR, 0, "trace file %s: %m", s->trace_path);
	else
		setvbuf(s->trace, NULL, _IOLBF, 0);
}

int xs_trace_set(struct xs_store *s, const char *path)
{
	char *p = strdup(path);

	if (!p)
		return ENOMEM;
	free(s->trace_path);
	s->trace_path = p;
	xs_trace_reopen(s);
	return 0;
}

/* Xen's names and descriptions, in Xen's order. */
struct quota {
	const char *name;
	size_t off;
	const char *descr;
};
static const struct quota hard_quotas[] = {
	{ "nodes", offsetof(struct xs_quota, nodes), "Nodes per domain" },
	{ "watches", offsetof(struct xs_quota, watches),
	  "Watches per domain" },
	{ "transactions", offsetof(struct xs_quota, txns),
	  "Transactions per domain" },
	{ "outstanding", offsetof(struct xs_quota, outstanding),
	  "Outstanding requests per domain" },
	{ "transaction-nodes", offsetof(struct xs_quota, trans_nodes),
	  "Max. number of accessed nodes per transaction" },
	{ "memory", offsetof(struct xs_quota, memory),
	  "Total Xenstore memory per domain (error level)" },
	{ "node-size", offsetof(struct xs_quota, entry_size),
	  "Max. size of a node" },
	{ "path-max", offsetof(struct xs_quota, path_max),
	  "Max. length of a node path" },
	{ "permissions", offsetof(struct xs_quota, perms),
	  "Max. number of permissions per node" },
	{ NULL, 0, NULL },
};
static const struct quota soft_quotas[] = {
	{ "memory", offsetof(struct xs_quota, memory_soft),
	  "Total Xenstore memory per domain (warning level)" },
	{ NULL, 0, NULL },
};

static unsigned *quota_ptr(struct xs_store *s, const struct quota *q)
{
	return (unsigned *)((char *)&s->q + q->off);
}

/* Appends to a reply buffer; the payload limit bounds every reply. */
struct text {
	char buf[XENSTORE_PAYLOAD_MAX];
	size_t len;
};

static void add(struct text *t, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void add(struct text *t, const char *fmt, ...)
{
	va_list ap;
	int w;

	va_start(ap, fmt);
	w = vsnprintf(t->buf + t->len, sizeof(t->buf) - t->len, fmt, ap);
	va_end(ap);
	if (w > 0)
		t->len += (size_t)w;
	if (t->len >= sizeof(t->buf))
		t->len = sizeof(t->buf) - 1;
}

static void send_text(struct xs_conn *c, const struct xs_request *req,
		      const struct text *t)
{
	xs_conn_queue(c, XS_CONTROL, req->req_id, req->tx_id, t->buf,
		      t->len + 1);
}

static int ack(struct xs_conn *c, const struct xs_request *req)
{
	xs_conn_queue(c, XS_CONTROL, req->req_id, req->tx_id, "OK", 3);
	return 0;
}

static int quota_show(struct xs_conn *c, const struct xs_request *req,
		      const struct quota *q)
{
	struct text t = { .len = 0 };

	add(&t, "Quota settings:\n");
	for (; q->name; q++)
		add(&t, "%-17s: %8u %s\n", q->name, *quota_ptr(c->store, q),
		    q->descr);
	send_text(c, req, &t);
	return 0;
}

static int quota_set(struct xs_conn *c, const struct xs_request *req,
		     const char *const *a, unsigned n, const struct quota *q)
{
	int val;

	if (n != 2)
		return EINVAL;
	val = atoi(a[1]);
	if (val < 1)
		return EINVAL;
	for (; q->name; q++) {
		if (!strcmp(a[0], q->name)) {
			*quota_ptr(c->store, q) = (unsigned)val;
			return ack(c, req);
		}
	}
	return EINVAL;
}

static int quota_domain(struct xs_conn *c, const struct xs_request *req,
			const char *arg)
{
	unsigned domid = (unsigned)atoi(arg);
	struct xs_domain *d = xs_store_domain(c->store, domid);
	const struct xs_conn *dc = d ? d->conn : NULL;
	struct text t = { .len = 0 };

	if (!d)
		return ENOENT;
	add(&t, "Domain %u:\n", domid);
	add(&t, "%-16s: %8u\n", "nodes", xs_tree_owned(c->store->tree, domid));
	add(&t, "%-16s: %8u\n", "watches", dc ? dc->nwatches : 0);
	add(&t, "%-16s: %8u\n", "transactions", dc ? dc->ntxns : 0);
	add(&t, "%-16s: %8u\n", "outstanding", dc ? dc->out_replies : 0);
	add(&t, "%-16s: %8zu\n", "memory", xs_mem_used(c->store, domid));
	send_text(c, req, &t);
	return 0;
}

static int do_quota(struct xs_conn *c, const struct xs_request *req,
		    const char *const *a, unsigned n, bool soft)
{
	const struct quota *q = soft ? soft_quotas : hard_quotas;

	if (n == 0)
		return quota_show(c, req, q);
	if (!strcmp(a[0], "set"))
		return quota_set(c, req, a + 1, n - 1, q);
	if (soft || n != 1)
		return EINVAL;
	return quota_domain(c, req, a[0]);
}

/* Xen writes its allocator's report; ours counts what the store holds. */
static int do_memreport(struct xs_conn *c, const struct xs_request *req,
			const char *const *a, unsigned n)
{
	struct xs_store *s = c->store;
	unsigned conns = 0, watches = 0, txns = 0;
	FILE *f;

	if (n > 1)
		return EINVAL;
	if (n == 1)
		f = open_file(s, a[0]);
	else if (s->trace_path)
		f = open_file(s, s->trace_path);
	else
		f = NULL;
	if (!f)
		return EBADF;
	for (const struct xs_conn *k = s->conns; k; k = k->next) {
		conns++;
		watches += k->nwatches;
		txns += k->ntxns;
	}
	fprintf(f, "xenstored memory report: nodes %u, connections %u, "
		"watches %u, transactions %u\n", xs_tree_count(s->tree->root),
		conns, watches, txns);
	fclose(f);
	return ack(c, req);
}

static int do_help(struct xs_conn *c, const struct xs_request *req)
{
	struct text t = { .len = 0 };

	/* Xen's do_control_help: "<command>\t<arguments>\n" for each
	 * command it has, in its table's order, and the final NUL. */
	add(&t, "check\t\nlog\ton|off\nlogfile\t<file>\nmemreport\t[<file>]\n"
		"print\t<string>\nquota\t[set <name> <val>|<domid>]\n"
		"quota-soft\t[set <name> <val>]\nhelp\t\n");
	send_text(c, req, &t);
	return 0;
}

int xs_control(struct xs_conn *c, const struct xs_request *req)
{
	const char *cmd = req->args[0];
	const char *const *a = req->args + 1;
	unsigned n = req->nargs - 1;

	if (!xs_conn_privileged(c))
		return EACCES;
	if (!strcmp(cmd, "check") && n == 0) {
		xs_store_check(c->store);
		return ack(c, req);
	}
	if (!strcmp(cmd, "print") && n == 1) {
		daemon_log(DLOG_INFO, (int)c->domid, "control: %s", a[0]);
		return ack(c, req);
	}
	if (!strcmp(cmd, "log") && n == 1) {
		if (!strcmp(a[0], "on"))
			xs_trace_reopen(c->store);
		else if (!strcmp(a[0], "off"))
			xs_trace_close(c->store);
		else
			return EINVAL;
		return ack(c, req);
	}
	if (!strcmp(cmd, "logfile") && n == 1) {
		int err = xs_trace_set(c->store, a[0]);
		return err ? err : ack(c, req);
	}
	if (!strcmp(cmd, "memreport"))
		return do_memreport(c, req, a, n);
	if (!strcmp(cmd, "quota") || !strcmp(cmd, "quota-soft"))
		return do_quota(c, req, a, n, cmd[5] == '-');
	if (!strcmp(cmd, "help") && n == 0)
		return do_help(c, req);
	return EINVAL;
}

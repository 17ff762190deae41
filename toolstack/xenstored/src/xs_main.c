/* xenstored: options, start-up and the single poll() loop. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include "daemon_start.h"
#include "daemon_log.h"
#include "xs_socket.h"
#include "xs_store.h"
#include "xs_xen.h"

struct options {
	struct xs_quota q;
	const char *pid_file, *trace_file;
	bool no_fork, output_pid, no_domain_init, verbose, keep_orphans;
};

static void usage(FILE *out)
{
	fprintf(out,
"Usage: xenstored [options]\n"
"  -F, --pid-file <file>     write the daemon's pid to <file>\n"
"  -N, --no-fork             stay in the foreground\n"
"  -P, --output-pid          print the daemon's pid\n"
"  -T, --trace-file <file>   log every request and reply to <file>\n"
"  -D, --no-domain-init      do not connect dom0's ring or Xen\n"
"  -E, --entry-nb <nb>       nodes a domain may own (1000)\n"
"  -S, --entry-size <size>   bytes in one node's value (2048)\n"
"  -W, --watch-nb <nb>       watches per domain (128)\n"
"  -t, --transaction <nb>    open transactions per domain (10)\n"
"  -A, --perm-nb <nb>        entries in a permission list (5)\n"
"  -M, --path-max <chars>    longest path after /local/domain/N/ (2048)\n"
"  -Q, --quota <what>=<nb>   nodes, entry-size, watches, transactions,\n"
"                            permissions, path-max, outstanding (20),\n"
"                            events (1024), transaction-nodes (1024),\n"
"                            memory (bytes a domain may use, 2621440)\n"
"  -q, --quota-soft memory=<nb>  log a warning above it (2097152)\n"
"  -K, --keep-orphans        give a dead domain's nodes to dom0 instead\n"
"                            of deleting them (a security risk)\n"
"  -V, --verbose             log debug messages\n"
"  -I, --internal-db, -R, --no-recovery   accepted for compatibility\n"
"The socket is $XENSTORED_PATH or ${XENSTORED_RUNDIR:-/var/run/xenstored}/socket.\n");
}

static unsigned parse_num(const char *opt, const char *arg)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(arg, &end, 10);
	if (errno || !*arg || *end || v > INT_MAX) {
		fprintf(stderr, "xenstored: %s: invalid number '%s'\n", opt, arg);
		exit(2);
	}
	return (unsigned)v;
}

static void parse_quota(struct xs_quota *q, const char *arg)
{
	static const struct { const char *name; size_t off; } names[] = {
		{ "nodes", offsetof(struct xs_quota, nodes) },
		{ "entry-size", offsetof(struct xs_quota, entry_size) },
		{ "watches", offsetof(struct xs_quota, watches) },
		{ "transactions", offsetof(struct xs_quota, txns) },
		{ "permissions", offsetof(struct xs_quota, perms) },
		{ "path-max", offsetof(struct xs_quota, path_max) },
		{ "outstanding", offsetof(struct xs_quota, outstanding) },
		{ "events", offsetof(struct xs_quota, events) },
		{ "transaction-nodes", offsetof(struct xs_quota, trans_nodes) },
		{ "memory", offsetof(struct xs_quota, memory) },
	};
	const char *eq = strchr(arg, '=');

	for (size_t i = 0; eq && i < sizeof(names) / sizeof(names[0]); i++) {
		if (strlen(names[i].name) == (size_t)(eq - arg) &&
		    !strncmp(arg, names[i].name, (size_t)(eq - arg))) {
			*(unsigned *)((char *)q + names[i].off) =
				parse_num("--quota", eq + 1);
			return;
		}
	}
	fprintf(stderr, "xenstored: --quota: unknown quota '%s'\n", arg);
	exit(2);
}

/* Xen has one soft quota. */
static void parse_soft_quota(struct xs_quota *q, const char *arg)
{
	if (strncmp(arg, "memory=", 7)) {
		fprintf(stderr, "xenstored: --quota-soft: unknown quota '%s'\n",
			arg);
		exit(2);
	}
	q->memory_soft = parse_num("--quota-soft", arg + 7);
}

static void parse_options(int argc, char **argv, struct options *o)
{
	static const struct option longs[] = {
		{ "pid-file", 1, NULL, 'F' }, { "no-fork", 0, NULL, 'N' },
		{ "output-pid", 0, NULL, 'P' }, { "trace-file", 1, NULL, 'T' },
		{ "no-domain-init", 0, NULL, 'D' }, { "entry-nb", 1, NULL, 'E' },
		{ "entry-size", 1, NULL, 'S' }, { "watch-nb", 1, NULL, 'W' },
		{ "transaction", 1, NULL, 't' }, { "perm-nb", 1, NULL, 'A' },
		{ "path-max", 1, NULL, 'M' }, { "quota", 1, NULL, 'Q' },
		{ "quota-soft", 1, NULL, 'q' }, { "keep-orphans", 0, NULL, 'K' },
		{ "verbose", 0, NULL, 'V' }, { "internal-db", 2, NULL, 'I' },
		{ "no-recovery", 0, NULL, 'R' }, { "help", 0, NULL, 'H' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	while ((c = getopt_long(argc, argv, "F:NPT:DE:S:W:t:A:M:Q:q:KVI::RH",
				longs, NULL)) != -1) {
		switch (c) {
		case 'F': o->pid_file = optarg; break;
		case 'N': o->no_fork = true; break;
		case 'P': o->output_pid = true; break;
		case 'T': o->trace_file = optarg; break;
		case 'D': o->no_domain_init = true; break;
		case 'E': o->q.nodes = parse_num("-E", optarg); break;
		case 'S': o->q.entry_size = parse_num("-S", optarg); break;
		case 'W': o->q.watches = parse_num("-W", optarg); break;
		case 't': o->q.txns = parse_num("-t", optarg); break;
		case 'A': o->q.perms = parse_num("-A", optarg); break;
		case 'M': /* Xen caps it at XENSTORE_REL_PATH_MAX */
			o->q.path_max = parse_num("-M", optarg);
			if (o->q.path_max > XENSTORE_REL_PATH_MAX)
				o->q.path_max = XENSTORE_REL_PATH_MAX;
			break;
		case 'Q': parse_quota(&o->q, optarg); break;
		case 'q': parse_soft_quota(&o->q, optarg); break;
		case 'K': o->keep_orphans = true; break;
		case 'V': o->verbose = true; break;
		case 'I': case 'R': break;
		case 'H': usage(stdout); exit(0);
		default: usage(stderr); exit(2);
		}
	}
	if (optind != argc) {
		usage(stderr);
		exit(2);
	}
}

/* The poll set: signals, listener, Xen events, then socket clients. */
struct loop {
	struct pollfd *fds;
	struct xs_conn **conns;
	size_t cap, n;
};

static void loop_add(struct loop *l, struct pollfd p, struct xs_conn *c)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 16;
		l->fds = realloc(l->fds, l->cap * sizeof(*l->fds));
		l->conns = realloc(l->conns, l->cap * sizeof(*l->conns));
		if (!l->fds || !l->conns)
			abort();
	}
	l->fds[l->n] = p;
	l->conns[l->n++] = c;
}

static void loop_build(struct loop *l, struct xs_store *s, int sfd, int lfd,
		       int xfd)
{
	struct xs_conn *c, *next;

	l->n = 0;
	loop_add(l, (struct pollfd){ .fd = sfd, .events = POLLIN }, NULL);
	loop_add(l, (struct pollfd){ .fd = lfd, .events = POLLIN }, NULL);
	loop_add(l, (struct pollfd){ .fd = xfd, .events = POLLIN }, NULL);
	for (c = s->conns; c; c = next) {
		struct pollfd p;
		next = c->next;
		if (!xs_socket_pollfd(c, &p))
			continue;
		if (c->dead)
			xs_socket_service(c, POLLERR); /* closes it */
		else
			loop_add(l, p, c);
	}
}

static int run(struct xs_store *s, struct xs_xen *x, int lfd)
{
	struct loop l = { 0 };
	int sfd = daemon_signals_fd();

	for (;;) {
		if (x)
			xs_xen_service(x, s);
		loop_build(&l, s, sfd, lfd, x ? xs_xen_fd(x) : -1);
		if (poll(l.fds, l.n, -1) < 0 && errno != EINTR)
			break;
		if (l.fds[0].revents)
			break;
		if (l.fds[1].revents & POLLIN)
			xs_socket_accept(lfd, s);
		if (x && l.fds[2].revents)
			xs_xen_events(x, s);
		for (size_t i = 3; i < l.n; i++)
			if (l.fds[i].revents)
				xs_socket_service(l.conns[i], l.fds[i].revents);
	}
	daemon_log(DLOG_INFO, 0, "shutting down");
	free(l.fds);
	free(l.conns);
	close(sfd);
	return 0;
}

int main(int argc, char **argv)
{
	struct options o = { .q = XS_QUOTA_DEFAULTS };
	struct xs_xen *x = NULL;
	struct xs_store_hooks hooks = { 0 };
	struct xs_store *s;
	const char *path = xs_socket_path();
	int lfd, rc;

	parse_options(argc, argv, &o);
	daemon_log_setup(stderr, o.verbose ? DLOG_DEBUG : DLOG_INFO,
		     "xenstored");
	/* Fork first: Xen's libraries keep hypercall buffers that a child
	 * does not inherit (MADV_DONTFORK). */
	if (!o.no_fork && daemon(0, 1)) {
		daemon_log(DLOG_ERR, 0, "daemon: %m");
		return 1;
	}
	if (o.pid_file)
		daemon_write_pid_file(o.pid_file);
	if (o.output_pid) {
		printf("%d\n", (int)getpid());
		fflush(stdout);
	}
	if (!o.no_domain_init && (x = xs_xen_open()))
		hooks = xs_xen_hooks(x);
	s = xs_store_new(&o.q, &hooks);
	if (!s)
		return 1;
	s->keep_orphans = o.keep_orphans;
	if (o.trace_file && xs_trace_set(s, o.trace_file))
		return 1;
	if (x && xs_xen_dom0_init(x, s))
		daemon_log(DLOG_WARN, 0, "dom0's kernel is not connected");
	/* The socket last: clients that see it find dom0 connected. */
	lfd = xs_socket_listen(path);
	if (lfd < 0)
		return 1;
	daemon_log(DLOG_INFO, 0, "listening on %s%s", path,
	       x ? " and Xen rings" : "");
	rc = run(s, x, lfd);
	close(lfd);
	unlink(path);
	xs_store_free(s);
	xs_xen_close(x);
	return rc;
}

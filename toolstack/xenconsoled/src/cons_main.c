/* xenconsoled: options, domain discovery and the single poll() loop. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include "cons_console.h"
#include "daemon_start.h"
#include "daemon_log.h"

#define MAX_DOMS 1024

struct options {
	const char *pid_file, *log_dir;
	bool log_guest, interactive, verbose;
};

static void usage(FILE *out)
{
	fprintf(out,
"Usage: xenconsoled [options]\n"
"  -i, --interactive          stay in the foreground\n"
"  -v, --verbose              log debug messages\n"
"      --log=none|guest|hv|all  log guest consoles (hv: accepted, ignored)\n"
"      --log-dir=DIR          where guest logs go (/var/log/xen/console)\n"
"      --pid-file=FILE        write the daemon's pid to FILE\n"
"  -o, --overflow-data=discard|keep, -t, --timestamp=...  accepted\n");
}

static void parse_options(int argc, char **argv, struct options *o)
{
	static const struct option longs[] = {
		{ "interactive", 0, NULL, 'i' }, { "verbose", 0, NULL, 'v' },
		{ "log", 1, NULL, 'l' }, { "log-dir", 1, NULL, 'r' },
		{ "pid-file", 1, NULL, 'p' }, { "overflow-data", 1, NULL, 'o' },
		{ "timestamp", 1, NULL, 't' }, { "help", 0, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	while ((c = getopt_long(argc, argv, "ivo:t:h", longs, NULL)) != -1) {
		switch (c) {
		case 'i': o->interactive = true; break;
		case 'v': o->verbose = true; break;
		case 'l':
			if (strcmp(optarg, "none") && strcmp(optarg, "guest") &&
			    strcmp(optarg, "hv") && strcmp(optarg, "all")) {
				fprintf(stderr, "xenconsoled: --log: unknown "
					"value '%s'\n", optarg);
				exit(2);
			}
			o->log_guest = !strcmp(optarg, "guest") ||
				       !strcmp(optarg, "all");
			break;
		case 'r': o->log_dir = optarg; break;
		case 'p': o->pid_file = optarg; break;
		case 'o': case 't': break;
		case 'h': usage(stdout); exit(0);
		default: usage(stderr); exit(2);
		}
	}
	if (optind != argc) {
		usage(stderr);
		exit(2);
	}
}

static struct console *find(struct cons_ctx *x, unsigned domid)
{
	for (struct console *c = x->cons; c; c = c->next)
		if (c->domid == domid)
			return c;
	return NULL;
}

/* Compares pointers only: c may already be freed. */
static bool alive(const struct cons_ctx *x, const struct console *c)
{
	for (const struct console *i = x->cons; i; i = i->next)
		if (i == c)
			return true;
	return false;
}

/* Matches our consoles to the domains Xen has: new ones get a console,
 * dead ones lose it (a rebooted guest comes back with a new id). */
static void discover(struct cons_ctx *x)
{
	static xc_domaininfo_t info[MAX_DOMS];
	int n = xc_domain_getinfolist(x->xch, 0, MAX_DOMS, info);
	struct console **pp, *c;

	if (n < 0) {
		daemon_log(DLOG_ERR, -1, "getdomaininfolist: %m");
		return;
	}
	for (c = x->cons; c; c = c->next)
		c->seen = false;
	for (int i = 0; i < n; i++) {
		unsigned domid = info[i].domain;
		if (domid == 0 || (info[i].flags & XEN_DOMINF_dying))
			continue;
		c = find(x, domid);
		if (!c && !(c = console_new(x, domid)))
			continue;
		c->seen = true;
		console_connect(x, c);
	}
	for (pp = &x->cons; (c = *pp);) {
		if (c->seen) {
			pp = &c->next;
			continue;
		}
		*pp = c->next;
		console_free(x, c);
	}
}

static void xenstore_events(struct cons_ctx *x)
{
	char **w;
	bool rescan = false;

	while ((w = xs_check_watch(x->xsh)) != NULL) {
		unsigned domid;
		struct console *c;

		if (sscanf(w[XS_WATCH_TOKEN], "dom%u", &domid) == 1 &&
		    (c = find(x, domid)))
			console_connect(x, c);
		else
			rescan = true;
		free(w);
	}
	if (rescan)
		discover(x);
}

static void evtchn_events(struct cons_ctx *x)
{
	xenevtchn_port_or_error_t port;

	while ((port = xenevtchn_pending(x->xce)) >= 0) {
		xenevtchn_unmask(x->xce, (evtchn_port_t)port);
		for (struct console *c = x->cons; c; c = c->next)
			if (c->bound && c->local_port == (evtchn_port_t)port)
				console_output(x, c);
	}
}

static int open_xen(struct cons_ctx *x)
{
	x->xce = xenevtchn_open(NULL, 0);
	x->xgt = xengnttab_open(NULL, 0);
	x->fmem = xenforeignmemory_open(NULL, 0);
	x->xch = xc_interface_open(NULL, NULL, 0);
	x->xsh = xs_open(0);
	if (x->xce) /* xenevtchn_pending() must not block the loop */
		fcntl(xenevtchn_fd(x->xce), F_SETFL,
		      fcntl(xenevtchn_fd(x->xce), F_GETFL) | O_NONBLOCK);
	if (!x->xce || !x->xch || !x->xsh) {
		daemon_log(DLOG_ERR, -1, "needs Xen and xenstored: %m");
		return -1;
	}
	if (!xs_watch(x->xsh, "@introduceDomain", "domlist") ||
	    !xs_watch(x->xsh, "@releaseDomain", "domlist")) {
		daemon_log(DLOG_ERR, -1, "cannot watch domains: %m");
		return -1;
	}
	return 0;
}

static void run(struct cons_ctx *x)
{
	struct pollfd fds[3 + MAX_DOMS];
	struct console *who[3 + MAX_DOMS];
	int sfd = daemon_signals_fd();

	for (;;) {
		size_t n = 3;
		fds[0] = (struct pollfd){ .fd = sfd, .events = POLLIN };
		fds[1] = (struct pollfd){ .fd = xs_fileno(x->xsh), .events = POLLIN };
		fds[2] = (struct pollfd){ .fd = xenevtchn_fd(x->xce), .events = POLLIN };
		for (struct console *c = x->cons; c && n < 3 + MAX_DOMS;
		     c = c->next) {
			if (c->master_fd < 0)
				continue;
			fds[n] = (struct pollfd){ .fd = c->master_fd };
			if (console_wants_input(c))
				fds[n].events |= POLLIN;
			if (c->out.len)
				fds[n].events |= POLLOUT;
			who[n++] = c;
		}
		if (poll(fds, n, -1) < 0 && errno != EINTR)
			break;
		if (fds[0].revents)
			break;
		if (fds[1].revents)
			xenstore_events(x);
		if (fds[2].revents)
			evtchn_events(x);
		for (size_t i = 3; i < n; i++) {
			if (!alive(x, who[i]))
				continue; /* freed by discovery above */
			if (fds[i].revents & POLLIN)
				console_input(x, who[i]);
			if (fds[i].revents & POLLOUT)
				console_flush(who[i]);
		}
	}
	close(sfd);
}

int main(int argc, char **argv)
{
	struct options o = { .log_dir = "/var/log/xen/console" };
	struct cons_ctx x = { 0 };

	parse_options(argc, argv, &o);
	daemon_log_setup(stderr, o.verbose ? DLOG_DEBUG : DLOG_INFO,
		     "xenconsoled");
	x.log_dir = o.log_guest ? o.log_dir : NULL;
	/* Fork before opening Xen's libraries (MADV_DONTFORK buffers). */
	if (!o.interactive && daemon(0, 1)) {
		daemon_log(DLOG_ERR, -1, "daemon: %m");
		return 1;
	}
	if (o.pid_file)
		daemon_write_pid_file(o.pid_file);
	if (open_xen(&x))
		return 1;
	discover(&x);
	run(&x);
	daemon_log(DLOG_INFO, -1, "shutting down");
	while (x.cons) {
		struct console *c = x.cons;
		x.cons = c->next;
		console_free(&x, c);
	}
	xs_close(x.xsh);
	xenevtchn_close(x.xce);
	if (x.xgt)
		xengnttab_close(x.xgt);
	if (x.fmem)
		xenforeignmemory_close(x.fmem);
	xc_interface_close(x.xch);
	return 0;
}

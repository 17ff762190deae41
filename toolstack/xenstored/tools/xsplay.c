/* xsplay: plays a script to a xenstore daemon's UNIX socket and prints the
 * transcript (xsplay.h), or times TRANSACTION_START on a store of a given
 * size ("bench"). One request is in flight at a time, so what a
 * connection receives (watch events, then its reply) comes in one order
 * for any daemon that keeps its per-connection output in order. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "xsplay.h"
#include "xs_wire.h"

#define MAX_CONNS 8

struct conn {
	char name[XSP_NAME_MAX];
	int fd;                 /* -1: not open (opened on first use) */
};

static const char *sock_path;
static int timeout_ms = 2000;
static struct conn conns[MAX_CONNS];
static unsigned nconns;

static struct conn *conn_get(const char *name)
{
	unsigned i;

	for (i = 0; i < nconns && strcmp(conns[i].name, name); i++)
		;
	if (i == nconns) {
		if (nconns == MAX_CONNS) {
			fprintf(stderr, "xsplay: more than %d connections\n", MAX_CONNS);
			exit(2);
		}
		snprintf(conns[nconns].name, XSP_NAME_MAX, "%s", name);
		conns[nconns++].fd = -1;
	}
	if (conns[i].fd < 0)
		conns[i].fd = xsp_dial(sock_path);
	return &conns[i];
}

/* Prints what c receives up to the reply (watch events first). */
static void await_reply(struct xsp_names *nm, struct conn *c, uint32_t req,
			const char *var)
{
	static char body[XENSTORE_PAYLOAD_MAX + 1];
	struct xsd_sockmsg hdr;

	for (;;) {
		int r = xsp_recv(c->fd, &hdr, body, timeout_ms);

		if (r) {
			printf("< %s (%s)\n", c->name, r == -2 ? "no reply" : "closed");
			if (r == -1) {
				close(c->fd);
				c->fd = -1;
			}
			return;
		}
		if (hdr.type == XS_WATCH_EVENT) {
			xsp_print_msg(stdout, nm, c->name, &hdr, body, 0, NULL);
			continue;
		}
		xsp_print_msg(stdout, nm, c->name, &hdr, body, req, var);
		return;
	}
}

static void play_step(struct xsp_names *nm, const struct xsp_step *st,
		      uint32_t req)
{
	static char msg[sizeof(struct xsd_sockmsg) + sizeof(st->payload)];
	struct conn *c = conn_get(st->conn);
	struct xsd_sockmsg hdr = { .type = (uint32_t)st->type, .req_id = req,
				   .len = (uint32_t)st->len };
	const void *out = msg;
	size_t len = sizeof(hdr) + st->len;

	xsp_print_step(stdout, st);
	if (st->type == XSP_RAW) {
		out = st->payload;
		len = st->len;
		req = 0;
		if (st->len >= sizeof(hdr))
			req = ((const struct xsd_sockmsg *)st->payload)->req_id;
	} else {
		if (xsp_names_lookup(nm, st->tx, &hdr.tx_id)) {
			fprintf(stderr, "xsplay: unknown transaction %s\n", st->tx);
			exit(2);
		}
		memcpy(msg, &hdr, sizeof(hdr));
		memcpy(msg + sizeof(hdr), st->payload, st->len);
	}
	fflush(stdout);
	if (xsp_send(c->fd, out, len)) {
		printf("< %s (closed)\n", c->name);
		close(c->fd);
		c->fd = -1;
		return;
	}
	await_reply(nm, c, req, st->type == XS_TRANSACTION_START ? st->bind : NULL);
}

static int play(const char *script)
{
	static struct xsp_step st;
	struct xsp_names nm = { .n = 0 };
	FILE *f = fopen(script, "r");
	char line[3 * XENSTORE_PAYLOAD_MAX + 128];
	unsigned lineno = 0;
	uint32_t req = 0;

	if (!f) {
		fprintf(stderr, "xsplay: %s: %s\n", script, strerror(errno));
		return 2;
	}
	while (fgets(line, sizeof(line), f)) {
		const char *err = NULL;
		int r;

		lineno++;
		if (!strchr(line, '\n') && !feof(f))
			err = "line too long";
		line[strcspn(line, "\r\n")] = '\0';
		r = err ? -1 : xsp_parse_line(line, &st, &err);
		if (r < 0) {
			fprintf(stderr, "xsplay: %s:%u: %s\n", script, lineno, err);
			fclose(f);
			return 2;
		}
		if (r)
			play_step(&nm, &st, ++req);
	}
	fclose(f);
	return 0;
}

int main(int argc, char **argv)
{
	int opt;

	while ((opt = getopt(argc, argv, "s:w:")) != -1) {
		if (opt == 's')
			sock_path = optarg;
		else if (opt == 'w')
			timeout_ms = atoi(optarg);
		else
			goto usage;
	}
	if (!sock_path)
		sock_path = getenv("XENSTORED_PATH");
	if (!sock_path)
		sock_path = "/var/run/xenstored/socket";
	if (argc - optind == 1)
		return play(argv[optind]);
	if (argc - optind == 3 && !strcmp(argv[optind], "bench"))
		return xsp_bench(sock_path, atoi(argv[optind + 1]), atoi(argv[optind + 2]));
usage:
	fprintf(stderr, "usage: xsplay [-s socket] [-w timeout-ms] script\n"
		"       xsplay [-s socket] bench <nodes> <rounds>\n"
		"The socket defaults to $XENSTORED_PATH or /var/run/xenstored/socket.\n");
	return 2;
}

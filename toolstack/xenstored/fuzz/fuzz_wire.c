/* libFuzzer target: random byte streams into the connections of an
 * in-memory store (dom0 tool, two guest domains). Nothing may crash or
 * leak, a guest can never push itself past its quotas, and the
 * accounting always matches a recount of the tree.
 * Input: a sequence of ops, each <op byte><arg byte>[data]. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "daemon_log.h"
#include "xs_store.h"

static struct xs_conn *intro(void *ctx, struct xs_store *s, unsigned domid,
			     uint64_t mfn, unsigned port)
{
	(void)ctx; (void)mfn; (void)port;
	return xs_conn_new(s, domid, true, NULL);
}

/* Files dom0 names in XS_CONTROL never reach the file system. */
static FILE *open_file(void *ctx, const char *path)
{
	(void)ctx; (void)path;
	return fopen("/dev/null", "a");
}

static const struct xs_quota quota = {
	.nodes = 20, .entry_size = 64, .watches = 4, .txns = 3, .perms = 3,
	.path_max = 64, .outstanding = 4, .events = 8, .trans_nodes = 16,
	.memory = 2048, .memory_soft = 1024,
};

static struct xs_conn *guest(struct xs_store *s, unsigned domid)
{
	struct xs_domain *d = xs_store_domain(s, domid);

	if (d && d->conn)
		return d->conn;
	d = xs_store_add_domain(s, domid, intro(NULL, s, domid, 0, 0), 0, 0);
	return d ? d->conn : NULL;
}

/* Against the live quotas: dom0 may change them (XS_CONTROL quota set). */
static void check_quotas(struct xs_store *s, unsigned domid, unsigned before)
{
	const struct xs_quota quota = s->q;
	struct xs_domain *d = xs_store_domain(s, domid);
	unsigned owned = xs_tree_owned(s->tree, domid);

	if (owned > quota.nodes && owned > before)
		abort();
	/* memory charges never go negative (they would wrap) */
	if (xs_mem_used(s, domid) > (1u << 30) ||
	    xs_tree_mem(s->tree, 0) > (1u << 30))
		abort();
	if (!d || !d->conn)
		return;
	if (d->conn->nwatches > quota.watches || d->conn->ntxns > quota.txns ||
	    d->conn->out_replies > quota.outstanding ||
	    d->conn->out_events > quota.events)
		abort();
}

static void drain(struct xs_conn *c, size_t max)
{
	const void *p;
	size_t n;

	while (max && (n = xs_conn_peek(c, &p)) > 0) {
		if (n > max)
			n = max;
		xs_conn_sent(c, n);
		max -= n;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct xs_store_hooks hooks = { .introduce = intro,
					.open_file = open_file };
	struct xs_store *s = xs_store_new(&quota, &hooks);
	struct xs_conn *d0 = xs_conn_new(s, 0, false, NULL);
	size_t i = 0;

	daemon_log_setup(NULL, DLOG_ERR + 1, "fuzz");
	while (i + 2 <= size && !d0->dead) {
		uint8_t op = data[i], arg = data[i + 1];
		unsigned domid = 5 + (op >> 4 & 1);
		struct xs_conn *c = (op & 8) ? d0 : guest(s, domid);
		unsigned before = xs_tree_owned(s->tree, domid);
		size_t len = arg;

		i += 2;
		if (!c)
			break;
		switch (op & 7) {
		case 0: case 1: case 2: case 3:
			if (len > size - i)
				len = size - i;
			xs_conn_feed(c, data + i, len);
			i += len;
			break;
		case 4:
			drain(c, (size_t)arg * 16);
			break;
		case 5:
			xs_store_domain_shutdown(s, domid);
			break;
		case 6:
			xs_store_domain_gone(s, domid);
			break;
		default:
			drain(d0, SIZE_MAX);
			break;
		}
		if (!(op & 8))
			check_quotas(s, domid, before);
	}
	/* what the store counted is what a recount finds (CONTROL check) */
	if (xs_store_check(s))
		abort();
	xs_store_free(s);
	return 0;
}

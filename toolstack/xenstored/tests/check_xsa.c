/* One test per Xen security advisory against xenstored that applies to
 * this daemon, named after it: each shows the attack of the advisory
 * failing here (table in toolstack/xenstored/README.md). */
#include <stdio.h>
#include <string.h>

#include "check_util.h"

/* XSA-115: events only for nodes the watcher may read, or whose parent
 * it may read, or which it could read before a SET_PERMS. */
START_TEST(test_xsa115_watch_events_need_read_access)
{
	struct xs_conn *d0, *u;

	t_store(NULL);
	d0 = t_dom0();
	u = t_domain(5);
	ck_assert_str_eq(t_write(d0, 0, "/pub/secret", "s"), "OK|");
	ck_assert_str_eq(t_call3(d0, XS_SET_PERMS, 0, "/pub", "n0", "r5"),
			 "OK|");
	ck_assert_str_eq(t_call(u, XS_WATCH, 0, "/", "all"), "OK|");
	t_no_events(u);
	/* neither the node nor its parent readable: nothing */
	ck_assert_str_eq(t_write(d0, 0, "/hidden/x", "1"), "OK|");
	ck_assert_ptr_null(t_event(u));
	/* the parent readable: the event names a node it can list */
	ck_assert_str_eq(t_write(d0, 0, "/pub/secret", "t"), "OK|");
	ck_assert_str_eq(t_event(u), "/pub/secret|all|");
	/* losing access is seen, later changes are not */
	ck_assert_str_eq(t_call3(d0, XS_SET_PERMS, 0, "/pub", "n0", "r5"),
			 "OK|");
	t_no_events(u);
	ck_assert_str_eq(t_call(d0, XS_SET_PERMS, 0, "/pub", "n0"), "OK|");
	ck_assert_str_eq(t_event(u), "/pub|all|");
	ck_assert_str_eq(t_write(d0, 0, "/pub/secret", "u"), "OK|");
	ck_assert_ptr_null(t_event(u));
	t_store_free();
}
END_TEST

/* XSA-115: removing a subtree fires each watch once: a node below for
 * the watches on exactly it (children first), the removed node for
 * those on it and above; a watch on a path that does not exist, none. */
START_TEST(test_xsa115_rm_fires_each_watch_once)
{
	struct xs_conn *c;

	t_store(NULL);
	c = t_dom0();
	ck_assert_str_eq(t_write(c, 0, "/r/a/b", "1"), "OK|");
	t_call(c, XS_WATCH, 0, "/", "root");
	t_call(c, XS_WATCH, 0, "/r", "top");
	t_call(c, XS_WATCH, 0, "/r/a/b", "leaf");
	t_call(c, XS_WATCH, 0, "/r/a/zz", "none");
	t_no_events(c);
	ck_assert_str_eq(t_call(c, XS_RM, 0, "/r", NULL), "OK|");
	ck_assert_str_eq(t_event(c), "/r/a/b|leaf|");
	const char *e1 = t_event(c), *e2 = t_event(c);
	ck_assert(!strcmp(e1, "/r|top|") || !strcmp(e1, "/r|root|"));
	ck_assert(!strcmp(e2, "/r|top|") || !strcmp(e2, "/r|root|"));
	ck_assert_str_ne(e1, e2);
	ck_assert_ptr_null(t_event(c));
	t_store_free();
}
END_TEST

/* XSA-115: whether a domain is introduced is for the privileged only;
 * WATCH ignores the transaction id, as xenstore.txt says. */
START_TEST(test_xsa115_privileged_queries_and_watch_tx_id)
{
	struct xs_conn *d0, *u;

	t_store(NULL);
	d0 = t_dom0();
	u = t_domain(5);
	t_domain(6);
	ck_assert_str_eq(t_call(u, XS_IS_DOMAIN_INTRODUCED, 0, "6", NULL),
			 "!EACCES");
	ck_assert_str_eq(t_call(d0, XS_IS_DOMAIN_INTRODUCED, 0, "6", NULL),
			 "T|");
	ck_assert_str_eq(t_call(u, XS_WATCH, 12345, "w", "t"), "OK|");
	ck_assert_str_eq(t_call(u, XS_UNWATCH, 777, "w", "t"), "OK|");
	t_store_free();
}
END_TEST

/* XSA-115: a domain may remove its node under a parent larger than its
 * node-size quota (dom0 wrote it), and read such a node in a
 * transaction. */
START_TEST(test_xsa115_rm_below_oversized_parent)
{
	struct xs_quota q = XS_QUOTA_DEFAULTS;
	struct xs_conn *d0, *u;
	uint32_t tx;

	q.entry_size = 16;
	t_store(&q);
	d0 = t_dom0();
	u = t_domain(5);
	ck_assert_str_eq(t_write(u, 0, "dir/mine", "1"), "OK|");
	ck_assert_str_eq(t_write(d0, 0, "/local/domain/5/dir",
				 "a value longer than sixteen bytes"), "OK|");
	tx = t_txn(u);
	ck_assert_str_eq(t_read(u, tx, "dir"),
			 "a value longer than sixteen bytes");
	ck_assert_str_eq(t_call(u, XS_RM, tx, "dir/mine", NULL), "OK|");
	ck_assert_str_eq(t_call(u, XS_TRANSACTION_END, tx, "T", NULL), "OK|");
	ck_assert_str_eq(t_read(u, 0, "dir/mine"), "!ENOENT");
	t_store_free();
}
END_TEST

/* XSA-322 for the special nodes (Xen's follow-up 0751a75e39): a dead
 * domain's entries on @releaseDomain are dropped too. */
START_TEST(test_xsa322_special_node_grants_dropped)
{
	struct xs_conn *d0, *u;

	t_store(NULL);
	d0 = t_dom0();
	u = t_domain(5);
	ck_assert_str_eq(t_call3(d0, XS_SET_PERMS, 0, "@introduceDomain",
				 "n0", "r5"), "OK|");
	ck_assert_str_eq(t_raw(d0, XS_SET_PERMS, 0,
			       "@releaseDomain\0n5\0r5\0b7", 24), "OK|");
	xs_store_domain_gone(t_s, 5);
	/* Xen's destroy_domain drops the entries (remove_domid_from_perm)
	 * and hands an owner's place to dom0 */
	ck_assert_str_eq(t_call(d0, XS_GET_PERMS, 0, "@introduceDomain", NULL),
			 "n0|");
	ck_assert_str_eq(t_call(d0, XS_GET_PERMS, 0, "@releaseDomain", NULL),
			 "n0|b7|");
	u = t_domain(5);
	ck_assert_str_eq(t_call(u, XS_WATCH, 0, "@introduceDomain", "i"),
			 "OK|");
	t_no_events(u);
	t_domain(7);
	ck_assert_ptr_null(t_event(u));
	t_store_free();
}
END_TEST

/* XSA-323: the length limit counts what follows /local/domain/<id>/, so
 * a path is valid or not whatever the domain's id and whether it is
 * given relative or absolute. */
START_TEST(test_xsa323_path_limit_independent_of_domid)
{
	static char rel[XENSTORE_REL_PATH_MAX + 2], abs5[2200], abs[2200];
	struct xs_conn *d0, *u5, *u;

	t_store(NULL);
	d0 = t_dom0();
	u5 = t_domain(5);
	u = t_domain(32000);
	memset(rel, 'p', XENSTORE_REL_PATH_MAX);
	ck_assert_str_eq(t_write(u5, 0, rel, "1"), "OK|");
	ck_assert_str_eq(t_write(u, 0, rel, "1"), "OK|");
	snprintf(abs5, sizeof(abs5), "/local/domain/5/%s", rel);
	snprintf(abs, sizeof(abs), "/local/domain/32000/%s", rel);
	ck_assert_str_eq(t_read(u5, 0, abs5), "1");
	ck_assert_str_eq(t_read(d0, 0, abs), "1");
	ck_assert_int_eq(t_call(d0, XS_DIRECTORY, 0, "/local/domain/32000",
				NULL)[0], 'p');
	/* one more character is refused everywhere */
	rel[XENSTORE_REL_PATH_MAX] = 'p';
	ck_assert_str_eq(t_write(u5, 0, rel, "1"), "!EINVAL");
	ck_assert_str_eq(t_write(u, 0, rel, "1"), "!EINVAL");
	snprintf(abs5, sizeof(abs5), "/local/domain/5/%s", rel);
	ck_assert_str_eq(t_write(d0, 0, abs5, "1"), "!EINVAL");
	/* outside the domains' homes the whole path counts */
	abs[0] = '/';
	memset(abs + 1, 'q', XENSTORE_REL_PATH_MAX - 1);
	abs[XENSTORE_REL_PATH_MAX] = '\0';
	ck_assert_str_eq(t_write(d0, 0, abs, "1"), "OK|");
	strcat(abs, "q");
	ck_assert_str_eq(t_write(d0, 0, abs, "1"), "!EINVAL");
	t_store_free();
}
END_TEST

/* XSA-325: a domain whose connection broke stays known until it dies,
 * so @releaseDomain fires then, once; the broken connection's watches,
 * transactions and output are freed meanwhile. */
START_TEST(test_xsa325_broken_domain_kept_until_it_dies)
{
	struct xsd_sockmsg bad = { XS_READ, 1, 0, XENSTORE_PAYLOAD_MAX + 1 };
	struct xs_conn *d0, *u;

	t_store(NULL);
	d0 = t_dom0();
	u = t_domain(5);
	ck_assert_str_eq(t_call(u, XS_WATCH, 0, "/", "w"), "OK|");
	t_txn(u);
	t_call(d0, XS_WATCH, 0, "@releaseDomain", "r");
	t_no_events(d0);
	xs_conn_feed(u, &bad, sizeof(bad));
	ck_assert(u->dead);
	ck_assert_uint_eq(u->nwatches + u->ntxns + u->out_replies +
			  u->out_events, 0);
	ck_assert_str_eq(t_write(d0, 0, "/x", "1"), "OK|");
	ck_assert_ptr_null(u->out_head);
	ck_assert_ptr_null(t_event(d0));
	ck_assert_str_eq(t_call(d0, XS_IS_DOMAIN_INTRODUCED, 0, "5", NULL),
			 "T|");
	xs_store_domain_gone(t_s, 5);
	ck_assert_str_eq(t_event(d0), "@releaseDomain|r|");
	ck_assert_ptr_null(t_event(d0));
	t_store_free();
}
END_TEST

/* XSA-326: an event identical to one still queued is not queued again,
 * so a busy node cannot fill a domain's queue. */
START_TEST(test_xsa326_no_duplicate_events)
{
	struct xs_conn *d0, *u;

	t_store(NULL);
	d0 = t_dom0();
	u = t_domain(5);
	ck_assert_str_eq(t_call(u, XS_WATCH, 0, "busy", "t"), "OK|");
	t_no_events(u);
	for (int i = 0; i < 50; i++)
		t_write(d0, 0, "/local/domain/5/busy", "x");
	ck_assert_uint_eq(u->out_events, 1);
	ck_assert_str_eq(t_event(u), "busy|t|");
	t_write(d0, 0, "/local/domain/5/busy", "y");
	ck_assert_str_eq(t_event(u), "busy|t|");
	t_store_free();
}
END_TEST

/* XSA-330: RESET_WATCHES frees the watches, so resetting and watching
 * again cannot grow the daemon, and the watch quota still holds. */
START_TEST(test_xsa330_reset_watches_frees_them)
{
	struct xs_quota q = XS_QUOTA_DEFAULTS;
	struct xs_conn *u;
	size_t before = 0;
	char tok[16];

	q.watches = 8;
	t_store(&q);
	u = t_domain(5);
	for (int round = 0; round < 200; round++) {
		for (int i = 0; i < 8; i++) {
			snprintf(tok, sizeof(tok), "t%d", i);
			ck_assert_str_eq(t_call(u, XS_WATCH, 0, "w", tok),
					 "OK|");
		}
		ck_assert_str_eq(t_call(u, XS_WATCH, 0, "w", "more"),
				 "!E2BIG");
		t_no_events(u);
		ck_assert_str_eq(t_call(u, XS_RESET_WATCHES, 0, "", NULL),
				 "OK|");
		if (round == 10)
			before = __sanitizer_get_current_allocated_bytes();
	}
	ck_assert_uint_eq(u->nwatches, 0);
	ck_assert_uint_eq(u->watch_mem, 0);
	ck_assert_uint_le(__sanitizer_get_current_allocated_bytes(),
			  before + 4096);
	t_store_free();
}
END_TEST

/* XSA-415: a create refused half-way in a transaction (node quota,
 * transaction-nodes quota) leaves no orphan nodes behind at commit and
 * the accounting right; a change the transaction could not take whole
 * fails it. */
START_TEST(test_xsa415_refused_create_leaves_no_orphans)
{
	struct xs_quota q = XS_QUOTA_DEFAULTS;
	struct xs_conn *u;
	uint32_t tx;

	q.nodes = 4;
	q.trans_nodes = 6;
	t_store(&q);
	u = t_domain(5);
	tx = t_txn(u);
	ck_assert_str_eq(t_write(u, tx, "a/b/c/d/e", "1"), "!ENOSPC");
	ck_assert_str_eq(t_write(u, tx, "a/b", "1"), "OK|"); /* 3 nodes */
	ck_assert_str_eq(t_write(u, tx, "a/x/y/z", "1"), "!ENOSPC");
	ck_assert_str_eq(t_call(u, XS_TRANSACTION_END, tx, "T", NULL), "OK|");
	ck_assert_str_eq(t_call(u, XS_DIRECTORY, 0, "a", NULL), "b|");
	ck_assert_uint_eq(xs_tree_owned(t_s->tree, 5), 3);
	ck_assert_uint_eq(xs_tree_mem(t_s->tree, 5), t_recount_mem(5));
	/* over the memory quota half-way: the transaction fails whole */
	tx = t_txn(u);
	ck_assert_str_eq(t_call(u, XS_RM, tx, "a/b", NULL), "OK|");
	t_s->q.memory = (unsigned)xs_mem_used(t_s, 5) + 1;
	ck_assert_str_eq(t_write(u, tx, "a/c", "1"), "!EIO");
	ck_assert_str_eq(t_call(u, XS_TRANSACTION_END, tx, "T", NULL),
			 "!ENOMEM");
	ck_assert_str_eq(t_read(u, 0, "a/b"), "1");
	t_store_free();
}
END_TEST

static unsigned existing[8];

/* The hypervisor's domains for XSA-417 (xs_store_hooks.domain_exists). */
static bool exists(void *ctx, unsigned domid)
{
	(void)ctx;
	for (unsigned i = 0; i < 8; i++)
		if (existing[i] == domid)
			return true;
	return false;
}

/* XSA-417: a grant to a domain that does not exist is ignored at once,
 * so a domain created later with that id does not inherit it; a grant to
 * a domain that exists but is not introduced yet holds, and dies with
 * that domain (XSA-322) without a @releaseDomain. */
START_TEST(test_xsa417_grant_to_missing_domain_ignored)
{
	struct xs_conn *d0, *u;

	t_store(NULL);
	memset(existing, 0, sizeof(existing));
	existing[0] = 5;
	existing[1] = 8;
	t_s->hooks.domain_exists = exists;
	d0 = t_dom0();
	ck_assert_str_eq(t_write(d0, 0, "/data", "s"), "OK|");
	ck_assert_str_eq(t_call3(d0, XS_SET_PERMS, 0, "/data", "n0", "r9"),
			 "OK|");
	/* still listed, as Xen's perms_to_strings does, but granting nothing */
	ck_assert_str_eq(t_call(d0, XS_GET_PERMS, 0, "/data", NULL), "n0|r9|");
	ck_assert_str_eq(t_call(d0, XS_SET_PERMS, 0, "/data", "n9"),
			 "!ENOENT");
	existing[2] = 9;
	u = t_domain(9);
	ck_assert_str_eq(t_read(u, 0, "/data"), "!EACCES");
	/* domain 8 exists but is not introduced: its grant holds */
	ck_assert_str_eq(t_call3(d0, XS_SET_PERMS, 0, "/data", "n0", "r8"),
			 "OK|");
	ck_assert_str_eq(t_call(d0, XS_GET_PERMS, 0, "/data", NULL), "n0|r8|");
	ck_assert_str_eq(t_call(d0, XS_IS_DOMAIN_INTRODUCED, 0, "8", NULL),
			 "F|");
	ck_assert_str_eq(t_call(d0, XS_WATCH, 0, "@releaseDomain", "r"),
			 "OK|");
	t_no_events(d0);
	existing[1] = 0;
	xs_store_domain_gone(t_s, 8); /* what the daemon does on VIRQ_DOM_EXC */
	ck_assert_ptr_null(t_event(d0));
	ck_assert_str_eq(t_call(d0, XS_GET_PERMS, 0, "/data", NULL), "n0|r8|");
	existing[1] = 8;
	u = t_domain(8);
	ck_assert_str_eq(t_read(u, 0, "/data"), "!EACCES");
	t_store_free();
}
END_TEST

static void deep_path(char *p, size_t depth)
{
	for (size_t i = 0; i < depth; i++)
		memcpy(p + 2 * i, "/a", 2);
	p[2 * depth] = '\0';
}

/* XSA-418: the deepest tree paths allow (1024 levels under the path-max
 * default) is walked without exhausting the stack: removal with its
 * watches, transactions, a dead domain's nodes, the memory report. */
START_TEST(test_xsa418_deepest_tree)
{
	static char path[XENSTORE_REL_PATH_MAX + 32], event[sizeof(path) + 8];
	const size_t depth = XENSTORE_REL_PATH_MAX / 2;
	struct xs_conn *d0, *u;
	uint32_t tx;

	t_store(NULL);
	d0 = t_dom0();
	deep_path(path, depth);
	snprintf(event, sizeof(event), "%s|w|", path);
	ck_assert_str_eq(t_write(d0, 0, path, "deep"), "OK|");
	ck_assert_str_eq(t_read(d0, 0, path), "deep");
	ck_assert_uint_eq(xs_tree_count(t_s->tree->root), 5 + depth);
	ck_assert_str_eq(t_call(d0, XS_WATCH, 0, path, "w"), "OK|");
	t_no_events(d0);
	tx = t_txn(d0);
	ck_assert_str_eq(t_call(d0, XS_RM, tx, "/a", NULL), "OK|");
	ck_assert_str_eq(t_write(d0, tx, path, "again"), "OK|");
	ck_assert_str_eq(t_call(d0, XS_TRANSACTION_END, tx, "T", NULL), "OK|");
	ck_assert_str_eq(t_event(d0), event); /* removed, written again */
	ck_assert_ptr_null(t_event(d0));
	ck_assert_str_eq(t_call(d0, XS_RM, 0, "/a", NULL), "OK|");
	ck_assert_str_eq(t_event(d0), event);
	/* a domain's own deep subtree goes with it */
	t_s->q.nodes = 2 * depth;
	u = t_domain(5);
	ck_assert_str_eq(t_write(u, 0, path + 1, "1"), "OK|");
	xs_store_domain_gone(t_s, 5);
	ck_assert_uint_eq(xs_tree_count(t_s->tree->root), 5);
	t_store_free();
}
END_TEST

/* XSA-419: what a dead domain owns is removed, also outside its home
 * (where dom0 let it write), firing the watches of a removal; nodes of
 * others below its home go with it. */
START_TEST(test_xsa419_dead_domain_nodes_removed)
{
	struct xs_conn *d0, *u;

	t_store(NULL);
	d0 = t_dom0();
	u = t_domain(5);
	ck_assert_str_eq(t_write(d0, 0, "/backend/vif", ""), "OK|");
	ck_assert_str_eq(t_call3(d0, XS_SET_PERMS, 0, "/backend/vif", "n0",
				 "w5"), "OK|");
	ck_assert_str_eq(t_write(u, 0, "/backend/vif/5/x", "1"), "OK|");
	ck_assert_str_eq(t_write(u, 0, "device/vif", "1"), "OK|");
	ck_assert_str_eq(t_write(d0, 0, "/local/domain/5/device/vif/by0", "1"),
			 "OK|");
	ck_assert_str_eq(t_call(d0, XS_SET_PERMS, 0,
				"/local/domain/5/device/vif/by0", "n0"), "OK|");
	ck_assert_str_eq(t_call(d0, XS_WATCH, 0, "/backend/vif/5/x", "w"),
			 "OK|");
	t_no_events(d0);
	xs_store_domain_gone(t_s, 5);
	ck_assert_str_eq(t_event(d0), "/backend/vif/5/x|w|");
	ck_assert_str_eq(t_call(d0, XS_DIRECTORY, 0, "/backend/vif", NULL),
			 "");
	ck_assert_str_eq(t_read(d0, 0, "/local/domain/5"), "!ENOENT");
	ck_assert_uint_eq(xs_tree_owned(t_s->tree, 5), 0);
	ck_assert_uint_eq(xs_tree_mem(t_s->tree, 0), t_recount_mem(0));
	t_store_free();
}
END_TEST

/* XSA-420: a header claiming a length past 2^31 (negative as a signed
 * 32-bit number) breaks only that connection. */
START_TEST(test_xsa420_huge_length_breaks_connection)
{
	static const uint32_t lens[] = { 0x80000000u, 0xffffffffu, 0x40000001u };
	struct xs_conn *d0;

	t_store(NULL);
	d0 = t_dom0();
	for (unsigned i = 0; i < 3; i++) {
		struct xsd_sockmsg h = { XS_WRITE, 1, 0, lens[i] };
		struct xs_conn *u = t_domain(5 + i);
		void *p;

		ck_assert_uint_eq(xs_conn_feed(u, &h, sizeof(h)), sizeof(h));
		ck_assert(u->dead);
		ck_assert_uint_eq(xs_conn_want(u, &p), 0);
	}
	ck_assert_str_eq(t_write(d0, 0, "/still", "up"), "OK|");
	t_store_free();
}
END_TEST

/* XSA-421: nodes created and deleted in one transaction commit to
 * nothing, the node count stays right, and repeating it cannot take a
 * domain past its node quota. */
START_TEST(test_xsa421_create_delete_in_transaction)
{
	struct xs_quota q = XS_QUOTA_DEFAULTS;
	struct xs_conn *u;
	char path[32];

	q.nodes = 10;
	t_store(&q);
	u = t_domain(5);
	for (int round = 0; round < 30; round++) {
		unsigned owned = xs_tree_owned(t_s->tree, 5);
		uint32_t tx = t_txn(u);

		snprintf(path, sizeof(path), "t%d/a/b", round);
		ck_assert_str_eq(t_write(u, tx, path, "1"),
				 owned + 3 <= 10 ? "OK|" : "!ENOSPC");
		snprintf(path, sizeof(path), "t%d", round);
		ck_assert_str_eq(t_call(u, XS_RM, tx, path, NULL), "OK|");
		snprintf(path, sizeof(path), "k%d", round);
		ck_assert_str_eq(t_write(u, tx, path, "1"),
				 owned + 1 <= 10 ? "OK|" : "!ENOSPC");
		ck_assert_str_eq(t_call(u, XS_TRANSACTION_END, tx, "T", NULL),
				 "OK|");
		ck_assert_uint_le(xs_tree_owned(t_s->tree, 5), 10);
		ck_assert_uint_eq(xs_tree_mem(t_s->tree, 5), t_recount_mem(5));
	}
	ck_assert_uint_eq(xs_tree_owned(t_s->tree, 5), 10);
	ck_assert_str_eq(t_read(u, 0, "t0"), "!ENOENT");
	t_store_free();
}
END_TEST

Suite *suite_xsa(void)
{
	Suite *s = suite_create("xsa");
	TCase *tc = tcase_create("xsa");

	tcase_add_test(tc, test_xsa115_watch_events_need_read_access);
	tcase_add_test(tc, test_xsa115_rm_fires_each_watch_once);
	tcase_add_test(tc, test_xsa115_privileged_queries_and_watch_tx_id);
	tcase_add_test(tc, test_xsa115_rm_below_oversized_parent);
	tcase_add_test(tc, test_xsa322_special_node_grants_dropped);
	tcase_add_test(tc, test_xsa323_path_limit_independent_of_domid);
	tcase_add_test(tc, test_xsa325_broken_domain_kept_until_it_dies);
	tcase_add_test(tc, test_xsa326_no_duplicate_events);
	tcase_add_test(tc, test_xsa330_reset_watches_frees_them);
	tcase_add_test(tc, test_xsa415_refused_create_leaves_no_orphans);
	tcase_add_test(tc, test_xsa417_grant_to_missing_domain_ignored);
	tcase_add_test(tc, test_xsa418_deepest_tree);
	tcase_add_test(tc, test_xsa419_dead_domain_nodes_removed);
	tcase_add_test(tc, test_xsa420_huge_length_breaks_connection);
	tcase_add_test(tc, test_xsa421_create_delete_in_transaction);
	suite_add_tcase(s, tc);
	return s;
}

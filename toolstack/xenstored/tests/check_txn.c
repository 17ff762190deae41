/* Transactions: isolation, commit, conflicts (EAGAIN), abort. */
#include <stdio.h>

#include "check_util.h"

static const char *end(struct xs_conn *c, uint32_t tx, bool commit)
{
	return t_call(c, XS_TRANSACTION_END, tx, commit ? "T" : "F", NULL);
}

START_TEST(test_isolation_and_commit)
{
	struct xs_conn *a, *b;
	uint32_t tx;

	t_store(NULL);
	a = t_dom0();
	b = t_dom0();
	tx = t_txn(a);
	ck_assert_uint_ne(tx, 0);
	ck_assert_str_eq(t_write(a, tx, "/t/x", "1"), "OK|");
	ck_assert_str_eq(t_read(a, tx, "/t/x"), "1");
	ck_assert_str_eq(t_read(b, 0, "/t/x"), "!ENOENT");
	/* TRANSACTION_START inside a transaction: Xen's EBUSY / ENOENT */
	ck_assert_str_eq(t_call(a, XS_TRANSACTION_START, tx, "", NULL),
			 "!EBUSY");
	ck_assert_str_eq(t_call(a, XS_TRANSACTION_START, tx + 100, "", NULL),
			 "!ENOENT");
	ck_assert_str_eq(end(a, tx, true), "OK|");
	ck_assert_str_eq(t_read(b, 0, "/t/x"), "1");
	/* the transaction is gone after its end */
	ck_assert_str_eq(t_read(a, tx, "/t/x"), "!ENOENT");
	ck_assert_str_eq(end(a, tx, true), "!ENOENT");
	t_store_free();
}
END_TEST

START_TEST(test_conflict_gives_eagain)
{
	struct xs_conn *a, *b;
	uint32_t tx;

	t_store(NULL);
	a = t_dom0();
	b = t_dom0();
	t_write(b, 0, "/c", "0");
	tx = t_txn(a);
	ck_assert_str_eq(t_read(a, tx, "/c"), "0");
	ck_assert_str_eq(t_write(a, tx, "/c", "from-a"), "OK|");
	ck_assert_str_eq(t_write(b, 0, "/c", "from-b"), "OK|");
	ck_assert_str_eq(end(a, tx, true), "!EAGAIN");
	ck_assert_str_eq(t_read(b, 0, "/c"), "from-b");
	/* the retry a client makes then succeeds */
	tx = t_txn(a);
	ck_assert_str_eq(t_write(a, tx, "/c", "from-a"), "OK|");
	ck_assert_str_eq(end(a, tx, true), "OK|");
	ck_assert_str_eq(t_read(b, 0, "/c"), "from-a");
	t_store_free();
}
END_TEST

START_TEST(test_creation_race_conflicts)
{
	struct xs_conn *a, *b;
	uint32_t tx;

	t_store(NULL);
	a = t_dom0();
	b = t_dom0();
	tx = t_txn(a);
	ck_assert_str_eq(t_read(a, tx, "/n"), "!ENOENT");
	t_write(a, tx, "/n", "a");
	t_write(b, 0, "/n", "b");
	ck_assert_str_eq(end(a, tx, true), "!EAGAIN");
	t_store_free();
}
END_TEST

START_TEST(test_unrelated_paths_commit)
{
	struct xs_conn *a, *b;
	uint32_t tx;

	t_store(NULL);
	a = t_dom0();
	b = t_dom0();
	t_write(b, 0, "/p/x", "0");
	t_write(b, 0, "/q/y", "0");
	tx = t_txn(a);
	ck_assert_str_eq(t_write(a, tx, "/p/x", "1"), "OK|");
	ck_assert_str_eq(t_write(b, 0, "/q/y", "1"), "OK|");
	ck_assert_str_eq(end(a, tx, true), "OK|");
	ck_assert_str_eq(t_read(b, 0, "/p/x"), "1");
	t_store_free();
}
END_TEST

START_TEST(test_abort_and_rm)
{
	struct xs_conn *a;
	uint32_t tx;

	t_store(NULL);
	a = t_dom0();
	t_write(a, 0, "/r/k", "v");
	tx = t_txn(a);
	ck_assert_str_eq(t_call(a, XS_RM, tx, "/r", NULL), "OK|");
	ck_assert_str_eq(t_read(a, tx, "/r/k"), "!ENOENT");
	ck_assert_str_eq(end(a, tx, false), "OK|");
	ck_assert_str_eq(t_read(a, 0, "/r/k"), "v");
	tx = t_txn(a);
	ck_assert_str_eq(t_call(a, XS_RM, tx, "/r", NULL), "OK|");
	ck_assert_str_eq(end(a, tx, true), "OK|");
	ck_assert_str_eq(t_read(a, 0, "/r/k"), "!ENOENT");
	t_store_free();
}
END_TEST

START_TEST(test_watches_fire_at_commit)
{
	struct xs_conn *a, *w;
	uint32_t tx;

	t_store(NULL);
	a = t_dom0();
	w = t_dom0();
	ck_assert_str_eq(t_call(w, XS_WATCH, 0, "/wt", "tok"), "OK|");
	ck_assert_str_eq(t_event(w), "/wt|tok|");
	tx = t_txn(a);
	t_write(a, tx, "/wt/a", "1");
	t_call3(a, XS_SET_PERMS, tx, "/wt/a", "n0", "r3");
	ck_assert_ptr_null(t_event(w));
	ck_assert_str_eq(end(a, tx, true), "OK|");
	/* two changes, one event: Xen queues no duplicate (XSA-326) */
	ck_assert_str_eq(t_event(w), "/wt/a|tok|");
	ck_assert_ptr_null(t_event(w));
	ck_assert_str_eq(t_call(w, XS_GET_PERMS, 0, "/wt/a", NULL), "n0|r3|");
	t_store_free();
}
END_TEST

START_TEST(test_domain_transaction)
{
	struct xs_conn *u;
	uint32_t tx;

	t_store(NULL);
	u = t_domain(4);
	tx = t_txn(u);
	ck_assert_str_eq(t_write(u, tx, "device/vif/0/state", "1"), "OK|");
	ck_assert_str_eq(t_call(u, XS_TRANSACTION_END, tx, "T", NULL), "OK|");
	ck_assert_str_eq(t_read(u, 0, "device/vif/0/state"), "1");
	t_store_free();
}
END_TEST

/* xend's pattern: remove a device subtree and write it again inside one
 * transaction; with no other writer the commit must succeed. */
START_TEST(test_rm_then_rewrite_commits)
{
	struct xs_conn *a, *b;
	uint32_t tx;

	t_store(NULL);
	a = t_dom0();
	t_write(a, 0, "/x/dev/fe/state", "1");
	t_write(a, 0, "/x/dev/fe/other", "o");
	t_write(a, 0, "/x/dev/fe/deep/er", "d");
	tx = t_txn(a);
	ck_assert_str_eq(t_call(a, XS_RM, tx, "/x/dev/fe", NULL), "OK|");
	ck_assert_str_eq(t_write(a, tx, "/x/dev/fe/state", "2"), "OK|");
	ck_assert_str_eq(t_read(a, tx, "/x/dev/fe/other"), "!ENOENT");
	ck_assert_str_eq(t_read(a, tx, "/x/dev/fe/deep/er"), "!ENOENT");
	ck_assert_str_eq(end(a, tx, true), "OK|");
	ck_assert_str_eq(t_read(a, 0, "/x/dev/fe/state"), "2");
	ck_assert_str_eq(t_read(a, 0, "/x/dev/fe/other"), "!ENOENT");
	ck_assert_str_eq(t_read(a, 0, "/x/dev/fe/deep"), "!ENOENT");
	/* someone else writing the removed subtree, or adding to it,
	 * still conflicts */
	b = t_dom0();
	tx = t_txn(a);
	ck_assert_str_eq(t_call(a, XS_RM, tx, "/x/dev/fe", NULL), "OK|");
	ck_assert_str_eq(t_write(a, tx, "/x/dev/fe/state", "3"), "OK|");
	ck_assert_str_eq(t_write(b, 0, "/x/dev/fe/state", "b"), "OK|");
	ck_assert_str_eq(end(a, tx, true), "!EAGAIN");
	ck_assert_str_eq(t_read(a, 0, "/x/dev/fe/state"), "b");
	tx = t_txn(a);
	ck_assert_str_eq(t_call(a, XS_RM, tx, "/x/dev/fe", NULL), "OK|");
	ck_assert_str_eq(t_write(a, tx, "/x/dev/fe/state", "3"), "OK|");
	ck_assert_str_eq(t_write(b, 0, "/x/dev/fe/new", "n"), "OK|");
	ck_assert_str_eq(end(a, tx, true), "!EAGAIN");
	/* and the retry, with nobody else writing, commits */
	tx = t_txn(a);
	ck_assert_str_eq(t_call(a, XS_RM, tx, "/x/dev/fe", NULL), "OK|");
	ck_assert_str_eq(t_write(a, tx, "/x/dev/fe/state", "3"), "OK|");
	ck_assert_str_eq(end(a, tx, true), "OK|");
	ck_assert_str_eq(t_call(a, XS_DIRECTORY, 0, "/x/dev/fe", NULL),
			 "state|");
	ck_assert_str_eq(t_read(a, 0, "/x/dev/fe/state"), "3");
	t_store_free();
}
END_TEST

/* Reading a removed child inside the transaction does not poison it,
 * but a change to the removed subtree by someone else still conflicts. */
START_TEST(test_rm_then_read_child)
{
	struct xs_conn *a, *b;
	uint32_t tx;

	t_store(NULL);
	a = t_dom0();
	b = t_dom0();
	t_write(a, 0, "/y/a/b", "1");
	tx = t_txn(a);
	ck_assert_str_eq(t_call(a, XS_RM, tx, "/y/a", NULL), "OK|");
	ck_assert_str_eq(t_read(a, tx, "/y/a/b"), "!ENOENT");
	ck_assert_str_eq(end(a, tx, true), "OK|");
	ck_assert_str_eq(t_read(a, 0, "/y/a"), "!ENOENT");

	t_write(a, 0, "/z/a/b", "1");
	tx = t_txn(a);
	ck_assert_str_eq(t_call(a, XS_RM, tx, "/z/a", NULL), "OK|");
	ck_assert_str_eq(t_write(b, 0, "/z/a/b", "2"), "OK|");
	ck_assert_str_eq(end(a, tx, true), "!EAGAIN");
	ck_assert_str_eq(t_read(a, 0, "/z/a/b"), "2");
	t_store_free();
}
END_TEST

/* Xen 4.17's quota transaction-nodes: a domain's transaction may look
 * at that many paths (found or not), then gets ENOSPC. */
START_TEST(test_transaction_nodes_quota)
{
	static const char set9[] = "quota\0set\0transaction-nodes\0" "9";
	struct xs_quota q = XS_QUOTA_DEFAULTS;
	struct xs_conn *u, *d0;
	char path[32];
	uint32_t tx;

	ck_assert_uint_eq(q.trans_nodes, 1024);
	q.trans_nodes = 8;
	t_store(&q);
	u = t_domain(3);
	d0 = t_dom0();
	tx = t_txn(u);
	for (unsigned i = 0; i < 8; i++) {
		snprintf(path, sizeof(path), "missing/%u", i);
		ck_assert_str_eq(t_read(u, tx, path), "!ENOENT");
	}
	ck_assert_str_eq(t_read(u, tx, "missing/8"), "!ENOSPC");
	ck_assert_str_eq(t_write(u, tx, "other", "1"), "!ENOSPC");
	/* paths already seen stay usable */
	ck_assert_str_eq(t_read(u, tx, "missing/3"), "!ENOENT");
	/* Xen compares with the quota at each access: xenstore-control's
	 * "quota set" applies to open transactions at once */
	ck_assert_str_eq(t_raw(d0, XS_CONTROL, 0, set9, sizeof(set9)),
			 "OK|");
	ck_assert_uint_eq(t_s->q.trans_nodes, 9);
	ck_assert_str_eq(t_read(u, tx, "missing/8"), "!ENOENT");
	ck_assert_str_eq(t_read(u, tx, "missing/9"), "!ENOSPC");
	ck_assert_str_eq(end(u, tx, false), "OK|");
	/* outside a transaction, and for dom0, there is no such limit */
	ck_assert_str_eq(t_read(u, 0, "missing/9"), "!ENOENT");
	tx = t_txn(d0);
	for (unsigned i = 0; i < 20; i++) {
		snprintf(path, sizeof(path), "/missing/%u", i);
		ck_assert_str_eq(t_read(d0, tx, path), "!ENOENT");
	}
	ck_assert_str_eq(end(d0, tx, true), "OK|");
	t_store_free();
}
END_TEST

/* XSA-440: two transactions of a guest remove the same 50 nodes; Xen's
 * commit of the second took the node count below zero and hit an
 * assertion. Here the second conflicts, and the counts stay those a
 * recount finds. */
START_TEST(test_xsa440_two_transactions_remove_the_same_nodes)
{
	struct xs_conn *u;
	uint32_t t1, t2;
	unsigned home;
	char p[16];

	t_store(NULL);
	u = t_domain(5);
	home = xs_tree_owned(t_s->tree, 5);
	for (int i = 0; i < 50; i++) {
		snprintf(p, sizeof(p), "n/%d", i);
		ck_assert_str_eq(t_write(u, 0, p, "v"), "OK|");
	}
	t1 = t_txn(u);
	t2 = t_txn(u);
	ck_assert_str_eq(t_call(u, XS_RM, t1, "n", NULL), "OK|");
	ck_assert_str_eq(t_call(u, XS_RM, t2, "n", NULL), "OK|");
	ck_assert_str_eq(end(u, t1, true), "OK|");
	ck_assert_str_eq(end(u, t2, true), "!EAGAIN");
	ck_assert_uint_eq(xs_tree_owned(t_s->tree, 5), home);
	ck_assert_uint_eq(xs_store_check(t_s), 0);
	t_store_free();
}
END_TEST

/* XSA-484: RESET_WATCHES sent inside a transaction ends that transaction
 * too; Xen 4.17 hit an assertion there. */
START_TEST(test_xsa484_reset_watches_inside_transaction)
{
	struct xs_conn *u;
	uint32_t tx;

	t_store(NULL);
	u = t_domain(5);
	tx = t_txn(u);
	ck_assert_str_eq(t_write(u, tx, "a", "1"), "OK|");
	ck_assert_str_eq(t_call(u, XS_RESET_WATCHES, tx, NULL, NULL), "OK|");
	ck_assert_uint_eq(u->ntxns, 0);
	ck_assert_str_eq(end(u, tx, true), "!ENOENT");
	ck_assert_str_eq(t_read(u, 0, "a"), "!ENOENT");
	ck_assert_str_eq(t_write(u, 0, "a", "2"), "OK|");
	t_store_free();
}
END_TEST

Suite *suite_txn(void)
{
	Suite *s = suite_create("transactions");
	TCase *tc = tcase_create("txn");

	tcase_add_test(tc, test_isolation_and_commit);
	tcase_add_test(tc, test_conflict_gives_eagain);
	tcase_add_test(tc, test_creation_race_conflicts);
	tcase_add_test(tc, test_unrelated_paths_commit);
	tcase_add_test(tc, test_abort_and_rm);
	tcase_add_test(tc, test_watches_fire_at_commit);
	tcase_add_test(tc, test_domain_transaction);
	tcase_add_test(tc, test_rm_then_rewrite_commits);
	tcase_add_test(tc, test_rm_then_read_child);
	tcase_add_test(tc, test_transaction_nodes_quota);
	tcase_add_test(tc, test_xsa440_two_transactions_remove_the_same_nodes);
	tcase_add_test(tc, test_xsa484_reset_watches_inside_transaction);
	suite_add_tcase(s, tc);
	return s;
}

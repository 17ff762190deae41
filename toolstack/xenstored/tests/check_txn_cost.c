/* What a transaction costs (issue 17, defects 4 and 5): Xen's C
 * xenstored records only the nodes a transaction touches, so neither
 * TRANSACTION_START nor an open transaction may cost more on a bigger
 * store, and a guest's transaction records at most quota
 * transaction-nodes paths, found or not. Costs are counted, not timed:
 * the transaction's recorded bytes (xs_txn_recorded), the nodes its
 * view copied (struct xs_tree's copied_nodes) and ASan's heap count. */
#include <stdio.h>

#include "check_util.h"
#include "xs_txn.h"

static struct xs_txn *txn_of(struct xs_conn *c, uint32_t id)
{
	for (struct xs_txn *t = c->txns; t; t = t->next)
		if (t->id == id)
			return t;
	ck_abort_msg("no transaction %u", id);
	return NULL;
}

/* A store with /t/x and nodes more under /bulk (316 directories). */
static struct xs_conn *store_of(unsigned nodes)
{
	struct xs_conn *a;
	char path[40];

	t_store(NULL);
	a = t_dom0();
	ck_assert_str_eq(t_write(a, 0, "/t/x", "0"), "OK|");
	for (unsigned i = 0; i < nodes; i++) {
		snprintf(path, sizeof(path), "/bulk/d%u/n%u", i % 316, i);
		t_write(a, 0, path, "some value");
	}
	ck_assert_uint_ge(xs_tree_count(t_s->tree->root), nodes);
	return a;
}

struct cost {
	size_t start_heap, start_rec, start_nodes; /* after START */
	size_t used_rec, used_nodes;  /* after a read and a write */
};

static struct cost cost_on(unsigned nodes)
{
	struct xs_conn *a = store_of(nodes);
	struct cost c;
	struct xs_txn *t;
	size_t before = __sanitizer_get_current_allocated_bytes();
	uint32_t tx = t_txn(a);

	c.start_heap = __sanitizer_get_current_allocated_bytes() - before;
	t = txn_of(a, tx);
	c.start_rec = xs_txn_recorded(t);
	c.start_nodes = t->tree->copied_nodes;
	ck_assert_str_eq(t_read(a, tx, "/t/x"), "0");
	ck_assert_str_eq(t_write(a, tx, "/t/y", "1"), "OK|");
	c.used_rec = xs_txn_recorded(t);
	c.used_nodes = t->tree->copied_nodes;
	ck_assert_str_eq(t_call(a, XS_TRANSACTION_END, tx, "T", NULL), "OK|");
	t_store_free();
	return c;
}

START_TEST(test_start_cost_does_not_grow)
{
	struct cost small = cost_on(1000), big = cost_on(100000);

	/* START copies the root's stub only, whatever the store */
	ck_assert_uint_eq(small.start_nodes, 1);
	ck_assert_uint_eq(big.start_nodes, 1);
	ck_assert_uint_eq(big.start_rec, small.start_rec);
	ck_assert_msg(big.start_heap <= small.start_heap + 64 &&
		      big.start_heap < 4096, "TRANSACTION_START kept %zu bytes "
		      "with 100000 nodes, %zu with 1000", big.start_heap,
		      small.start_heap);
	/* using /t costs the same on both stores */
	ck_assert_uint_eq(big.used_nodes, small.used_nodes);
	ck_assert_uint_eq(big.used_rec, small.used_rec);
	ck_assert_uint_lt(big.used_rec, 4096);
}
END_TEST

/* Ten open transactions on a 100,000-node store, each reading two
 * nodes and writing one, hold a few KiB each (a copy each was ten
 * stores): walking through /bulk and /bulk/dN copies neither's list of
 * 316 children. */
START_TEST(test_ten_open_transactions_stay_small)
{
	struct xs_conn *a;
	size_t before, store, rec = 0;
	uint32_t tx[10];
	char path[32];

	before = __sanitizer_get_current_allocated_bytes();
	a = store_of(100000);
	store = __sanitizer_get_current_allocated_bytes() - before;
	before = __sanitizer_get_current_allocated_bytes();
	for (unsigned i = 0; i < 10; i++) {
		tx[i] = t_txn(a);
		snprintf(path, sizeof(path), "/bulk/d%u/n%u", i, i);
		ck_assert_str_eq(t_read(a, tx[i], path), "some value");
		ck_assert_str_eq(t_read(a, tx[i], "/t/x"), "0");
		ck_assert_str_eq(t_write(a, tx[i], path, "1"), "OK|");
	}
	for (unsigned i = 0; i < 10; i++)
		rec += xs_txn_recorded(txn_of(a, tx[i]));
	before = __sanitizer_get_current_allocated_bytes() - before;
	ck_assert_msg(rec < 10 * 2048 && before < 10 * 4096,
		      "10 transactions: %zu bytes recorded, %zu on the heap; "
		      "the store: %zu", rec, before, store);
	/* and they still commit (disjoint writes, a shared read) */
	for (unsigned i = 0; i < 10; i++)
		ck_assert_str_eq(t_call(a, XS_TRANSACTION_END, tx[i], "T",
					NULL), "OK|");
	ck_assert_str_eq(t_read(a, 0, "/bulk/d9/n9"), "1");
	t_store_free();
}
END_TEST

/* Defect 4: 20,000 reads of missing paths in one guest transaction.
 * As in Xen 4.17 they are recorded and counted: past the quota
 * (1024) each gets ENOSPC and the transaction stops growing. */
START_TEST(test_missing_reads_bounded)
{
	struct xs_conn *u, *d0;
	struct xs_txn *t;
	size_t at_quota = 0;
	char path[32];
	uint32_t tx;

	t_store(NULL);
	d0 = t_dom0();
	u = t_domain(3);
	tx = t_txn(u);
	t = txn_of(u, tx);
	for (unsigned i = 0; i < 20000; i++) {
		snprintf(path, sizeof(path), "missing/%u", i);
		ck_assert_str_eq(t_read(u, tx, path),
				 i < 1024 ? "!ENOENT" : "!ENOSPC");
		if (i == 1023)
			at_quota = xs_txn_recorded(t);
	}
	ck_assert_uint_eq(t->nacc, 1024);
	ck_assert_uint_eq(xs_txn_recorded(t), at_quota);
	ck_assert_uint_lt(at_quota, 1024 * 128);
	/* an existing path is refused too, and the transaction commits */
	ck_assert_str_eq(t_read(u, tx, "/local/domain/3"), "!ENOSPC");
	ck_assert_str_eq(t_call(u, XS_TRANSACTION_END, tx, "T", NULL), "OK|");
	/* dom0 is not held to it (Xen's domain_is_unprivileged) */
	tx = t_txn(d0);
	for (unsigned i = 0; i < 1100; i++) {
		snprintf(path, sizeof(path), "/missing/%u", i);
		ck_assert_str_eq(t_read(d0, tx, path), "!ENOENT");
	}
	ck_assert_uint_eq(txn_of(d0, tx)->nacc, 1100);
	t_store_free();
}
END_TEST

/* A walk through a directory copies only the child it goes to; the
 * directory's whole list comes when it is listed or changed, in the
 * main tree's order, with what the transaction did to it. */
START_TEST(test_walk_copies_one_child)
{
	struct xs_conn *a, *b;
	struct xs_txn *t;
	char path[32];
	uint32_t tx;

	t_store(NULL);
	a = t_dom0();
	b = t_dom0();
	for (unsigned i = 0; i < 2000; i++) {
		snprintf(path, sizeof(path), "/flat/n%u", i);
		ck_assert_str_eq(t_write(a, 0, path, "v"), "OK|");
	}
	ck_assert_str_eq(t_write(a, 0, "/r/a/x", "1"), "OK|");
	ck_assert_str_eq(t_write(a, 0, "/r/b", "2"), "OK|");
	ck_assert_str_eq(t_write(a, 0, "/r/c", "3"), "OK|");
	tx = t_txn(a);
	t = txn_of(a, tx);
	ck_assert_str_eq(t_read(a, tx, "/flat/n1999"), "v");
	/* the root, /flat, /flat/n1999 and the root's child flat */
	ck_assert_uint_le(t->tree->copied_nodes, 4);
	ck_assert_uint_lt(xs_txn_recorded(t), 1024);
	/* /r is walked through, then changed and listed */
	ck_assert_str_eq(t_read(a, tx, "/r/a/x"), "1");
	ck_assert_str_eq(t_call(a, XS_RM, tx, "/r/a", NULL), "OK|");
	ck_assert_str_eq(t_write(a, tx, "/r/d", "4"), "OK|");
	ck_assert_str_eq(t_call(a, XS_DIRECTORY, tx, "/r", NULL), "b|c|d|");
	ck_assert_str_eq(t_call(a, XS_TRANSACTION_END, tx, "T", NULL), "OK|");
	ck_assert_str_eq(t_call(a, XS_DIRECTORY, 0, "/r", NULL), "b|c|d|");
	ck_assert_uint_eq(xs_store_check(t_s), 0);
	/* a child added meanwhile is listed, and the listing conflicts */
	tx = t_txn(a);
	ck_assert_str_eq(t_read(a, tx, "/r/b"), "2");
	ck_assert_str_eq(t_write(b, 0, "/r/e", "5"), "OK|");
	ck_assert_str_eq(t_call(a, XS_DIRECTORY, tx, "/r", NULL),
			 "b|c|d|e|");
	ck_assert_str_eq(t_call(a, XS_TRANSACTION_END, tx, "T", NULL),
			 "!EAGAIN");
	/* one removed meanwhile: what the walk saw stays, the commit
	 * conflicts */
	tx = t_txn(a);
	ck_assert_str_eq(t_read(a, tx, "/r/b"), "2");
	ck_assert_str_eq(t_call(b, XS_RM, 0, "/r/b", NULL), "OK|");
	ck_assert_str_eq(t_read(a, tx, "/r/b"), "2");
	ck_assert_str_eq(t_call(a, XS_DIRECTORY, tx, "/r", NULL),
			 "c|d|e|b|");
	ck_assert_str_eq(t_call(a, XS_TRANSACTION_END, tx, "T", NULL),
			 "!EAGAIN");
	t_store_free();
}
END_TEST

Suite *suite_txn_cost(void)
{
	Suite *s = suite_create("transaction cost");
	TCase *tc = tcase_create("cost");

	tcase_set_timeout(tc, 120); /* the stores of 100,000 nodes */
	tcase_add_test(tc, test_start_cost_does_not_grow);
	tcase_add_test(tc, test_ten_open_transactions_stay_small);
	tcase_add_test(tc, test_missing_reads_bounded);
	tcase_add_test(tc, test_walk_copies_one_child);
	suite_add_tcase(s, tc);
	return s;
}

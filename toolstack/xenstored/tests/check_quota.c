/* Per-domain quotas hold against a hostile domain; dom0 keeps working;
 * a dead domain's state is cleaned up. */
#include <stdio.h>
#include <string.h>

#include "check_util.h"

static struct xs_quota small(void)
{
	struct xs_quota q = XS_QUOTA_DEFAULTS;

	q.nodes = 10;
	q.entry_size = 16;
	q.watches = 3;
	q.txns = 2;
	q.outstanding = 4;
	q.events = 5;
	return q;
}

START_TEST(test_node_quota)
{
	struct xs_quota q = small();
	struct xs_conn *u, *d0;
	char path[32];
	int ok = 0;

	t_store(&q);
	u = t_domain(5);
	d0 = t_dom0();
	for (int i = 0; i < 20; i++) {
		snprintf(path, sizeof(path), "n%d", i);
		const char *r = t_write(u, 0, path, "v");
		if (!strcmp(r, "OK|"))
			ok++;
		else
			ck_assert_str_eq(r, "!ENOSPC");
	}
	/* the home node (owned by 5) counts too */
	ck_assert_int_eq(ok, 9);
	ck_assert_uint_eq(xs_tree_owned(t_s->tree, 5), 10);
	/* several nodes at once are refused as a whole */
	t_call(u, XS_RM, 0, "n0", NULL);
	ck_assert_str_eq(t_write(u, 0, "x/y/z", "v"), "!ENOSPC");
	ck_assert_str_eq(t_read(u, 0, "x"), "!ENOENT");
	/* dom0 is not limited */
	for (int i = 0; i < 30; i++) {
		snprintf(path, sizeof(path), "/d0/n%d", i);
		ck_assert_str_eq(t_write(d0, 0, path, "v"), "OK|");
	}
	t_store_free();
}
END_TEST

START_TEST(test_node_quota_in_transactions)
{
	struct xs_quota q = small();
	struct xs_conn *u;
	uint32_t t1, t2;

	t_store(&q);
	u = t_domain(5);
	/* separate parents, so that the transactions do not conflict */
	t_write(u, 0, "a", "");
	t_write(u, 0, "b", "");
	t1 = t_txn(u);
	t2 = t_txn(u);
	ck_assert_str_eq(t_write(u, t1, "a/1/2/3/4", "v"), "OK|"); /* 3+4 */
	ck_assert_str_eq(t_write(u, t2, "b/1/2/3/4", "v"), "OK|"); /* 3+4 */
	ck_assert_str_eq(t_call(u, XS_TRANSACTION_END, t1, "T", NULL), "OK|");
	/* each fitted alone; together they would exceed 10 */
	ck_assert_str_eq(t_call(u, XS_TRANSACTION_END, t2, "T", NULL),
			 "!ENOSPC");
	ck_assert_uint_le(xs_tree_owned(t_s->tree, 5), 10);
	/* Over a quota lowered meanwhile, a transaction that creates no
	 * node still commits, as Xen's transaction_fix_domains lets it;
	 * one that creates a node does not. */
	t_s->q.nodes = 3;
	t1 = t_txn(u);
	ck_assert_str_eq(t_write(u, t1, "a", "changed"), "OK|");
	ck_assert_str_eq(t_call(u, XS_RM, t1, "b", NULL), "OK|");
	ck_assert_str_eq(t_call(u, XS_TRANSACTION_END, t1, "T", NULL), "OK|");
	ck_assert_str_eq(t_read(u, 0, "a"), "changed");
	t1 = t_txn(u);
	t_s->q.nodes = 100;
	ck_assert_str_eq(t_write(u, t1, "c", "new"), "OK|");
	t_s->q.nodes = 3;
	ck_assert_str_eq(t_call(u, XS_TRANSACTION_END, t1, "T", NULL),
			 "!ENOSPC");
	t_store_free();
}
END_TEST

START_TEST(test_entry_size_watch_txn_perm_quotas)
{
	struct xs_quota q = small();
	struct xs_conn *u, *d0;

	t_store(&q);
	u = t_domain(5);
	d0 = t_dom0();
	ck_assert_str_eq(t_write(u, 0, "big", "0123456789abcdef!"), "!ENOSPC");
	ck_assert_str_eq(t_write(u, 0, "big", "0123456789abcdef"), "OK|");
	ck_assert_str_eq(t_write(d0, 0, "/big", "0123456789abcdef!"), "OK|");
	for (int i = 0; i < 3; i++) {
		char tok[16];
		snprintf(tok, sizeof(tok), "t%d", i);
		ck_assert_str_eq(t_call(u, XS_WATCH, 0, "w", tok), "OK|");
	}
	ck_assert_str_eq(t_call(u, XS_WATCH, 0, "w", "t3"), "!E2BIG");
	t_txn(u);
	t_txn(u);
	ck_assert_str_eq(t_call(u, XS_TRANSACTION_START, 0, "", NULL),
			 "!ENOSPC");
	q.perms = 2;
	t_s->q.perms = 2;
	ck_assert_str_eq(t_call3(u, XS_SET_PERMS, 0, "big", "n5", "r1"), "OK|");
	const char payload[] = "big\0n5\0r1\0r2";
	struct xsd_sockmsg h = { XS_SET_PERMS, 9, 0, sizeof(payload) };
	t_no_events(u);
	xs_conn_feed(u, &h, sizeof(h));
	xs_conn_feed(u, payload, sizeof(payload));
	const void *p;
	ck_assert_uint_gt(xs_conn_peek(u, &p), sizeof(h));
	ck_assert_uint_eq(((const struct xsd_sockmsg *)p)->type, XS_ERROR);
	t_store_free();
}
END_TEST

START_TEST(test_outstanding_requests_throttle)
{
	struct xs_quota q = small();
	struct xsd_sockmsg h = { XS_READ, 1, 0, 6 };
	char msgs[10 * (sizeof(h) + 6)];
	struct xs_conn *u;
	size_t used = 0, took;
	const void *p;

	t_store(&q);
	u = t_domain(5);
	for (int i = 0; i < 10; i++) {
		memcpy(msgs + used, &h, sizeof(h));
		memcpy(msgs + used + sizeof(h), "/nope", 6);
		used += sizeof(h) + 6;
	}
	/* a domain that never reads replies gets 4 answered, then waits */
	took = xs_conn_feed(u, msgs, used);
	ck_assert_uint_eq(took, 4 * (sizeof(h) + 6));
	ck_assert_uint_eq(u->out_replies, 4);
	size_t n = xs_conn_peek(u, &p);
	xs_conn_sent(u, n);
	took += xs_conn_feed(u, msgs + took, used - took);
	ck_assert_uint_eq(took, 5 * (sizeof(h) + 6));
	t_store_free();
}
END_TEST

START_TEST(test_event_quota)
{
	struct xs_quota q = small();
	struct xs_conn *u, *d0;
	char v[32];

	t_store(&q);
	u = t_domain(5);
	d0 = t_dom0();
	t_call(u, XS_WATCH, 0, "ev", "t");
	t_no_events(u);
	for (int i = 0; i < 20; i++) {
		snprintf(v, sizeof(v), "/local/domain/5/ev/%d", i);
		t_write(d0, 0, v, "1");
	}
	ck_assert_uint_eq(u->out_events, 5);
	t_store_free();
}
END_TEST

START_TEST(test_domain_death_cleanup)
{
	struct xs_conn *u, *d0;
	uint32_t tx;

	t_store(NULL);
	t_s->keep_orphans = true; /* -K; by default they go (XSA-419) */
	u = t_domain(6);
	d0 = t_dom0();
	t_write(u, 0, "x", "1");
	t_call(u, XS_WATCH, 0, "x", "t");
	tx = t_txn(u);
	(void)tx;
	t_call(d0, XS_WATCH, 0, "@releaseDomain", "r");
	t_no_events(d0);
	xs_store_domain_gone(t_s, 6);
	ck_assert_ptr_null(xs_store_domain(t_s, 6));
	ck_assert_str_eq(t_event(d0), "@releaseDomain|r|");
	/* its nodes now belong to dom0, so a new domain 6 gets nothing */
	ck_assert_uint_eq(xs_tree_owned(t_s->tree, 6), 0);
	ck_assert_str_eq(t_call(d0, XS_GET_PERMS, 0, "/local/domain/6/x", NULL),
			 "n0|");
	t_store_free();
}
END_TEST

Suite *suite_quota(void)
{
	Suite *s = suite_create("quotas");
	TCase *tc = tcase_create("quota");

	tcase_add_test(tc, test_node_quota);
	tcase_add_test(tc, test_node_quota_in_transactions);
	tcase_add_test(tc, test_entry_size_watch_txn_perm_quotas);
	tcase_add_test(tc, test_outstanding_requests_throttle);
	tcase_add_test(tc, test_event_quota);
	tcase_add_test(tc, test_domain_death_cleanup);
	suite_add_tcase(s, tc);
	return s;
}

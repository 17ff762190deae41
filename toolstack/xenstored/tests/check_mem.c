/* The per-domain memory quota of Xen 4.17 (XSA-326): what a domain is
 * charged, what is refused at the hard quota and with which error. */
#include <stdio.h>
#include <string.h>

#include "check_util.h"

static char big[1001];

static const char *value(size_t len)
{
	memset(big, 'v', sizeof(big) - 1);
	big[len] = '\0';
	return big;
}

static void check_charges(unsigned domid)
{
	ck_assert_uint_eq(xs_tree_mem(t_s->tree, domid),
			  t_recount_mem(domid));
}

START_TEST(test_xsa326_memory_quota_nodes)
{
	struct xs_quota q = XS_QUOTA_DEFAULTS;
	struct xs_conn *u, *d0;
	char path[32];
	int ok = 0;

	q.memory = 2000;
	t_store(&q);
	u = t_domain(5);
	d0 = t_dom0();
	/* the home: path 15 + record header 24 + one permission 8 */
	ck_assert_uint_eq(xs_mem_used(t_s, 5), 47);
	/* each: 19 + 24 + 8 + 100, and 4 more for its name in the home */
	for (int i = 0; i < 20; i++) {
		snprintf(path, sizeof(path), "n%02d", i);
		const char *r = t_write(u, 0, path, value(100));
		if (!strcmp(r, "OK|"))
			ok++;
		else
			ck_assert_str_eq(r, "!EIO"); /* as Xen 4.17 answers */
		ck_assert_uint_lt(xs_mem_used(t_s, 5), 2000);
	}
	ck_assert_int_eq(ok, 12);
	ck_assert_uint_eq(xs_mem_used(t_s, 5), 47 + 12 * 155);
	check_charges(5);
	/* growing an existing node is refused too, shrinking is not */
	ck_assert_str_eq(t_write(u, 0, "n00", value(200)), "!EIO");
	ck_assert_str_eq(t_read(d0, 0, "/local/domain/5/n00"), value(100));
	ck_assert_str_eq(t_write(u, 0, "n00", value(10)), "OK|");
	ck_assert_uint_eq(xs_mem_used(t_s, 5), 47 + 12 * 155 - 90);
	/* the owner pays, whoever writes: dom0 too is refused here */
	ck_assert_str_eq(t_write(d0, 0, "/local/domain/5/n01", value(500)),
			 "!EIO");
	/* removing frees it all */
	ck_assert_str_eq(t_call(u, XS_RM, 0, "n01", NULL), "OK|");
	ck_assert_uint_eq(xs_mem_used(t_s, 5), 47 + 11 * 155 - 90);
	ck_assert_str_eq(t_write(u, 0, "n01", value(100)), "OK|");
	check_charges(5);
	/* dom0 has no quota */
	for (int i = 0; i < 10; i++) {
		snprintf(path, sizeof(path), "/tool/d%d", i);
		ck_assert_str_eq(t_write(d0, 0, path, value(1000)), "OK|");
	}
	check_charges(0);
	t_store_free();
}
END_TEST

START_TEST(test_xsa326_memory_quota_watches_replies_events)
{
	struct xs_conn *u, *d0;
	size_t used;

	t_store(NULL);
	u = t_domain(5);
	d0 = t_dom0();
	ck_assert_str_eq(t_write(d0, 0, "/tool/pub", "1"), "OK|");
	ck_assert_str_eq(t_call3(d0, XS_SET_PERMS, 0, "/tool/pub", "n0", "r5"),
			 "OK|");
	ck_assert_str_eq(t_write(u, 0, "long", value(40)), "OK|");
	ck_assert_str_eq(t_call(u, XS_WATCH, 0, "/tool/pub", "tok"), "OK|");
	ck_assert_str_eq(t_event(u), "/tool/pub|tok|");
	/* a watch is charged its path and token */
	used = xs_mem_used(t_s, 5);
	ck_assert_uint_eq(used, xs_tree_mem(t_s->tree, 5) + 9 + 3);
	t_s->q.memory = (unsigned)used + 10;
	ck_assert_str_eq(t_call(u, XS_WATCH, 0, "/tool/other", "t"),
			 "!ENOMEM"); /* 11 + 1 */
	/* replies over 16 bytes become ENOMEM, short ones still go */
	ck_assert_str_eq(t_read(u, 0, "long"), "!ENOMEM");
	ck_assert_str_eq(t_call(u, XS_GET_PERMS, 0, "long", NULL), "n5|");
	/* events are dropped */
	ck_assert_str_eq(t_write(d0, 0, "/tool/pub", "2"), "OK|");
	ck_assert_ptr_null(t_event(u));
	t_s->q.memory = 0; /* no limit */
	ck_assert_str_eq(t_write(d0, 0, "/tool/pub", "3"), "OK|");
	ck_assert_str_eq(t_event(u), "/tool/pub|tok|");
	ck_assert_str_eq(t_read(u, 0, "long"), value(40));
	/* unwatching gives the charge back */
	ck_assert_str_eq(t_call(u, XS_UNWATCH, 0, "/tool/pub", "tok"), "OK|");
	ck_assert_uint_eq(xs_mem_used(t_s, 5), xs_tree_mem(t_s->tree, 5));
	t_store_free();
}
END_TEST

START_TEST(test_xsa326_memory_quota_stalls_domain)
{
	struct xsd_sockmsg h = { XS_READ, 1, 0, 2 };
	struct xs_conn *u, *d0;
	char set[64];
	int len;

	t_store(NULL);
	u = t_domain(5);
	d0 = t_dom0();
	ck_assert_str_eq(t_write(u, 0, "a", "1"), "OK|");
	/* at or over its hard quota a domain is not read from (Xen's
	 * domain_can_read) */
	len = snprintf(set, sizeof(set), "quota%cset%cmemory%c%zu", 0, 0, 0,
		       xs_mem_used(t_s, 5));
	ck_assert_str_eq(t_raw(d0, XS_CONTROL, 0, set, (size_t)len + 1), "OK|");
	ck_assert_uint_eq(xs_conn_feed(u, &h, sizeof(h)), 0);
	len = snprintf(set, sizeof(set), "quota%cset%cmemory%c%zu", 0, 0, 0,
		       xs_mem_used(t_s, 5) + 1);
	ck_assert_str_eq(t_raw(d0, XS_CONTROL, 0, set, (size_t)len + 1), "OK|");
	ck_assert_uint_eq(xs_conn_feed(u, &h, sizeof(h)), sizeof(h));
	ck_assert_uint_eq(xs_conn_feed(u, "a", 2), 2);
	ck_assert_str_eq(t_reply(u), "1");
	t_store_free();
}
END_TEST

START_TEST(test_xsa326_memory_quota_transactions)
{
	struct xs_quota q = XS_QUOTA_DEFAULTS;
	struct xs_conn *u;
	uint32_t tx;
	char path[32];
	int ok = 0;

	q.memory = 2000;
	t_store(&q);
	u = t_domain(5);
	/* what a transaction logs is charged to it while it is open:
	 * 19 + 24 + 100 for each write */
	tx = t_txn(u);
	for (int i = 0; i < 20; i++) {
		snprintf(path, sizeof(path), "n%02d", i);
		const char *r = t_write(u, tx, path, value(100));
		if (!strcmp(r, "OK|"))
			ok++;
		else
			ck_assert_str_eq(r, "!EIO");
	}
	ck_assert_int_eq(ok, 13);
	ck_assert_uint_eq(xs_mem_used(t_s, 5), 47 + 13 * 143);
	/* a refused write fails the transaction, as in Xen */
	ck_assert_str_eq(t_call(u, XS_TRANSACTION_END, tx, "T", NULL),
			 "!ENOMEM");
	ck_assert_str_eq(t_read(u, 0, "n00"), "!ENOENT");
	ck_assert_uint_eq(xs_mem_used(t_s, 5), 47);
	/* within the quota it commits, and the nodes pay instead */
	tx = t_txn(u);
	ck_assert_str_eq(t_write(u, tx, "n00", value(100)), "OK|");
	ck_assert_str_eq(t_call(u, XS_TRANSACTION_END, tx, "T", NULL), "OK|");
	ck_assert_uint_eq(xs_mem_used(t_s, 5), 47 + 155);
	check_charges(5);
	t_store_free();
}
END_TEST

START_TEST(test_memory_charges_follow_every_change)
{
	struct xs_conn *u, *d0;
	uint32_t tx;

	t_store(NULL);
	t_s->keep_orphans = true;
	u = t_domain(5);
	t_domain(6);
	d0 = t_dom0();
	ck_assert_str_eq(t_write(u, 0, "a/b/c/d", "xyz"), "OK|");
	ck_assert_str_eq(t_call(u, XS_MKDIR, 0, "a/e", NULL), "OK|");
	ck_assert_str_eq(t_call3(u, XS_SET_PERMS, 0, "a/b", "n5", "r6"), "OK|");
	ck_assert_str_eq(t_write(d0, 0, "/local/domain/5/a/f", "by dom0"),
			 "OK|");
	ck_assert_str_eq(t_call3(d0, XS_SET_PERMS, 0, "/local/domain/5/a/e",
				 "n6", "b5"), "OK|");
	check_charges(0);
	check_charges(5);
	check_charges(6);
	tx = t_txn(u);
	ck_assert_str_eq(t_call(u, XS_RM, tx, "a/b", NULL), "OK|");
	ck_assert_str_eq(t_write(u, tx, "a/b/new", "1"), "OK|");
	ck_assert_str_eq(t_call(u, XS_TRANSACTION_END, tx, "T", NULL), "OK|");
	check_charges(5);
	ck_assert_str_eq(t_call(u, XS_RM, 0, "a", NULL), "OK|");
	ck_assert_uint_eq(xs_mem_used(t_s, 5), 47);
	check_charges(6);
	ck_assert_str_eq(t_write(u, 0, "z", "1"), "OK|");
	xs_store_domain_gone(t_s, 5); /* -K: its nodes go to dom0 */
	ck_assert_uint_eq(xs_tree_mem(t_s->tree, 5), 0);
	check_charges(0);
	t_store_free();
}
END_TEST

Suite *suite_mem(void)
{
	Suite *s = suite_create("memory");
	TCase *tc = tcase_create("memory");

	tcase_add_test(tc, test_xsa326_memory_quota_nodes);
	tcase_add_test(tc, test_xsa326_memory_quota_watches_replies_events);
	tcase_add_test(tc, test_xsa326_memory_quota_stalls_domain);
	tcase_add_test(tc, test_xsa326_memory_quota_transactions);
	tcase_add_test(tc, test_memory_charges_follow_every_change);
	suite_add_tcase(s, tc);
	return s;
}

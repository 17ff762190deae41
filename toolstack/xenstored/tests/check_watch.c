/* Watches: matching, removal, relative delivery, permissions, special
 * @introduceDomain / @releaseDomain paths. */
#include <string.h>

#include "check_util.h"

START_TEST(test_match_rules)
{
	struct xs_conn *c;

	t_store(NULL);
	c = t_dom0();
	ck_assert_str_eq(t_call(c, XS_WATCH, 0, "/w/a", "T"), "OK|");
	ck_assert_str_eq(t_event(c), "/w/a|T|"); /* initial event */
	t_write(c, 0, "/w/a", "1");
	ck_assert_str_eq(t_event(c), "/w/a|T|");
	t_write(c, 0, "/w/a/deep/er", "1");
	ck_assert_str_eq(t_event(c), "/w/a/deep/er|T|");
	t_write(c, 0, "/w/ab", "1");     /* a sibling, not a child */
	t_write(c, 0, "/w", "1");        /* the parent */
	ck_assert_ptr_null(t_event(c));
	ck_assert_str_eq(t_call(c, XS_WATCH, 0, "/w/a", "T"), "!EEXIST");
	ck_assert_str_eq(t_call(c, XS_UNWATCH, 0, "/w/a", "T"), "OK|");
	ck_assert_str_eq(t_call(c, XS_UNWATCH, 0, "/w/a", "T"), "!ENOENT");
	t_write(c, 0, "/w/a", "2");
	ck_assert_ptr_null(t_event(c));
	t_store_free();
}
END_TEST

START_TEST(test_rm_fires_watches_below)
{
	struct xs_conn *c;

	t_store(NULL);
	c = t_dom0();
	t_write(c, 0, "/r/a/b", "1");
	t_call(c, XS_WATCH, 0, "/r/a/b", "child");
	t_no_events(c);
	ck_assert_str_eq(t_call(c, XS_RM, 0, "/r", NULL), "OK|");
	ck_assert_str_eq(t_event(c), "/r/a/b|child|");
	ck_assert_ptr_null(t_event(c));
	t_store_free();
}
END_TEST

START_TEST(test_relative_watch)
{
	struct xs_conn *u, *d0;

	t_store(NULL);
	u = t_domain(3);
	d0 = t_dom0();
	ck_assert_str_eq(t_call(u, XS_WATCH, 0, "device", "fe"), "OK|");
	ck_assert_str_eq(t_event(u), "device|fe|");
	t_write(d0, 0, "/local/domain/3/device/vbd/768/state", "4");
	ck_assert_str_eq(t_event(u), "device/vbd/768/state|fe|");
	t_store_free();
}
END_TEST

START_TEST(test_watch_needs_read_access)
{
	struct xs_conn *u, *d0;

	t_store(NULL);
	u = t_domain(3);
	d0 = t_dom0();
	ck_assert_str_eq(t_call(u, XS_WATCH, 0, "/private", "t"), "OK|");
	t_no_events(u);
	t_write(d0, 0, "/private/x", "1");
	ck_assert_ptr_null(t_event(u));
	t_call(d0, XS_SET_PERMS, 0, "/private/x", "n3");
	ck_assert_str_eq(t_event(u), "/private/x|t|");
	t_store_free();
}
END_TEST

START_TEST(test_special_watches)
{
	struct xs_conn *d0, *u;

	t_store(NULL);
	d0 = t_dom0();
	ck_assert_str_eq(t_call(d0, XS_WATCH, 0, "@introduceDomain", "i"), "OK|");
	ck_assert_str_eq(t_call(d0, XS_WATCH, 0, "@releaseDomain", "r"), "OK|");
	t_no_events(d0);
	u = t_domain(8);
	ck_assert_str_eq(t_call(u, XS_WATCH, 0, "@releaseDomain", "x"), "OK|");
	t_no_events(u);
	ck_assert_str_eq(t_event(d0), "@introduceDomain|i|");
	ck_assert_ptr_null(t_event(d0));
	ck_assert_str_eq(t_call(d0, XS_IS_DOMAIN_INTRODUCED, 0, "8", NULL), "T|");
	t_domain(9);
	t_no_events(d0);
	ck_assert_str_eq(t_call(d0, XS_RELEASE, 0, "9", NULL), "OK|");
	ck_assert_str_eq(t_event(d0), "@releaseDomain|r|");
	/* domain 8 may not see other domains come and go */
	ck_assert_ptr_null(t_event(u));
	ck_assert_str_eq(t_call(d0, XS_IS_DOMAIN_INTRODUCED, 0, "9", NULL), "F|");
	ck_assert_str_eq(t_call(d0, XS_RELEASE, 0, "9", NULL), "!ENOENT");
	/* until dom0 grants it */
	ck_assert_str_eq(t_call(d0, XS_SET_PERMS, 0, "@releaseDomain", "r0"),
			 "OK|");
	xs_store_domain_shutdown(t_s, 8);
	ck_assert_str_eq(t_event(u), "@releaseDomain|x|");
	ck_assert_str_eq(t_event(d0), "@releaseDomain|r|");
	xs_store_domain_shutdown(t_s, 8); /* reported once */
	ck_assert_ptr_null(t_event(d0));
	t_store_free();
}
END_TEST

START_TEST(test_reset_watches)
{
	struct xs_conn *c;
	uint32_t tx;

	t_store(NULL);
	c = t_dom0();
	t_call(c, XS_WATCH, 0, "/a", "1");
	t_call(c, XS_WATCH, 0, "/b", "2");
	t_no_events(c);
	tx = t_txn(c);
	ck_assert_str_eq(t_write(c, tx, "/t", "1"), "OK|");
	ck_assert_str_eq(t_call(c, XS_RESET_WATCHES, 0, "", NULL), "OK|");
	t_write(c, 0, "/a", "x");
	ck_assert_ptr_null(t_event(c));
	ck_assert_uint_eq(c->nwatches, 0);
	/* xenstore.txt: the connection's transactions end too */
	ck_assert_uint_eq(c->ntxns, 0);
	ck_assert_str_eq(t_call(c, XS_TRANSACTION_END, tx, "T", NULL),
			 "!ENOENT");
	ck_assert_str_eq(t_read(c, 0, "/t"), "!ENOENT");
	t_store_free();
}
END_TEST

/* An event longer than XENSTORE_PAYLOAD_MAX is dropped, as Xen does. */
START_TEST(test_xsa324_oversized_event_dropped)
{
	static char token[3001], path[2061];
	struct xs_conn *a;

	t_store(NULL);
	a = t_dom0();
	memset(token, 't', sizeof(token) - 1);
	ck_assert_str_eq(t_call(a, XS_WATCH, 0, "/local", token), "OK|");
	ck_assert_ptr_nonnull(t_event(a));
	/* 1,000-byte path + token: fits */
	strcpy(path, "/local/");
	memset(path + 7, 'p', 993);
	ck_assert_str_eq(t_write(a, 0, path, "1"), "OK|");
	ck_assert_ptr_nonnull(t_event(a));
	/* 2,060-byte path + 3,001-byte token: over 4096, dropped */
	strcpy(path, "/local/domain/0/");
	memset(path + 16, 'q', sizeof(path) - 17);
	ck_assert_str_eq(t_write(a, 0, path, "1"), "OK|");
	ck_assert_ptr_null(t_event(a));
	t_store_free();
}
END_TEST

/* The limit is Xen's send_event check: path, token and their NULs may
 * take XENSTORE_PAYLOAD_MAX bytes, one more and the event is dropped. */
START_TEST(test_event_payload_limit_exact)
{
	static char token[2501], path[1597];
	struct xs_conn *a;
	const char *ev;

	t_store(NULL);
	a = t_dom0();
	memset(token, 't', sizeof(token) - 1);
	ck_assert_str_eq(t_call(a, XS_WATCH, 0, "/local", token), "OK|");
	t_no_events(a);
	strcpy(path, "/local/");
	memset(path + 7, 'p', 1594 - 7); /* 1594 + 1 + 2500 + 1 = 4096 */
	ck_assert_str_eq(t_write(a, 0, path, "1"), "OK|");
	ev = t_event(a);
	ck_assert_ptr_nonnull(ev);
	ck_assert_uint_eq(strlen(ev), XENSTORE_PAYLOAD_MAX);
	path[1594] = 'p'; /* 4097 */
	ck_assert_str_eq(t_write(a, 0, path, "1"), "OK|");
	ck_assert_ptr_null(t_event(a));
	t_store_free();
}
END_TEST

/* Found by scenario xenstore-diff against Xen 4.17's daemon. */
START_TEST(test_watches_fire_in_the_order_they_were_set)
{
	struct xs_conn *c;

	t_store(NULL);
	c = t_dom0();
	t_call(c, XS_WATCH, 0, "/o", "first");
	t_call(c, XS_WATCH, 0, "/o/a", "second");
	t_call(c, XS_WATCH, 0, "/", "third");
	t_no_events(c);
	t_write(c, 0, "/o/a", "1");
	ck_assert_str_eq(t_event(c), "/o/a|first|");
	ck_assert_str_eq(t_event(c), "/o/a|second|");
	ck_assert_str_eq(t_event(c), "/o/a|third|");
	ck_assert_ptr_null(t_event(c));
	t_store_free();
}
END_TEST

START_TEST(test_watch_any_special_name)
{
	char name[XENSTORE_REL_PATH_MAX + 2];
	struct xs_conn *c;

	t_store(NULL);
	c = t_dom0();
	/* Xen accepts any "@" watch and fires it once, up front. */
	ck_assert_str_eq(t_call(c, XS_WATCH, 0, "@other", "x"), "OK|");
	ck_assert_str_eq(t_event(c), "@other|x|");
	t_write(c, 0, "/any", "1");
	ck_assert_ptr_null(t_event(c));
	ck_assert_str_eq(t_call(c, XS_UNWATCH, 0, "@other", "x"), "OK|");
	memset(name, 'a', sizeof(name) - 1);
	name[0] = '@';
	name[sizeof(name) - 2] = '\0';     /* XENSTORE_REL_PATH_MAX chars */
	ck_assert_str_eq(t_call(c, XS_WATCH, 0, name, "x"), "OK|");
	name[sizeof(name) - 2] = 'a';
	name[sizeof(name) - 1] = '\0';
	ck_assert_str_eq(t_call(c, XS_WATCH, 0, name, "x"), "!EINVAL");
	t_store_free();
}
END_TEST

Suite *suite_watch(void)
{
	Suite *s = suite_create("watches");
	TCase *tc = tcase_create("watch");

	tcase_add_test(tc, test_match_rules);
	tcase_add_test(tc, test_rm_fires_watches_below);
	tcase_add_test(tc, test_relative_watch);
	tcase_add_test(tc, test_watch_needs_read_access);
	tcase_add_test(tc, test_special_watches);
	tcase_add_test(tc, test_reset_watches);
	tcase_add_test(tc, test_xsa324_oversized_event_dropped);
	tcase_add_test(tc, test_event_payload_limit_exact);
	tcase_add_test(tc, test_watches_fire_in_the_order_they_were_set);
	tcase_add_test(tc, test_watch_any_special_name);
	suite_add_tcase(s, tc);
	return s;
}

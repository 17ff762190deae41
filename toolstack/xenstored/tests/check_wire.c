/* The wire codec: arity and number checks, error strings, framing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_util.h"
#include "xs_wire.h"

static int parse(uint32_t type, const char *body, size_t len,
		 struct xs_request *req)
{
	static char buf[XENSTORE_PAYLOAD_MAX + 1];
	struct xsd_sockmsg h = { type, 7, 3, (uint32_t)len };

	memcpy(buf, body, len);
	return xs_wire_parse(&h, buf, len, req);
}

START_TEST(test_single_path)
{
	struct xs_request r;

	ck_assert_int_eq(parse(XS_READ, "/a\0", 3, &r), 0);
	ck_assert_str_eq(r.path, "/a");
	ck_assert_uint_eq(r.req_id, 7);
	ck_assert_uint_eq(r.tx_id, 3);
	/* an argument without its NUL is refused, as Xen does */
	ck_assert_int_eq(parse(XS_RM, "/a", 2, &r), EINVAL);
	ck_assert_int_eq(parse(XS_WATCH, "/a\0tok", 6, &r), EINVAL);
	ck_assert_int_eq(parse(XS_TRANSACTION_START, "", 0, &r), 0);
	/* Xen's do_transaction_start and do_reset_watches ignore it */
	ck_assert_int_eq(parse(XS_TRANSACTION_START, "x", 1, &r), 0);
	ck_assert_int_eq(parse(XS_RESET_WATCHES, "x\0y\0", 4, &r), 0);
	/* no handler comes before a bad payload */
	ck_assert_int_eq(parse(XS_WATCH_EVENT, "/a", 2, &r), ENOSYS);
	ck_assert_int_eq(parse(XS_READ, "/a\0/b\0", 6, &r), EINVAL);
	ck_assert_int_eq(parse(XS_READ, "", 0, &r), EINVAL);
}
END_TEST

START_TEST(test_write_value_is_raw)
{
	struct xs_request r;

	ck_assert_int_eq(parse(XS_WRITE, "/a\0x\0y", 6, &r), 0);
	ck_assert_str_eq(r.path, "/a");
	ck_assert_uint_eq(r.value_len, 3);
	ck_assert_int_eq(memcmp(r.value, "x\0y", 3), 0);
	ck_assert_int_eq(parse(XS_WRITE, "/a\0", 3, &r), 0);
	ck_assert_uint_eq(r.value_len, 0);
	ck_assert_int_eq(parse(XS_WRITE, "/a", 2, &r), EINVAL);
}
END_TEST

START_TEST(test_domain_numbers)
{
	struct xs_request r;

	ck_assert_int_eq(parse(XS_INTRODUCE, "5\0" "4096\0" "9\0", 9, &r), 0);
	ck_assert_uint_eq(r.domid, 5);
	ck_assert_uint_eq(r.mfn, 4096);
	ck_assert_uint_eq(r.port, 9);
	ck_assert_int_eq(parse(XS_INTRODUCE, "5\0x\0" "9\0", 6, &r), EINVAL);
	ck_assert_int_eq(parse(XS_INTRODUCE, "5\0" "1\0", 4, &r), EINVAL);
	ck_assert_int_eq(parse(XS_RELEASE, "70000\0", 6, &r), EINVAL);
	ck_assert_int_eq(parse(XS_RELEASE, "-1\0", 3, &r), EINVAL);
	ck_assert_int_eq(parse(XS_SET_TARGET, "3\0" "2\0", 4, &r), 0);
	ck_assert_uint_eq(r.target, 2);
}
END_TEST

START_TEST(test_transaction_end)
{
	struct xs_request r;

	ck_assert_int_eq(parse(XS_TRANSACTION_END, "T\0", 2, &r), 0);
	ck_assert_int_eq(r.commit, 1);
	ck_assert_int_eq(parse(XS_TRANSACTION_END, "F\0", 2, &r), 0);
	ck_assert_int_eq(r.commit, 0);
	ck_assert_int_eq(parse(XS_TRANSACTION_END, "X\0", 2, &r), EINVAL);
	ck_assert_int_eq(parse(XS_WATCH_EVENT, "a\0b\0", 4, &r), ENOSYS);
	ck_assert_int_eq(parse(XS_ERROR, "a\0", 2, &r), ENOSYS);
	ck_assert_int_eq(parse(99, "", 0, &r), ENOSYS);
}
END_TEST

START_TEST(test_error_strings)
{
	ck_assert_str_eq(xs_wire_errstr(EACCES), "EACCES");
	ck_assert_str_eq(xs_wire_errstr(EAGAIN), "EAGAIN");
	ck_assert_str_eq(xs_wire_errstr(E2BIG), "E2BIG");
	ck_assert_str_eq(xs_wire_errstr(12345), "EINVAL");
}
END_TEST

START_TEST(test_bad_type_gets_error_reply)
{
	struct xs_conn *c;

	t_store(NULL);
	c = t_dom0();
	/* Xen replies ENOSYS to a type it does not handle */
	ck_assert_str_eq(t_call(c, XS_WATCH_EVENT, 0, "/a", "t"), "!ENOSYS");
	ck_assert_str_eq(t_call(c, 77, 0, "/a", NULL), "!ENOSYS");
	/* the connection still works afterwards */
	ck_assert_str_eq(t_write(c, 0, "/a", "1"), "OK|");
	t_store_free();
}
END_TEST

/* Xen 4.17's process_message: no handler (ENOSYS), then a privileged
 * type from a guest (EACCES), then an unknown tx_id (ENOENT, but WATCH
 * and UNWATCH ignore it), and only then the handler's EINVAL. */
START_TEST(test_errors_in_xen_order)
{
	struct xs_conn *d0, *u;
	char id[16], busy[16];

	t_store(NULL);
	d0 = t_dom0();
	u = t_domain(5);
	ck_assert_str_eq(t_raw(d0, 77, 9, "/a", 2), "!ENOSYS");
	ck_assert_str_eq(t_raw(u, XS_INTRODUCE, 9, "x", 1), "!EACCES");
	ck_assert_str_eq(t_raw(u, XS_CONTROL, 0, "print", 5), "!EACCES");
	ck_assert_str_eq(t_raw(u, XS_SET_TARGET, 0, "", 0), "!EACCES");
	ck_assert_str_eq(t_raw(d0, XS_READ, 9, "/a", 2), "!ENOENT");
	ck_assert_str_eq(t_raw(d0, XS_CONTROL, 9, "print", 5), "!ENOENT");
	ck_assert_str_eq(t_raw(d0, XS_READ, 0, "/a", 2), "!EINVAL");
	ck_assert_str_eq(t_call(u, XS_GET_DOMAIN_PATH, 9, "5", NULL),
			 "!ENOENT");
	ck_assert_str_eq(t_call(u, XS_RESET_WATCHES, 9, NULL, NULL),
			 "!ENOENT");
	ck_assert_str_eq(t_call(u, XS_WATCH, 9, "/a", "t"), "OK|");
	ck_assert_str_eq(t_call(u, XS_UNWATCH, 9, "/a", "t"), "OK|");
	/* TRANSACTION_START inside one: unknown ENOENT, open EBUSY */
	ck_assert_str_eq(t_call(u, XS_TRANSACTION_START, 9, NULL, NULL),
			 "!ENOENT");
	snprintf(id, sizeof(id), "%u|", t_txn(u));
	ck_assert_str_eq(t_call(u, XS_TRANSACTION_START,
				(uint32_t)atoi(id), NULL, NULL), "!EBUSY");
	snprintf(busy, sizeof(busy), "%s", t_raw(u, XS_TRANSACTION_START, 0,
						 "junk", 4));
	ck_assert_int_gt(atoi(busy), 0);
	ck_assert_str_eq(t_call(u, XS_GET_DOMAIN_PATH, (uint32_t)atoi(id),
				"5", NULL), "/local/domain/5|");
	t_store_free();
}
END_TEST

START_TEST(test_byte_by_byte_framing)
{
	struct xsd_sockmsg h = { XS_WRITE, 1, 0, 5 };
	const char *p = (const char *)&h;
	struct xs_conn *c;

	t_store(NULL);
	c = t_dom0();
	for (size_t i = 0; i < sizeof(h); i++)
		ck_assert_uint_eq(xs_conn_feed(c, p + i, 1), 1);
	for (size_t i = 0; i < 5; i++)
		ck_assert_uint_eq(xs_conn_feed(c, "/x\0hi" + i, 1), 1);
	ck_assert_str_eq(t_reply(c), "OK|");
	ck_assert_str_eq(t_read(c, 0, "/x"), "hi");
	t_store_free();
}
END_TEST

START_TEST(test_oversized_message_kills_connection)
{
	struct xsd_sockmsg h = { XS_WRITE, 1, 0, XENSTORE_PAYLOAD_MAX + 1 };
	struct xs_conn *c;
	void *ptr;

	t_store(NULL);
	c = t_dom0();
	xs_conn_feed(c, &h, sizeof(h));
	ck_assert(c->dead);
	ck_assert_uint_eq(xs_conn_want(c, &ptr), 0);
	t_store_free();
}
END_TEST

Suite *suite_wire(void)
{
	Suite *s = suite_create("wire");
	TCase *tc = tcase_create("codec");

	tcase_add_test(tc, test_single_path);
	tcase_add_test(tc, test_write_value_is_raw);
	tcase_add_test(tc, test_domain_numbers);
	tcase_add_test(tc, test_transaction_end);
	tcase_add_test(tc, test_error_strings);
	tcase_add_test(tc, test_bad_type_gets_error_reply);
	tcase_add_test(tc, test_errors_in_xen_order);
	tcase_add_test(tc, test_byte_by_byte_framing);
	tcase_add_test(tc, test_oversized_message_kills_connection);
	suite_add_tcase(s, tc);
	return s;
}

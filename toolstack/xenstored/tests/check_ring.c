/* The shared ring transport on an ordinary page in memory. */
#include <stdlib.h>
#include <string.h>

#include "check_util.h"
#include "xs_ring.h"

static void guest_put(struct xenstore_domain_interface *in, const void *buf,
		      size_t len)
{
	for (size_t i = 0; i < len; i++)
		in->req[MASK_XENSTORE_IDX(in->req_prod + i)] =
			((const char *)buf)[i];
	in->req_prod += (XENSTORE_RING_IDX)len;
}

static size_t guest_get(struct xenstore_domain_interface *in, char *buf)
{
	size_t n = in->rsp_prod - in->rsp_cons;

	for (size_t i = 0; i < n; i++)
		buf[i] = in->rsp[MASK_XENSTORE_IDX(in->rsp_cons + i)];
	in->rsp_cons += (XENSTORE_RING_IDX)n;
	return n;
}

static void guest_write(struct xenstore_domain_interface *in,
			const char *path, const char *val)
{
	struct xsd_sockmsg h = { XS_WRITE, 42, 0,
				 (uint32_t)(strlen(path) + 1 + strlen(val)) };

	guest_put(in, &h, sizeof(h));
	guest_put(in, path, strlen(path) + 1);
	guest_put(in, val, strlen(val));
}

START_TEST(test_request_reply_with_wrap)
{
	struct xenstore_domain_interface *in = calloc(1, sizeof(*in));
	char buf[XENSTORE_RING_SIZE];
	struct xsd_sockmsg h;
	struct xs_conn *c;

	t_store(NULL);
	c = t_domain(2);
	/* start near the end so both rings wrap */
	in->req_prod = in->req_cons = XENSTORE_RING_SIZE - 5;
	in->rsp_prod = in->rsp_cons = XENSTORE_RING_SIZE - 3;
	guest_write(in, "val", "ring");
	ck_assert(xs_ring_service(in, c));
	ck_assert_uint_eq(in->req_cons, in->req_prod);
	ck_assert_uint_eq(guest_get(in, buf), sizeof(h) + 3);
	memcpy(&h, buf, sizeof(h));
	ck_assert_uint_eq(h.type, XS_WRITE);
	ck_assert_uint_eq(h.req_id, 42);
	ck_assert_str_eq(buf + sizeof(h), "OK");
	ck_assert_str_eq(t_read(c, 0, "val"), "ring");
	ck_assert(!xs_ring_service(in, c)); /* nothing to do: no notify */
	t_store_free();
	free(in);
}
END_TEST

START_TEST(test_full_response_ring_resumes)
{
	struct xenstore_domain_interface *in = calloc(1, sizeof(*in));
	char buf[XENSTORE_RING_SIZE];
	struct xs_conn *c;
	size_t total = 0;

	t_store(NULL);
	c = t_domain(2);
	char big[1001];
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	guest_write(in, "big", big);
	xs_ring_service(in, c);
	/* the guest leaves the 19-byte OK unread: the next reply of 1016
	 * bytes fits only partly and must resume once the guest reads */
	struct xsd_sockmsg h = { XS_READ, 1, 0, 4 };
	guest_put(in, &h, sizeof(h));
	guest_put(in, "big", 4);
	xs_ring_service(in, c);
	ck_assert_uint_eq(in->rsp_prod - in->rsp_cons, XENSTORE_RING_SIZE);
	total += guest_get(in, buf);
	ck_assert(xs_ring_service(in, c));
	total += guest_get(in, buf);
	ck_assert_uint_eq(total, 2 * sizeof(h) + 3 + sizeof(big) - 1);
	ck_assert_int_eq(memcmp(buf + 11 - 5, "xxxxx", 5), 0);
	t_store_free();
	free(in);
}
END_TEST

START_TEST(test_bad_indexes_break_connection)
{
	struct xenstore_domain_interface *in = calloc(1, sizeof(*in));
	struct xs_conn *c;

	t_store(NULL);
	c = t_domain(2);
	in->req_prod = XENSTORE_RING_SIZE + 100; /* more than a ring's worth */
	xs_ring_service(in, c);
	ck_assert(c->dead);
	ck_assert_uint_eq(in->error, XENSTORE_ERROR_RINGIDX);
	t_store_free();
	free(in);
}
END_TEST

Suite *suite_ring(void)
{
	Suite *s = suite_create("ring");
	TCase *tc = tcase_create("ring");

	tcase_add_test(tc, test_request_reply_with_wrap);
	tcase_add_test(tc, test_full_response_ring_resumes);
	tcase_add_test(tc, test_bad_indexes_break_connection);
	suite_add_tcase(s, tc);
	return s;
}

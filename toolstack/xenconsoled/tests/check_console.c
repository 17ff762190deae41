/* xenconsoled's pure parts: console ring copy and the output buffer. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "cons_buffer.h"
#include "cons_ring.h"

static void guest_print(struct xencons_interface *in, const char *s)
{
	for (; *s; s++)
		in->out[MASK_XENCONS_IDX(in->out_prod++, in->out)] = *s;
}

START_TEST(test_output_wraps)
{
	struct xencons_interface *in = calloc(1, sizeof(*in));
	char buf[64];

	in->out_prod = in->out_cons = sizeof(in->out) - 3;
	guest_print(in, "hello");
	ck_assert_uint_eq(cons_ring_take_output(in, buf, 2), 2);
	ck_assert_int_eq(memcmp(buf, "he", 2), 0);
	ck_assert_uint_eq(cons_ring_take_output(in, buf, sizeof(buf)), 3);
	ck_assert_int_eq(memcmp(buf, "llo", 3), 0);
	ck_assert_uint_eq(in->out_cons, in->out_prod);
	ck_assert_uint_eq(cons_ring_take_output(in, buf, sizeof(buf)), 0);
	free(in);
}
END_TEST

START_TEST(test_output_bad_indexes)
{
	struct xencons_interface *in = calloc(1, sizeof(*in));
	char buf[4096];

	in->out_prod = 100000; /* claims more than a ring's worth */
	ck_assert_uint_eq(cons_ring_take_output(in, buf, sizeof(buf)),
			  sizeof(in->out));
	ck_assert_uint_eq(in->out_cons, 100000);
	free(in);
}
END_TEST

START_TEST(test_input_fills_ring)
{
	struct xencons_interface *in = calloc(1, sizeof(*in));
	char keys[1500];

	memset(keys, 'k', sizeof(keys));
	in->in_cons = in->in_prod = 1000;
	ck_assert_uint_eq(cons_ring_put_input(in, keys, sizeof(keys)),
			  sizeof(in->in));
	ck_assert_uint_eq(cons_ring_put_input(in, keys, 1), 0);
	in->in_cons += 10; /* the guest read ten keys */
	ck_assert_uint_eq(cons_ring_put_input(in, "ab", 2), 2);
	ck_assert_int_eq(in->in[MASK_XENCONS_IDX(in->in_prod - 1, in->in)], 'b');
	in->in_cons = in->in_prod + 5; /* nonsense from the guest */
	ck_assert_uint_eq(cons_ring_put_input(in, "x", 1), 0);
	free(in);
}
END_TEST

START_TEST(test_buffer_keeps_newest)
{
	struct cons_buffer b;

	cons_buffer_init(&b, 8);
	ck_assert_int_eq(cons_buffer_add(&b, "abcde", 5), 0);
	ck_assert_int_eq(cons_buffer_add(&b, "fghij", 5), 0);
	ck_assert_uint_eq(b.len, 8);
	ck_assert_int_eq(memcmp(b.data, "cdefghij", 8), 0);
	ck_assert_uint_eq(b.dropped, 2);
	cons_buffer_consume(&b, 3);
	ck_assert_int_eq(memcmp(b.data, "fghij", 5), 0);
	ck_assert_int_eq(cons_buffer_add(&b, "0123456789", 10), 0);
	ck_assert_int_eq(memcmp(b.data, "23456789", 8), 0);
	ck_assert_uint_eq(b.dropped, 2 + 5 + 2);
	cons_buffer_consume(&b, 100);
	ck_assert_uint_eq(b.len, 0);
	cons_buffer_free(&b);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("xenconsoled");
	TCase *tc = tcase_create("ring");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, test_output_wraps);
	tcase_add_test(tc, test_output_bad_indexes);
	tcase_add_test(tc, test_input_fills_ring);
	tcase_add_test(tc, test_buffer_keeps_newest);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

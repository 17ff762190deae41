/* Where ours answers otherwise than Xen 4.17's C xenstored, on purpose:
 * each difference scenario xenstore-diff allows (tests/diff/allowed.txt)
 * is pinned here, so that it stays a choice. */
#include <string.h>

#include "check_util.h"

/* Xen reads a domain id with atoi(): "abc" is dom0. Ours refuses what is
 * not a number, as it refuses any malformed argument. */
START_TEST(test_xendiff_domid_not_a_number)
{
	struct xs_conn *c;

	t_store(NULL);
	c = t_dom0();
	ck_assert_str_eq(t_call(c, XS_GET_DOMAIN_PATH, 0, "abc", NULL), "!EINVAL");
	ck_assert_str_eq(t_call(c, XS_IS_DOMAIN_INTRODUCED, 0, "x", NULL), "!EINVAL");
	ck_assert_str_eq(t_call(c, XS_GET_DOMAIN_PATH, 0, "0", NULL),
			 "/local/domain/0|");
	t_store_free();
}
END_TEST

/* Xen reads DIRECTORY_PART's offset with atoi() too ("" and "x" are 0). */
START_TEST(test_xendiff_directory_part_offset_not_a_number)
{
	struct xs_conn *c;

	t_store(NULL);
	c = t_dom0();
	t_write(c, 0, "/d/aa", "");
	ck_assert_str_eq(t_call(c, XS_DIRECTORY_PART, 0, "/d", ""), "!EINVAL");
	ck_assert_str_eq(t_call(c, XS_DIRECTORY_PART, 0, "/d", "x"), "!EINVAL");
	ck_assert_ptr_nonnull(strstr(t_call(c, XS_DIRECTORY_PART, 0, "/d", "0"),
				     "|aa||"));
	t_store_free();
}
END_TEST

/* A one-argument request with a second argument, or with none: Xen
 * 4.17 answers ENOENT (READ) or ENOMEM (RM, MKDIR: its path is NULL and
 * the copy of it fails); ours EINVAL, the code for a malformed request. */
START_TEST(test_xendiff_wrong_argument_count)
{
	struct xs_conn *c;

	t_store(NULL);
	c = t_dom0();
	t_write(c, 0, "/a", "v");
	ck_assert_str_eq(t_raw(c, XS_READ, 0, "/a\0", 4), "!EINVAL");
	ck_assert_str_eq(t_raw(c, XS_RM, 0, "/a\0extra", 9), "!EINVAL");
	ck_assert_str_eq(t_raw(c, XS_MKDIR, 0, "", 0), "!EINVAL");
	ck_assert_str_eq(t_read(c, 0, "/a"), "v");
	t_store_free();
}
END_TEST

Suite *suite_xendiff(void)
{
	Suite *s = suite_create("xendiff");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_xendiff_domid_not_a_number);
	tcase_add_test(tc, test_xendiff_directory_part_offset_not_a_number);
	tcase_add_test(tc, test_xendiff_wrong_argument_count);
	suite_add_tcase(s, tc);
	return s;
}

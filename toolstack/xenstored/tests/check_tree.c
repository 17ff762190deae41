/* The tree, paths and permissions, through the request dispatcher. */
#include <string.h>

#include "check_util.h"
#include "xs_path.h"
#include "xs_perms.h"

START_TEST(test_paths)
{
	char out[XS_PATH_BUF];
	char longp[XENSTORE_ABS_PATH_MAX + 10];
	const size_t MAX = XENSTORE_REL_PATH_MAX;

	ck_assert_int_eq(xs_path_canon("device/vif", 5, false, MAX, out), 0);
	ck_assert_str_eq(out, "/local/domain/5/device/vif");
	ck_assert_int_eq(xs_path_canon("/", 0, false, MAX, out), 0);
	ck_assert_int_eq(xs_path_canon("/a//b", 0, false, MAX, out), EINVAL);
	ck_assert_int_eq(xs_path_canon("/a/", 0, false, MAX, out), EINVAL);
	ck_assert_int_eq(xs_path_canon("/a b", 0, false, MAX, out), EINVAL);
	ck_assert_int_eq(xs_path_canon("", 0, false, MAX, out), EINVAL);
	ck_assert_int_eq(xs_path_canon("@releaseDomain", 0, false, MAX, out),
			 EINVAL);
	ck_assert_int_eq(xs_path_canon("@releaseDomain", 0, true, MAX, out), 0);
	ck_assert_int_eq(xs_path_canon("@other", 0, true, MAX, out), EINVAL);
	memset(longp, 'a', sizeof(longp));
	longp[0] = '/';
	longp[sizeof(longp) - 1] = '\0';
	ck_assert_int_eq(xs_path_canon(longp, 0, false, MAX, out), EINVAL);
	ck_assert_int_eq(xs_path_canon("/abcdef", 0, false, 4, out), EINVAL);
	ck_assert(xs_path_is_under("/a/b", "/a"));
	ck_assert(xs_path_is_under("/a", "/a"));
	ck_assert(!xs_path_is_under("/ab", "/a"));
	ck_assert(xs_path_is_under("/ab", "/"));
}
END_TEST

START_TEST(test_perms_codec)
{
	const char *in[] = { "n0", "r5", "w6", "b7" };
	struct xs_perm p[4];
	char buf[64];
	size_t len;

	ck_assert_int_eq(xs_perms_parse(in, 4, p), 0);
	ck_assert_uint_eq(p[1].perm, XS_PERM_READ);
	ck_assert_uint_eq(p[3].domid, 7);
	len = xs_perms_format(p, 4, buf, sizeof(buf));
	ck_assert_uint_eq(len, 12);
	ck_assert_int_eq(memcmp(buf, "n0\0r5\0w6\0b7\0", 12), 0);
	ck_assert_uint_eq(xs_perms_for(p, 4, 0, -1), XS_PERM_BOTH); /* owner */
	ck_assert_uint_eq(xs_perms_for(p, 4, 6, -1), XS_PERM_WRITE);
	ck_assert_uint_eq(xs_perms_for(p, 4, 9, -1), XS_PERM_NONE);
	const char *bad[] = { "x1" }, *bad2[] = { "r" }, *bad3[] = { "r99999" };
	ck_assert_int_eq(xs_perms_parse(bad, 1, p), EINVAL);
	ck_assert_int_eq(xs_perms_parse(bad2, 1, p), EINVAL);
	ck_assert_int_eq(xs_perms_parse(bad3, 1, p), EINVAL);
}
END_TEST

START_TEST(test_basic_ops)
{
	struct xs_conn *c;

	t_store(NULL);
	c = t_dom0();
	ck_assert_str_eq(t_write(c, 0, "/a/b/c", "v"), "OK|");
	ck_assert_str_eq(t_read(c, 0, "/a/b/c"), "v");
	ck_assert_str_eq(t_read(c, 0, "/a/b"), "");
	ck_assert_str_eq(t_call(c, XS_DIRECTORY, 0, "/a", NULL), "b|");
	ck_assert_str_eq(t_call(c, XS_MKDIR, 0, "/a/d", NULL), "OK|");
	ck_assert_str_eq(t_call(c, XS_MKDIR, 0, "/a/d", NULL), "OK|");
	ck_assert_str_eq(t_call(c, XS_DIRECTORY, 0, "/a", NULL), "b|d|");
	ck_assert_str_eq(t_read(c, 0, "/nope"), "!ENOENT");
	ck_assert_str_eq(t_call(c, XS_RM, 0, "/a/b", NULL), "OK|");
	ck_assert_str_eq(t_read(c, 0, "/a/b/c"), "!ENOENT");
	/* rm of a missing node is fine when its parent exists */
	ck_assert_str_eq(t_call(c, XS_RM, 0, "/a/zz", NULL), "OK|");
	ck_assert_str_eq(t_call(c, XS_RM, 0, "/q/zz", NULL), "!ENOENT");
	ck_assert_str_eq(t_call(c, XS_RM, 0, "/", NULL), "!EINVAL");
	ck_assert_str_eq(t_write(c, 0, "bad//path", "v"), "!EINVAL");
	ck_assert_str_eq(t_call(c, XS_GET_DOMAIN_PATH, 0, "7", NULL),
			 "/local/domain/7|");
	ck_assert_str_eq(t_call(c, XS_IS_DOMAIN_INTRODUCED, 0, "7", NULL), "F|");
	ck_assert_str_eq(t_call(c, XS_IS_DOMAIN_INTRODUCED, 0, "0", NULL), "T|");
	t_store_free();
}
END_TEST

START_TEST(test_directory_part)
{
	struct xs_conn *c;
	const char *r;

	t_store(NULL);
	c = t_dom0();
	t_write(c, 0, "/d/aa", "");
	t_write(c, 0, "/d/bb", "");
	r = t_call(c, XS_DIRECTORY_PART, 0, "/d", "0");
	/* generation, then the names, then an empty string: the end */
	ck_assert_msg(strstr(r, "|aa|bb||") != NULL, "got %s", r);
	r = t_call(c, XS_DIRECTORY_PART, 0, "/d", "3");
	ck_assert_msg(strstr(r, "|bb||") != NULL, "got %s", r);
	t_store_free();
}
END_TEST

START_TEST(test_permissions)
{
	struct xs_conn *d0, *u5, *u6;

	t_store(NULL);
	u5 = t_domain(5);
	u6 = t_domain(6);
	d0 = t_dom0();
	t_write(d0, 0, "/secret", "x");
	ck_assert_str_eq(t_read(u5, 0, "/secret"), "!EACCES");
	ck_assert_str_eq(t_write(u5, 0, "/secret", "y"), "!EACCES");
	ck_assert_str_eq(t_call(d0, XS_SET_PERMS, 0, "/secret", "r5"), "OK|");
	ck_assert_str_eq(t_call(d0, XS_GET_PERMS, 0, "/secret", NULL), "r5|");
	/* r5 makes 5 the owner: the owner may do anything */
	ck_assert_str_eq(t_read(u5, 0, "/secret"), "x");
	ck_assert_str_eq(t_read(u6, 0, "/secret"), "x"); /* default r */
	ck_assert_str_eq(t_write(u6, 0, "/secret", "z"), "!EACCES");
	/* a domain's new nodes are its own and inherit the parent's ACL */
	ck_assert_str_eq(t_write(u5, 0, "data/k", "v"), "OK|");
	ck_assert_str_eq(t_call(d0, XS_GET_PERMS, 0,
				"/local/domain/5/data/k", NULL), "n5|");
	ck_assert_str_eq(t_read(u6, 0, "/local/domain/5/data/k"), "!EACCES");
	ck_assert_str_eq(t_write(u6, 0, "/local/domain/5/x", "v"), "!EACCES");
	/* only dom0 gives nodes away */
	ck_assert_str_eq(t_call(u5, XS_SET_PERMS, 0, "data/k", "n6"), "!EPERM");
	ck_assert_str_eq(t_call(u5, XS_SET_PERMS, 0, "data/k", "n5"), "OK|");
	/* a grant names one domain */
	t_write(d0, 0, "/shared", "s");
	ck_assert_str_eq(t_call3(d0, XS_SET_PERMS, 0, "/shared", "n0", "r6"),
			 "OK|");
	ck_assert_str_eq(t_read(u6, 0, "/shared"), "s");
	ck_assert_str_eq(t_read(u5, 0, "/shared"), "!EACCES");
	ck_assert_str_eq(t_write(u6, 0, "/shared", "t"), "!EACCES");
	/* unprivileged domains may not introduce or release */
	ck_assert_str_eq(t_call(u5, XS_RELEASE, 0, "6", NULL), "!EACCES");
	t_store_free();
}
END_TEST

START_TEST(test_set_target)
{
	struct xs_conn *d0, *u5, *u6;

	t_store(NULL);
	u5 = t_domain(5);
	u6 = t_domain(6);
	d0 = t_dom0();
	t_write(u5, 0, "mine", "m");
	ck_assert_str_eq(t_read(u6, 0, "/local/domain/5/mine"), "!EACCES");
	ck_assert_str_eq(t_call(d0, XS_SET_TARGET, 0, "6", "5"), "OK|");
	ck_assert_str_eq(t_read(u6, 0, "/local/domain/5/mine"), "m");
	ck_assert_str_eq(t_write(u6, 0, "/local/domain/5/mine", "x"), "OK|");
	/* Xen takes the first entry naming the domain or its target, it
	 * does not OR them: here r5 comes first, so 6 may only read */
	t_write(d0, 0, "/shared", "s");
	t_call3(d0, XS_SET_PERMS, 0, "/shared", "n0", "r5");
	ck_assert_str_eq(t_raw(d0, XS_SET_PERMS, 0, "/shared\0n0\0r5\0w6", 17),
			 "OK|");
	ck_assert_str_eq(t_call(d0, XS_GET_PERMS, 0, "/shared", NULL),
			 "n0|r5|w6|");
	ck_assert_str_eq(t_read(u6, 0, "/shared"), "s");
	ck_assert_str_eq(t_write(u6, 0, "/shared", "x"), "!EACCES");
	ck_assert_str_eq(t_call(d0, XS_SET_TARGET, 0, "9", "5"), "!ENOENT");
	/* Xen's do_set_target wants the target introduced too */
	ck_assert_str_eq(t_call(d0, XS_SET_TARGET, 0, "6", "9"), "!ENOENT");
	ck_assert_str_eq(t_read(u6, 0, "/local/domain/5/mine"), "x");
	t_store_free();
}
END_TEST

/* XSA-322: grants naming a domain that went away are ignored, so the
 * next domain with the same id gets nothing from them. */
START_TEST(test_xsa322_dead_domain_grants_ignored)
{
	struct xs_conn *d0, *u;

	t_store(NULL);
	d0 = t_dom0();
	t_write(d0, 0, "/data/secret", "s");
	t_call3(d0, XS_SET_PERMS, 0, "/data/secret", "n0", "b5");
	t_call3(d0, XS_SET_PERMS, 0, "@releaseDomain", "n0", "r5");
	u = t_domain(5);
	ck_assert_str_eq(t_read(u, 0, "/data/secret"), "s");
	xs_store_domain_gone(t_s, 5);
	/* Xen lists an ignored entry (perms_to_strings) */
	ck_assert_str_eq(t_call(d0, XS_GET_PERMS, 0, "/data/secret", NULL),
			 "n0|b5|");
	ck_assert_str_eq(t_call(d0, XS_GET_PERMS, 0, "@releaseDomain", NULL),
			 "n0|");
	u = t_domain(5);
	ck_assert_str_eq(t_read(u, 0, "/data/secret"), "!EACCES");
	ck_assert_str_eq(t_write(u, 0, "/data/secret", "x"), "!EACCES");
	/* nor does it hear of other domains going away */
	ck_assert_str_eq(t_call(u, XS_WATCH, 0, "@releaseDomain", "r"), "OK|");
	t_no_events(u);
	t_domain(9);
	xs_store_domain_gone(t_s, 9);
	ck_assert_ptr_null(t_event(u));
	/* a grant made for the new domain works */
	t_call3(d0, XS_SET_PERMS, 0, "/data/secret", "n0", "r5");
	ck_assert_str_eq(t_read(u, 0, "/data/secret"), "s");
	t_store_free();
}
END_TEST

Suite *suite_tree(void)
{
	Suite *s = suite_create("tree");
	TCase *tc = tcase_create("tree");

	tcase_add_test(tc, test_paths);
	tcase_add_test(tc, test_perms_codec);
	tcase_add_test(tc, test_basic_ops);
	tcase_add_test(tc, test_directory_part);
	tcase_add_test(tc, test_permissions);
	tcase_add_test(tc, test_set_target);
	tcase_add_test(tc, test_xsa322_dead_domain_grants_ignored);
	suite_add_tcase(s, tc);
	return s;
}

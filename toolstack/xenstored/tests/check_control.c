/* XS_CONTROL: the commands xenstore-control sends, with Xen 4.17's
 * reply texts. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check_util.h"

static const char *ctl(struct xs_conn *c, const char *a1, const char *a2,
		       const char *a3)
{
	return t_call3(c, XS_CONTROL, 0, a1, a2, a3);
}

START_TEST(test_quota_commands)
{
	struct xs_conn *d0, *u;

	t_store(NULL);
	d0 = t_dom0();
	ck_assert_str_eq(ctl(d0, "quota", NULL, NULL),
		"Quota settings:\n"
		"nodes            :     1000 Nodes per domain\n"
		"watches          :      128 Watches per domain\n"
		"transactions     :       10 Transactions per domain\n"
		"outstanding      :       20 Outstanding requests per domain\n"
		"transaction-nodes:     1024 Max. number of accessed nodes per "
		"transaction\n"
		"memory           :  2621440 Total Xenstore memory per domain "
		"(error level)\n"
		"node-size        :     2048 Max. size of a node\n"
		"path-max         :     2048 Max. length of a node path\n"
		"permissions      :        5 Max. number of permissions per "
		"node\n|");
	ck_assert_str_eq(ctl(d0, "quota", "set", "nodes"), "!EINVAL");
	ck_assert_str_eq(t_raw(d0, XS_CONTROL, 0, "quota\0set\0nodes\0" "3\0",
			       18), "OK|");
	ck_assert_uint_eq(t_s->q.nodes, 3);
	ck_assert_str_eq(t_raw(d0, XS_CONTROL, 0, "quota\0set\0nodes\0" "0\0",
			       18), "!EINVAL");
	ck_assert_str_eq(t_raw(d0, XS_CONTROL, 0, "quota\0set\0memory\0" "9\0",
			       19), "OK|");
	ck_assert_uint_eq(t_s->q.memory, 9);
	ck_assert_str_eq(t_raw(d0, XS_CONTROL, 0, "quota\0set\0events\0" "9\0",
			       19), "!EINVAL");
	t_s->q.memory = 2621440;
	/* per domain: what it uses */
	u = t_domain(4);
	t_write(u, 0, "a", "1");
	t_call(u, XS_WATCH, 0, "a", "t");
	t_txn(u);
	ck_assert_str_eq(ctl(d0, "quota", "4", NULL),
		"Domain 4:\n"
		"nodes           :        2\n"
		"watches         :        1\n"
		"transactions    :        1\n"
		"outstanding     :        0\n"
		/* Xen's charges: home (path 15, record 24 + 8, child "a" 2),
		 * a (17 + 24 + 8 + value 1), watch (path 17 + token 1) */
		"memory          :      117\n|");
	ck_assert_str_eq(ctl(d0, "quota", "7", NULL), "!ENOENT");
	ck_assert_str_eq(ctl(d0, "quota-soft", NULL, NULL),
			 "Quota settings:\n"
			 "memory           :  2097152 Total Xenstore memory per "
			 "domain (warning level)\n|");
	ck_assert_str_eq(ctl(d0, "quota-soft", "4", NULL), "!EINVAL");
	ck_assert_str_eq(t_raw(d0, XS_CONTROL, 0,
			       "quota-soft\0set\0memory\0" "5000\0", 27), "OK|");
	ck_assert_uint_eq(t_s->q.memory_soft, 5000);
	ck_assert_str_eq(t_raw(d0, XS_CONTROL, 0,
			       "quota-soft\0set\0nodes\0" "5\0", 23), "!EINVAL");
	/* only dom0 may */
	ck_assert_str_eq(ctl(u, "quota", NULL, NULL), "!EACCES");
	t_store_free();
}
END_TEST

/* xenstore-control check: Xen's check_store logs and repairs what is
 * wrong; ours finds wrong accounting and puts the recount in place. */
START_TEST(test_check_command)
{
	struct xs_conn *d0, *u;
	struct xs_node *n;
	unsigned nodes;
	size_t mem, mem0, nmem;

	t_store(NULL);
	d0 = t_dom0();
	u = t_domain(4);
	t_write(u, 0, "a/b", "12345");
	t_call3(d0, XS_SET_PERMS, 0, "/local/domain/4/a", "n0", "r4");
	nodes = xs_tree_owned(t_s->tree, 4);
	mem = xs_tree_mem(t_s->tree, 4);
	mem0 = xs_tree_mem(t_s->tree, 0);
	ck_assert_uint_eq(mem, t_recount_mem(4));
	ck_assert_uint_eq(xs_store_check(t_s), 0);
	ck_assert_str_eq(ctl(d0, "check", NULL, NULL), "OK|");
	ck_assert_str_eq(ctl(d0, "check", "now", NULL), "!EINVAL");
	ck_assert_uint_eq(xs_tree_owned(t_s->tree, 4), nodes);
	ck_assert_uint_eq(xs_tree_mem(t_s->tree, 4), mem);
	ck_assert_uint_eq(xs_tree_mem(t_s->tree, 0), mem0);
	/* break the accounts: a node's charge, an owner's counts */
	n = xs_tree_lookup(t_s->tree, "/local/domain/4/a/b");
	nmem = n->mem;
	n->mem += 7;
	for (unsigned i = 0; i < t_s->tree->nacct; i++)
		if (t_s->tree->acct[i].domid == 4)
			t_s->tree->acct[i].nodes += 3;
	ck_assert_uint_eq(xs_store_check(t_s), 2);
	ck_assert_uint_eq(n->mem, nmem);
	ck_assert_uint_eq(xs_tree_owned(t_s->tree, 4), nodes);
	ck_assert_uint_eq(xs_tree_mem(t_s->tree, 4), mem);
	ck_assert_uint_eq(xs_tree_mem(t_s->tree, 0), mem0);
	ck_assert_uint_eq(xs_store_check(t_s), 0);
	t_store_free();
}
END_TEST

START_TEST(test_log_commands)
{
	char dir[] = "/tmp/xsctlXXXXXX", trace[64], rep[64], line[256];
	struct xs_conn *d0;
	FILE *f;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(trace, sizeof(trace), "%s/trace", dir);
	snprintf(rep, sizeof(rep), "%s/report", dir);
	t_store(NULL);
	d0 = t_dom0();
	/* memreport with nowhere to write: Xen's EBADF, which xsd_errors
	 * lacks, so the wire says EINVAL as Xen's send_error does */
	ck_assert_str_eq(ctl(d0, "memreport", NULL, NULL), "!EINVAL");
	ck_assert_str_eq(ctl(d0, "memreport", rep, NULL), "OK|");
	f = fopen(rep, "r");
	ck_assert_ptr_nonnull(f);
	ck_assert_ptr_nonnull(fgets(line, sizeof(line), f));
	ck_assert_ptr_nonnull(strstr(line, "nodes 5,"));
	fclose(f);
	ck_assert_str_eq(ctl(d0, "logfile", trace, NULL), "OK|");
	ck_assert_ptr_nonnull(t_s->trace);
	ck_assert_str_eq(ctl(d0, "log", "off", NULL), "OK|");
	ck_assert_ptr_null(t_s->trace);
	ck_assert_str_eq(ctl(d0, "log", "on", NULL), "OK|");
	ck_assert_ptr_nonnull(t_s->trace);
	ck_assert_str_eq(ctl(d0, "log", "maybe", NULL), "!EINVAL");
	ck_assert_str_eq(ctl(d0, "memreport", NULL, NULL), "OK|");
	ck_assert_str_eq(ctl(d0, "print", "hello", NULL), "OK|");
	ck_assert_str_eq(ctl(d0, "frobnicate", NULL, NULL), "!EINVAL");
	ck_assert_str_eq(ctl(d0, "help", NULL, NULL),
		"check\t\nlog\ton|off\nlogfile\t<file>\nmemreport\t[<file>]\n"
		"print\t<string>\nquota\t[set <name> <val>|<domid>]\n"
		"quota-soft\t[set <name> <val>]\nhelp\t\n|");
	t_store_free(); /* closes the trace */
	f = fopen(trace, "r");
	ck_assert_ptr_nonnull(f);
	ck_assert_ptr_nonnull(fgets(line, sizeof(line), f));
	fclose(f);
	unlink(trace);
	unlink(rep);
	rmdir(dir);
}
END_TEST

Suite *suite_control(void)
{
	Suite *s = suite_create("control");
	TCase *tc = tcase_create("control");

	tcase_add_test(tc, test_quota_commands);
	tcase_add_test(tc, test_log_commands);
	tcase_add_test(tc, test_check_command);
	suite_add_tcase(s, tc);
	return s;
}

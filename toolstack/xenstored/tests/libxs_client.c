/* Wire compatibility: drives our daemon through Debian's libxenstore
 * (the library xl, xenstore-* and qemu use) and prints TAP. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xenstore.h>

static int n_test, n_fail;

static void ok(int cond, const char *what)
{
	n_test++;
	if (!cond)
		n_fail++;
	printf("%s %d - libxenstore: %s\n", cond ? "ok" : "not ok", n_test,
	       what);
}

static int read_is(struct xs_handle *h, xs_transaction_t t, const char *p,
		   const char *want)
{
	unsigned len;
	char *v = xs_read(h, t, p, &len);
	int same = v && len == strlen(want) && !memcmp(v, want, len);

	free(v);
	return same;
}

static void test_basic(struct xs_handle *h)
{
	unsigned n;
	char **dir;

	ok(xs_write(h, XBT_NULL, "/lib/a", "1", 1), "write");
	ok(read_is(h, XBT_NULL, "/lib/a", "1"), "read back");
	ok(xs_mkdir(h, XBT_NULL, "/lib/b"), "mkdir");
	dir = xs_directory(h, XBT_NULL, "/lib", &n);
	ok(dir && n == 2 && !strcmp(dir[0], "a") && !strcmp(dir[1], "b"),
	   "directory");
	free(dir);
	ok(xs_rm(h, XBT_NULL, "/lib/b"), "rm");
	ok(!xs_read(h, XBT_NULL, "/lib/b", &n) && errno == ENOENT,
	   "read of removed node: ENOENT");
}

static void test_perms(struct xs_handle *h)
{
	struct xs_permissions set[2] = { { 0, XS_PERM_NONE },
					 { 3, XS_PERM_READ } };
	struct xs_permissions *got;
	unsigned n;

	ok(xs_set_permissions(h, XBT_NULL, "/lib/a", set, 2), "set perms");
	got = xs_get_permissions(h, XBT_NULL, "/lib/a", &n);
	ok(got && n == 2 && got[1].id == 3 && got[1].perms == XS_PERM_READ,
	   "get perms");
	free(got);
}

static void test_transactions(struct xs_handle *h, struct xs_handle *h2)
{
	xs_transaction_t t = xs_transaction_start(h);

	ok(t != XBT_NULL, "transaction start");
	ok(read_is(h, t, "/lib/a", "1"), "read in transaction");
	xs_write(h, t, "/lib/a", "2", 1);
	ok(read_is(h2, XBT_NULL, "/lib/a", "1"), "isolated until commit");
	xs_write(h2, XBT_NULL, "/lib/a", "3", 1);
	ok(!xs_transaction_end(h, t, false) && errno == EAGAIN,
	   "conflicting commit: EAGAIN");
	t = xs_transaction_start(h);
	xs_write(h, t, "/lib/a", "4", 1);
	ok(xs_transaction_end(h, t, false), "retried commit");
	ok(read_is(h2, XBT_NULL, "/lib/a", "4"), "commit visible");
}

static void test_watch(struct xs_handle *h, struct xs_handle *h2)
{
	unsigned n;
	char **ev;

	ok(xs_watch(h, "/lib", "tok"), "watch");
	ev = xs_read_watch(h, &n);   /* the initial event */
	ok(ev && !strcmp(ev[XS_WATCH_PATH], "/lib") &&
	   !strcmp(ev[XS_WATCH_TOKEN], "tok"), "initial watch event");
	free(ev);
	xs_write(h2, XBT_NULL, "/lib/c", "x", 1);
	ev = xs_read_watch(h, &n);
	ok(ev && !strcmp(ev[XS_WATCH_PATH], "/lib/c"), "watch fires");
	free(ev);
	ok(xs_unwatch(h, "/lib", "tok"), "unwatch");
	ok(xs_watch(h, "@releaseDomain", "rel"), "watch @releaseDomain");
}

static void test_domains(struct xs_handle *h)
{
	char *path = xs_get_domain_path(h, 7);

	ok(path && !strcmp(path, "/local/domain/7"), "get domain path");
	free(path);
	ok(!xs_is_domain_introduced(h, 7), "domain 7 not introduced");
	ok(xs_is_domain_introduced(h, 0), "dom0 is introduced");
}

/* clients.sh starts the daemon with -Q memory=123456
 * -Q transaction-nodes=77 -q memory=100000 -M 4000: Xen's options, -M
 * capped at XENSTORE_REL_PATH_MAX. */
static void test_control(struct xs_handle *h)
{
	char *hard = xs_control_command(h, "quota", NULL, 0);
	char *soft = xs_control_command(h, "quota-soft", NULL, 0);

	ok(hard && strstr(hard, "memory           :   123456 "),
	   "-Q memory= sets the memory quota");
	ok(hard && strstr(hard, "transaction-nodes:       77 "),
	   "-Q transaction-nodes= sets the transaction node quota");
	ok(hard && strstr(hard, "path-max         :     2048 "),
	   "-M is capped at 2048");
	ok(soft && strstr(soft, "memory           :   100000 "),
	   "-q memory= sets the soft memory quota");
	free(hard);
	free(soft);
}

int main(void)
{
	struct xs_handle *h = xs_open(XS_OPEN_SOCKETONLY);
	struct xs_handle *h2 = xs_open(XS_OPEN_SOCKETONLY);

	if (!h || !h2) {
		printf("Bail out! cannot connect to %s\n",
		       getenv("XENSTORED_PATH"));
		return 1;
	}
	test_basic(h);
	test_perms(h);
	test_transactions(h, h2);
	test_watch(h, h2);
	test_domains(h);
	test_control(h);
	xs_close(h);
	xs_close(h2);
	printf("1..%d\n", n_test);
	return n_fail != 0;
}

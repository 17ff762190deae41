/* xm's side of the socket (src/xm_client.c) against a stand-in xend: a
 * forked child that answers one canned line. What it proves: xend's
 * errors become xm 4.1's messages and statuses, a socket xm may not open
 * is a clear refusal, no xend is "Is xend running?", garbage is named. */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check_xm.h"
#include "xm_client.h"

char dir[64], sock[96];
static char conf[96];

/* A config naming our socket, as XEND_CONFIG for xm. */
void setup(void)
{
    FILE *f;

    strcpy(dir, "/tmp/xm-test-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(sock, sizeof(sock), "%s/xend-socket", dir);
    snprintf(conf, sizeof(conf), "%s/xend-config.sxp", dir);
    f = fopen(conf, "w");
    fprintf(f, "(xend-unix-server yes)\n(xend-unix-path %s)\n", sock);
    fclose(f);
    setenv("XEND_CONFIG", conf, 1);
}

void teardown(void)
{
    char req[128];
    snprintf(req, sizeof(req), "%s/request", dir);
    unlink(req);
    unlink(sock);
    unlink(conf);
    rmdir(dir);
}

pid_t serve_once(const char *reply, mode_t mode)
{
    struct sockaddr_un sa = { .sun_family = AF_UNIX };
    int lfd = socket(AF_UNIX, SOCK_STREAM, 0);
    pid_t pid;

    strcpy(sa.sun_path, sock);
    ck_assert_int_eq(bind(lfd, (struct sockaddr *)&sa, sizeof(sa)), 0);
    ck_assert_int_eq(chmod(sock, mode), 0);
    ck_assert_int_eq(listen(lfd, 4), 0);
    pid = fork();
    if (pid == 0) {
        char buf[4096], path[128];
        int fd = accept(lfd, NULL, NULL);
        ssize_t n = fd >= 0 ? read(fd, buf, sizeof(buf)) : -1;
        if (n > 0) {
            FILE *f;
            snprintf(path, sizeof(path), "%s/request", dir);
            if ((f = fopen(path, "w"))) {
                fwrite(buf, 1, (size_t)n, f);
                fclose(f);
            }
        }
        if (n > 0 && write(fd, reply, strlen(reply)) < 0)
            _exit(1);
        _exit(0);
    }
    close(lfd);
    return pid;
}

/* Runs xm_call on a list request in a child whose stderr goes to *err;
 * as nobody when drop is set. Returns the status xm would exit with. */
static int call_req(const struct xend_request *req, bool drop, char *err,
                    size_t errlen);
static int call(bool drop, char *err, size_t errlen)
{
    struct xend_request req = { .op = XEND_OP_LIST };
    return call_req(&req, drop, err, errlen);
}

static int call_req(const struct xend_request *req, bool drop, char *err,
                    size_t errlen)
{
    int p[2], st;
    pid_t pid;
    ssize_t n;

    ck_assert_int_eq(pipe(p), 0);
    pid = fork();
    if (pid == 0) {
        struct xend_reply r;
        int rc;
        dup2(p[1], 2);
        if (drop && geteuid() == 0 && setresuid(65534, 65534, 65534) < 0)
            _exit(99);
        rc = xm_call(req, &r);
        if (rc == 0 && r.err)
            rc = xm_report_error(&r);
        _exit(rc);
    }
    close(p[1]);
    n = read(p[0], err, errlen - 1);
    err[n > 0 ? n : 0] = '\0';
    close(p[0]);
    ck_assert_int_eq(waitpid(pid, &st, 0), pid);
    return WEXITSTATUS(st);
}

START_TEST(test_no_such_domain)
{
    char err[512];
    pid_t s = serve_once("(error ESRCH 'Domain \\'x\\' does not exist.' x)\n", 0600);

    ck_assert_int_eq(call(false, err, sizeof(err)), 3);
    ck_assert_str_eq(err, "Error: Domain 'x' does not exist.\n");
    waitpid(s, NULL, 0);
}
END_TEST

START_TEST(test_other_error)
{
    char err[512];
    pid_t s = serve_once("(error ENOSYS 'request: unknown operation')\n", 0600);

    ck_assert_int_eq(call(false, err, sizeof(err)), 1);
    ck_assert_str_eq(err, "Error: request: unknown operation\n");
    waitpid(s, NULL, 0);
}
END_TEST

START_TEST(test_refused_by_permissions)
{
    char err[512];
    /* Root passes any mode, so the caller becomes nobody; a non-root
     * tester is kept out by mode 0 on its own socket. */
    pid_t s = serve_once("(ok (domains))\n", 0);

    ck_assert_int_eq(chmod(dir, 0755), 0);
    ck_assert_int_eq(call(true, err, sizeof(err)), 1);
    ck_assert_msg(strstr(err, "Permission denied") &&
                  strstr(err, "Most commands need root access"), "%s", err);
    kill(s, SIGKILL);
    waitpid(s, NULL, 0);
}
END_TEST

START_TEST(test_no_xend)
{
    char err[512];

    ck_assert_int_eq(call(false, err, sizeof(err)), 1);
    ck_assert_msg(strstr(err, "Unable to connect to xend") && strstr(err, "Is xend running?"),
                  "%s", err);
}
END_TEST

START_TEST(test_garbage_reply)
{
    char err[512];
    pid_t s = serve_once("HTTP/1.0 200 OK\n", 0600);

    ck_assert_int_eq(call(false, err, sizeof(err)), 1);
    ck_assert_msg(strstr(err, "Error: xend's reply is malformed"), "%s", err);
    waitpid(s, NULL, 0);
}
END_TEST

START_TEST(test_refused_mid_request)
{
    /* xend reads the start of an over-long request, answers and closes:
     * xm must not die of SIGPIPE but show xend's reason. */
    static char name[1000];
    static char *names[2000];   /* 2 MB: more than a socket buffer holds */
    struct xend_request req = { .op = XEND_OP_LIST, .domains = names, .n_domains = 2000 };
    char err[512];
    pid_t s = serve_once("(error E2BIG 'request too long')\n", 0600);

    memset(name, 'a', sizeof(name) - 1);
    for (int i = 0; i < 2000; i++)
        names[i] = name;
    ck_assert_int_eq(call_req(&req, false, err, sizeof(err)), 1);
    ck_assert_str_eq(err, "Error: request too long\n");
    waitpid(s, NULL, 0);
}
END_TEST

TCase *client_tcase(void)
{
    TCase *tc = tcase_create("client");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_no_such_domain);
    tcase_add_test(tc, test_other_error);
    tcase_add_test(tc, test_refused_by_permissions);
    tcase_add_test(tc, test_no_xend);
    tcase_add_test(tc, test_garbage_reply);
    tcase_add_test(tc, test_refused_mid_request);
    return tc;
}

/* xend's socket server (src/xend_server.c) without Xen: a handler that
 * only parses requests stands in for libxenctrl. What it proves: the
 * socket is born 0600, a stalled or malformed client holds up no other,
 * an over-long request is refused, a request without its '\n' is served
 * when the client stops writing. */
#include <check.h>
#include <stdbool.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check_xend.h"
#include "daemon_log.h"
#include "xend_api.h"
#include "xend_server.h"

static char dir[64], path[96];
static pid_t server;
static int stop_fd;

static char *echo_handler(void *ctx, uid_t uid, const char *text, size_t len)
{
    struct xend_request req;
    struct sxp v;
    char *why, *reply;
    int rc = xend_request_parse(text, len, &req, &why);

    (void)ctx;
    (void)uid;
    /* (dmesg) stands for a slow request (a Linux build): longer than a
     * client's CLIENT_SECONDS (2 in this build). */
    if (rc == 0 && req.op == XEND_OP_DMESG)
        sleep(3);
    if (rc < 0) {
        reply = xend_reply_error(-rc, why, NULL);
        free(why);
        return reply;
    }
    sxp_list_new(&v, req.op == XEND_OP_INFO ? "node" : "domains");
    reply = xend_reply_ok(&v);
    sxp_free(&v);
    xend_request_free(&req);
    return reply;
}

static void start_server(void)
{
    int p[2], lfd;

    strcpy(dir, "/tmp/xend-test-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(path, sizeof(path), "%s/xend-socket", dir);
    daemon_log_setup(NULL, DLOG_ERR + 1, "xend-test");
    lfd = xend_server_listen(path);
    ck_assert_int_ge(lfd, 0);
    ck_assert_int_eq(pipe(p), 0);
    server = fork();
    ck_assert_int_ge(server, 0);
    if (server == 0) {
        close(p[1]);
        xend_server_run(lfd, p[0], NULL, 0, echo_handler, NULL);
        _exit(0);
    }
    close(p[0]);
    close(lfd);
    stop_fd = p[1];
}

static void stop_server(void)
{
    int st;

    ck_assert_int_eq(write(stop_fd, "x", 1), 1);
    ck_assert_int_eq(waitpid(server, &st, 0), server);
    ck_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0);
    close(stop_fd);
    unlink(path);
    rmdir(dir);
}

static int dial(void)
{
    struct sockaddr_un sa = { .sun_family = AF_UNIX };
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);

    strcpy(sa.sun_path, path);
    ck_assert_int_eq(connect(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
    return fd;
}

/* The reply, read within ms milliseconds (NULL if none came). */
static char *reply_within(int fd, int ms)
{
    static char buf[8192];
    size_t n = 0;

    for (;;) {
        struct pollfd p = { .fd = fd, .events = POLLIN };
        ssize_t r;
        if (poll(&p, 1, ms) <= 0)
            return NULL;
        r = read(fd, buf + n, sizeof(buf) - 1 - n);
        if (r <= 0)
            break;
        n += (size_t)r;
        if (memchr(buf, '\n', n))
            break;
    }
    buf[n] = '\0';
    return n ? buf : NULL;
}

START_TEST(test_socket_mode)
{
    struct stat st;

    start_server();
    ck_assert_int_eq(stat(path, &st), 0);
    ck_assert(S_ISSOCK(st.st_mode));
    ck_assert_uint_eq(st.st_mode & 07777, 0600);
    stop_server();
}
END_TEST

START_TEST(test_stalled_client_blocks_nobody)
{
    int slow, bad, good;
    char *r;

    start_server();
    slow = dial();
    ck_assert_int_eq(write(slow, "(li", 3), 3);          /* and then nothing */
    bad = dial();
    ck_assert_int_eq(write(bad, "(list (\n", 8), 8);
    good = dial();
    ck_assert_int_eq(write(good, "(info)\n", 7), 7);
    r = reply_within(good, 2000);
    ck_assert_ptr_nonnull(r);
    ck_assert_str_eq(r, "(ok (node))\n");
    r = reply_within(bad, 2000);
    ck_assert_ptr_nonnull(r);
    ck_assert_msg(strncmp(r, "(error EINVAL ", 14) == 0, "%s", r);
    /* The stalled one is still waited for, not answered. */
    ck_assert_ptr_null(reply_within(slow, 100));
    close(bad);
    close(good);
    /* Gone mid-request: the server answers into a closed socket, which
     * must not kill it (stop_server checks it exits cleanly). */
    close(slow);
    usleep(200 * 1000);
    stop_server();
}
END_TEST

START_TEST(test_too_long)
{
    size_t n = XEND_API_MAX_REQUEST + 4096;
    char *big = malloc(n);
    int fd;
    char *r;

    start_server();
    memset(big, ' ', n);
    fd = dial();
    /* The server may refuse and close before all of it is written. */
    signal(SIGPIPE, SIG_IGN);
    for (size_t done = 0; done < n;) {
        ssize_t w = write(fd, big + done, n - done);
        if (w <= 0)
            break;
        done += (size_t)w;
    }
    r = reply_within(fd, 2000);
    ck_assert_ptr_nonnull(r);
    ck_assert_msg(strncmp(r, "(error E2BIG ", 13) == 0, "%s", r);
    close(fd);
    free(big);
    stop_server();
}
END_TEST

/* One request to a fresh server; its reply within ms must be want. eof:
 * the request ends with the client's writes rather than a newline. */
static void expect_reply(const char *req, bool eof, int ms, const char *want)
{
    int fd;
    char *r;

    start_server();
    fd = dial();
    ck_assert_int_eq(write(fd, req, strlen(req)), (ssize_t)strlen(req));
    if (eof)
        shutdown(fd, SHUT_WR);
    r = reply_within(fd, ms);
    ck_assert_ptr_nonnull(r);
    ck_assert_str_eq(r, want);
    close(fd);
    stop_server();
}

START_TEST(test_request_ended_by_eof)
{
    expect_reply("(list)", true, 2000, "(ok (domains))\n");
}
END_TEST

/* The time the handler takes is xend's, not the client's: it still
 * gets its reply. */
START_TEST(test_slow_handler_keeps_client)
{
    expect_reply("(dmesg)\n", false, 8000, "(ok (domains))\n");
}
END_TEST

TCase *server_tcase(void)
{
    TCase *tc = tcase_create("server");

    tcase_set_timeout(tc, 20);
    tcase_add_test(tc, test_slow_handler_keeps_client);
    tcase_add_test(tc, test_socket_mode);
    tcase_add_test(tc, test_stalled_client_blocks_nobody);
    tcase_add_test(tc, test_too_long);
    tcase_add_test(tc, test_request_ended_by_eof);
    return tc;
}

/* One request per connection, all connections in one poll() loop
 * (see xend_server.h). */
#include "xend_server.h"

#include <errno.h>
#include <poll.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "daemon_log.h"
#include "xend_api.h"

#define MAX_CLIENTS 64
/* A client has this long to send its request and take its reply (the
 * server's tests shorten it). */
#ifndef CLIENT_SECONDS
#define CLIENT_SECONDS 10
#endif

struct client {
    int fd;
    uid_t uid;
    time_t deadline;
    char *in;
    size_t in_len;
    char *out;          /* reply; NULL while the request is read */
    size_t out_len, out_done;
};

int xend_server_listen(const char *path)
{
    struct sockaddr_un sa = { .sun_family = AF_UNIX };
    mode_t old;
    int fd, rc;

    if (strlen(path) >= sizeof(sa.sun_path)) {
        errno = ENAMETOOLONG;
        return -1;
    }
    strcpy(sa.sun_path, path);
    fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -1;
    unlink(path);
    /* The umask makes the socket 0600 from birth: no window in which
     * another user could connect before the chmod. */
    old = umask(0177);
    rc = bind(fd, (struct sockaddr *)&sa, sizeof(sa));
    umask(old);
    if (rc < 0 || chmod(path, 0600) < 0 || listen(fd, 16) < 0) {
        int e = errno;
        close(fd);
        errno = e;
        return -1;
    }
    return fd;
}

static time_t now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec;
}

static void drop(struct client *c)
{
    close(c->fd);
    free(c->in);
    free(c->out);
    memset(c, 0, sizeof(*c));
    c->fd = -1;
}

static void accept_one(int lfd, struct client *cl)
{
    struct ucred cred;
    socklen_t len = sizeof(cred);
    int fd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);

    if (fd < 0)
        return;
    for (int i = 0; i < MAX_CLIENTS; i++) {
        if (cl[i].fd >= 0)
            continue;
        cl[i].fd = fd;
        cl[i].uid = getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) == 0
                        ? cred.uid : (uid_t)-1;
        cl[i].deadline = now() + CLIENT_SECONDS;
        return;
    }
    close(fd);   /* not reached: the listener is not polled when full */
}

static void answer(struct client *c, xend_handler h, void *ctx, size_t len)
{
    c->out = h(ctx, c->uid, c->in, len);
    c->out_len = c->out ? strlen(c->out) : 0;
    /* Its 10 s to take the reply start now: a create that ran its
     * devices' hotplug scripts may have taken longer than that. */
    c->deadline = now() + CLIENT_SECONDS;
    if (!c->out) {
        daemon_log(DLOG_ERR, -1, "uid %d: no memory for a reply", (int)c->uid);
        drop(c);
    }
}

/* Reads what there is; answers once a line (or the end of input) is in. */
static void readable(struct client *c, xend_handler h, void *ctx)
{
    char buf[4096], *nl, *t;
    ssize_t n = read(c->fd, buf, sizeof(buf));

    if (n < 0 && (errno == EAGAIN || errno == EINTR))
        return;
    if (n <= 0) {
        if (c->in_len)
            answer(c, h, ctx, c->in_len);
        else
            drop(c);
        return;
    }
    if (c->in_len + (size_t)n > XEND_API_MAX_REQUEST) {
        daemon_log(DLOG_WARN, -1, "uid %d: request over %u bytes refused",
                   (int)c->uid, XEND_API_MAX_REQUEST);
        c->out = xend_reply_error(E2BIG, "request too long", NULL);
        c->out_len = c->out ? strlen(c->out) : 0;
        return;
    }
    t = realloc(c->in, c->in_len + (size_t)n + 1);
    if (!t) {
        drop(c);
        return;
    }
    c->in = t;
    memcpy(c->in + c->in_len, buf, (size_t)n);
    c->in_len += (size_t)n;
    c->in[c->in_len] = '\0';
    nl = memchr(c->in, '\n', c->in_len);
    if (nl)
        answer(c, h, ctx, (size_t)(nl - c->in));
}

static void writable(struct client *c)
{
    /* A client gone before its reply must not kill xend with SIGPIPE. */
    ssize_t n = send(c->fd, c->out + c->out_done, c->out_len - c->out_done,
                     MSG_NOSIGNAL);

    if (n < 0 && (errno == EAGAIN || errno == EINTR))
        return;
    if (n <= 0 || (c->out_done += (size_t)n) == c->out_len)
        drop(c);
}

#define MAX_WATCHES 4

void xend_server_run(int lfd, int sfd, const struct xend_server_watch *w, size_t n_watches,
                     xend_handler h, void *ctx)
{
    struct client cl[MAX_CLIENTS];
    struct pollfd pfd[2 + MAX_WATCHES + MAX_CLIENTS];
    int who[2 + MAX_WATCHES + MAX_CLIENTS];
    int first;

    if (n_watches > MAX_WATCHES)
        n_watches = MAX_WATCHES;
    first = 1 + (int)n_watches;

    for (int i = 0; i < MAX_CLIENTS; i++) {
        memset(&cl[i], 0, sizeof(cl[i]));
        cl[i].fd = -1;
    }
    for (;;) {
        int n = 0, busy = 0;
        time_t t = now();

        pfd[n++] = (struct pollfd){ .fd = sfd, .events = POLLIN };
        for (size_t i = 0; i < n_watches; i++)     /* fd -1: ignored by poll */
            pfd[n++] = (struct pollfd){ .fd = w[i].fd, .events = POLLIN };
        for (int i = 0; i < MAX_CLIENTS; i++) {
            if (cl[i].fd < 0)
                continue;
            busy++;
            if (t >= cl[i].deadline) {
                daemon_log(DLOG_WARN, -1, "uid %d: client too slow, dropped",
                           (int)cl[i].uid);
                drop(&cl[i]);
                continue;
            }
            who[n] = i;
            pfd[n++] = (struct pollfd){ .fd = cl[i].fd,
                                        .events = cl[i].out ? POLLOUT : POLLIN };
        }
        if (busy < MAX_CLIENTS)
            pfd[n++] = (struct pollfd){ .fd = lfd, .events = POLLIN };
        if (poll(pfd, (nfds_t)n, 1000) < 0) {
            if (errno == EINTR)
                continue;
            daemon_log(DLOG_ERR, -1, "poll: %m");
            break;
        }
        if (pfd[0].revents)
            break;
        for (size_t i = 0; i < n_watches; i++)
            if (pfd[1 + i].revents)
                w[i].ready(w[i].ctx);
        for (int k = first; k < n; k++) {
            if (!pfd[k].revents)
                continue;
            if (pfd[k].fd == lfd) {
                accept_one(lfd, cl);
                continue;
            }
            struct client *c = &cl[who[k]];
            if (c->out)
                writable(c);
            else
                readable(c, h, ctx);
        }
    }
    for (int i = 0; i < MAX_CLIENTS; i++)
        if (cl[i].fd >= 0)
            drop(&cl[i]);
}

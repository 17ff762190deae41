/* Talking to xend over its UNIX socket (see xm_client.h). */
#include "xm_client.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "xendconfig.h"

/* The socket xend serves: xend-unix-path of the config xend reads
 * (XEND_CONFIG in the environment names another file, for tests). */
static char *socket_path(void)
{
    const char *file = getenv("XEND_CONFIG");
    struct xend_config cfg;
    struct cfg_diags diags = { 0 };
    char *path = NULL;

    if (!file)
        file = "/etc/xen/xend-config.sxp";
    if (xend_config_parse_file(file, &cfg, &diags) < 0) {
        cfg_diags_print(&diags, stderr);
        fprintf(stderr, "Error: cannot read %s: no way to find xend's socket.\n", file);
    } else if (!(path = strdup(cfg.unix_path))) {
        fprintf(stderr, "Error: out of memory.\n");
    }
    xend_config_free(&cfg);
    cfg_diags_free(&diags);
    return path;
}

static int connect_to(const char *path)
{
    struct sockaddr_un sa = { .sun_family = AF_UNIX };
    int fd;

    if (strlen(path) >= sizeof(sa.sun_path)) {
        errno = ENAMETOOLONG;
        return -1;
    }
    strcpy(sa.sun_path, path);
    fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -1;
    if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
        int e = errno;
        close(fd);
        errno = e;
        return -1;
    }
    return fd;
}

static int write_all(int fd, const char *s, size_t n)
{
    while (n) {
        /* xend may refuse and close before it has all of it: no SIGPIPE,
         * its reply says why. */
        ssize_t w = send(fd, s, n, MSG_NOSIGNAL);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        s += w;
        n -= (size_t)w;
    }
    return 0;
}

/* Reads to the end of the reply line or of the stream, at most until the
 * deadline. Returns the text (malloc'd) or NULL with errno. */
static char *read_reply(int fd, int seconds, size_t *len)
{
    time_t end = time(NULL) + seconds;
    char *buf = NULL, *t;
    size_t n = 0;

    for (;;) {
        struct pollfd p = { .fd = fd, .events = POLLIN };
        int left = (int)(end - time(NULL));
        ssize_t r;

        if (left <= 0 || poll(&p, 1, left * 1000) == 0) {
            free(buf);
            errno = ETIMEDOUT;
            return NULL;
        }
        if (n + 4096 > XEND_API_MAX_REPLY || !(t = realloc(buf, n + 4097))) {
            free(buf);
            errno = E2BIG;
            return NULL;
        }
        buf = t;
        r = read(fd, buf + n, 4096);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            free(buf);
            return NULL;
        }
        n += (size_t)r;
        buf[n] = '\0';
        if (r == 0 || memchr(buf + n - (size_t)r, '\n', (size_t)r)) {
            *len = n;
            return buf;
        }
    }
}

int xm_call(const struct xend_request *req, struct xend_reply *r)
{
    char *path = socket_path(), *line = NULL, *text = NULL, *why = NULL;
    size_t len = 0;
    int fd = -1, rc = 1, sent, send_errno;
    int seconds = req->op == XEND_OP_CREATE || req->op == XEND_OP_SAVE ||
                  req->op == XEND_OP_RESTORE || req->op == XEND_OP_MIGRATE ? XM_CREATE_SECONDS : XM_REPLY_SECONDS;

    memset(r, 0, sizeof(*r));
    if (!path)
        return 1;
    fd = connect_to(path);
    if (fd < 0) {
        /* The socket's owner, group and mode are xend's access control
         * (guide 6.1.1): say so rather than leave the user guessing. */
        if (errno == EACCES || errno == EPERM)
            fprintf(stderr, "Error: Unable to connect to xend: %s (%s). "
                    "Most commands need root access. Please try again as root.\n",
                    strerror(errno), path);
        else
            fprintf(stderr, "Error: Unable to connect to xend: %s (%s). Is xend running?\n",
                    strerror(errno), path);
        goto out;
    }
    line = xend_request_format(req);
    if (!line) {
        fprintf(stderr, "Error: out of memory.\n");
        goto out;
    }
    sent = write_all(fd, line, strlen(line));
    send_errno = errno;
    shutdown(fd, SHUT_WR);
    text = read_reply(fd, seconds, &len);
    if ((!text || len == 0) && sent < 0) {
        fprintf(stderr, "Error: cannot send the request to xend: %s\n", strerror(send_errno));
        goto out;
    }
    if (!text) {
        if (errno == ETIMEDOUT)
            fprintf(stderr, "Error: xend did not answer within %d seconds.\n", seconds);
        else
            fprintf(stderr, "Error: reading xend's reply: %s\n", strerror(errno));
        goto out;
    }
    if (len == 0) {
        fprintf(stderr, "Error: xend closed the connection without a reply.\n");
        goto out;
    }
    if (xend_reply_parse(text, len, r, &why) < 0) {
        fprintf(stderr, "Error: xend's reply is malformed: %s\n", why ? why : "?");
        sxp_free(&r->doc);
        goto out;
    }
    rc = 0;
out:
    if (fd >= 0)
        close(fd);
    free(why);
    free(text);
    free(line);
    free(path);
    return rc;
}

int xm_report_error(const struct xend_reply *r)
{
    if (r->err == ESRCH && r->subject) {
        fprintf(stderr, "Error: Domain '%s' does not exist.\n", r->subject);
        return 3;   /* XendClient.ERROR_INVALID_DOMAIN, xm 4.1's status */
    }
    fprintf(stderr, "Error: %s\n", r->msg);
    return 1;
}

int xm_call_quiet(const struct xend_request *req)
{
    struct xend_reply r;
    int rc = xm_call(req, &r);

    if (rc)
        return rc;
    if (r.err)
        rc = xm_report_error(&r);
    sxp_free(&r.doc);
    return rc;
}

int xm_call_print(const struct xend_request *req, const char *cmd, const char *record,
                  char *(*format)(const struct sxp *value))
{
    struct xend_reply r;
    char *text;
    int rc = xm_call(req, &r);

    if (rc)
        return rc;
    if (r.err) {
        rc = xm_report_error(&r);
    } else if (!sxp_name(r.value) || strcmp(sxp_name(r.value), record)) {
        fprintf(stderr, "Error: xend answered %s with no (%s ...)\n", cmd, record);
        rc = 1;
    } else {
        text = format(r.value);
        if (text)
            fputs(text, stdout);
        else
            rc = 1;
        free(text);
    }
    sxp_free(&r.doc);
    return rc;
}

#include "qmp.h"
#include "util.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

/* Reads one line (without \r\n) before deadline; NULL on EOF/timeout. */
static char *read_line(int fd, double deadline)
{
    struct strbuf sb;
    sb_init(&sb);
    for (;;) {
        double left = deadline - now_mono();
        if (left <= 0)
            break;
        struct pollfd pfd = { fd, POLLIN, 0 };
        int r = poll(&pfd, 1, (int)(left * 1000) + 1);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            break;
        char c;
        ssize_t n = read(fd, &c, 1);
        if (n <= 0)
            break;
        if (c == '\n') {
            if (sb.len && sb.buf[sb.len - 1] == '\r')
                sb.buf[--sb.len] = '\0';
            return sb_steal(&sb);
        }
        sb_addc(&sb, c);
    }
    sb_free(&sb);
    return NULL;
}

static int write_all(int fd, const char *s, size_t n)
{
    while (n > 0) {
        ssize_t w = write(fd, s, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        s += w;
        n -= (size_t)w;
    }
    return 0;
}

/* Waits for the reply to the last command, skipping events. */
static int read_reply(int fd, double deadline, char **reply, char *err, int errlen)
{
    for (;;) {
        char *line = read_line(fd, deadline);
        if (!line) {
            snprintf(err, (size_t)errlen, "no QMP reply (QEMU gone or timed out)");
            return -1;
        }
        const char *p = line;
        while (*p == ' ' || *p == '{')
            p++;
        if (!strncmp(p, "\"return\"", 8)) {
            *reply = line;
            return 0;
        }
        if (!strncmp(p, "\"error\"", 7)) {
            snprintf(err, (size_t)errlen, "QMP error: %s", line);
            *reply = line;
            return -1;
        }
        free(line); /* an event */
    }
}

int qmp_connect(const char *path, double deadline, char *err, int errlen)
{
    struct sockaddr_un sa = { .sun_family = AF_UNIX };
    snprintf(sa.sun_path, sizeof sa.sun_path, "%s", path);
    int fd = -1;
    for (;;) {
        fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd >= 0 && connect(fd, (struct sockaddr *)&sa, sizeof sa) == 0)
            break;
        if (fd >= 0)
            close(fd);
        fd = -1;
        if (now_mono() >= deadline) {
            snprintf(err, (size_t)errlen, "cannot connect to QMP socket %s: %s", path, strerror(errno));
            return -1;
        }
        struct timespec ts = { 0, 50 * 1000 * 1000 };
        nanosleep(&ts, NULL);
    }
    char *greeting = read_line(fd, deadline), *reply = NULL;
    if (!greeting || !strstr(greeting, "\"QMP\"")) {
        snprintf(err, (size_t)errlen, "no QMP greeting on %s", path);
        free(greeting);
        close(fd);
        return -1;
    }
    free(greeting);
    const char *caps = "{\"execute\":\"qmp_capabilities\"}\r\n";
    if (write_all(fd, caps, strlen(caps)) < 0 || read_reply(fd, deadline, &reply, err, errlen) < 0) {
        free(reply);
        close(fd);
        return -1;
    }
    free(reply);
    return fd;
}

int qmp_execute(int fd, const char *cmd, const char *args, double deadline, char **reply,
                char *err, int errlen)
{
    char *req = args ? xasprintf("{\"execute\":\"%s\",\"arguments\":%s}\r\n", cmd, args)
                     : xasprintf("{\"execute\":\"%s\"}\r\n", cmd);
    *reply = NULL;
    int rc = write_all(fd, req, strlen(req));
    free(req);
    if (rc < 0) {
        snprintf(err, (size_t)errlen, "cannot send to QMP: %s", strerror(errno));
        return -1;
    }
    return read_reply(fd, deadline, reply, err, errlen);
}

#include "host.h"
#include "proc.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

void host_init(struct rhost *h, const struct scn_host *decl, int index, struct profile *prof)
{
    memset(h, 0, sizeof *h);
    h->decl = decl;
    h->index = index;
    h->prof = prof;
    h->listen_fd = h->ser_fd = h->qmp_fd = h->log_fd = h->trace_fd = -1;
    matcher_init(&h->con);
    matcher_init(&h->trace);
}

void host_free(struct rhost *h)
{
    host_stop(h);
    matcher_free(&h->con);
    matcher_free(&h->trace);
    free(h->output);
}

static void close_fd(int *fd)
{
    if (*fd >= 0)
        close(*fd);
    *fd = -1;
}

static int listen_unix(const char *path, char *err, int errlen)
{
    struct sockaddr_un sa = { .sun_family = AF_UNIX };
    if (strlen(path) >= sizeof sa.sun_path) {
        snprintf(err, (size_t)errlen, "socket path too long: %s", path);
        return -1;
    }
    memcpy(sa.sun_path, path, strlen(path) + 1);
    unlink(path);
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof sa) < 0 || listen(fd, 1) < 0) {
        snprintf(err, (size_t)errlen, "cannot listen on %s: %s", path, strerror(errno));
        if (fd >= 0)
            close(fd);
        return -1;
    }
    return fd;
}

int host_start(struct rhost *h, const struct qemu_opts *o, char *err, int errlen)
{
    const char *name = h->decl->name;
    char path[128];
    struct argv av;
    if (h->alive) {
        snprintf(err, (size_t)errlen, "host %s is already running", name);
        return -1;
    }
    snprintf(path, sizeof path, "%s.ser", name);
    h->listen_fd = listen_unix(path, err, errlen);
    if (h->listen_fd < 0)
        return -1;
    snprintf(path, sizeof path, "%s.serial.log", name);
    if (h->log_fd < 0)
        h->log_fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    snprintf(path, sizeof path, "%s.qmp", name);
    unlink(path);
    /* QEMU truncates the trace file when it starts: read it from the top
     * again (its new records follow the old ones in the matcher). */
    close_fd(&h->trace_fd);
    qemu_build_argv(h->prof, h->decl, h->index, o, &av);
    snprintf(path, sizeof path, "%s.qemu.log", name);
    int qlog = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    char *line = argv_join(&av);
    if (qlog >= 0)
        dprintf(qlog, "# %s\n", line);
    free(line);
    struct spawn_opts so = { NULL, -1, qlog, qlog, 1, SIGKILL };
    h->pid = spawn_process(av.v, &so);
    int e = errno;
    argv_free(&av);
    if (qlog >= 0)
        close(qlog);
    if (h->pid < 0) {
        h->pid = 0;
        snprintf(err, (size_t)errlen, "cannot start QEMU: %s", strerror(e));
        return -1;
    }
    h->alive = 1;
    return 0;
}

static void log_serial(struct rhost *h, const char *buf, size_t n)
{
    if (h->log_fd >= 0 && write(h->log_fd, buf, n) < 0)
        close_fd(&h->log_fd);
    matcher_feed(&h->con, buf, n);
}

void host_on_serial(struct rhost *h, int fd)
{
    if (fd == h->listen_fd) {
        int c = accept4(h->listen_fd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
        if (c >= 0) {
            close_fd(&h->ser_fd);
            h->ser_fd = c;
            close_fd(&h->listen_fd);
        }
        return;
    }
    char buf[16384];
    for (;;) {
        ssize_t n = read(h->ser_fd, buf, sizeof buf);
        if (n > 0) {
            log_serial(h, buf, (size_t)n);
            continue;
        }
        if (n == 0 || (errno != EAGAIN && errno != EINTR))
            close_fd(&h->ser_fd);
        return;
    }
}

void host_read_trace(struct rhost *h)
{
    char path[128], buf[16384];
    if (!h->prof || h->prof->trace_port < 0)
        return;
    if (h->trace_fd < 0) {
        snprintf(path, sizeof path, "%s.trace.log", h->decl->name);
        h->trace_fd = open(path, O_RDONLY | O_CLOEXEC);
        if (h->trace_fd < 0)
            return;
    }
    ssize_t n;
    while ((n = read(h->trace_fd, buf, sizeof buf)) > 0)
        matcher_feed(&h->trace, buf, (size_t)n);
}

void host_reap(struct rhost *h)
{
    if (!h->alive)
        return;
    if (waitpid(h->pid, &h->wstatus, WNOHANG) != h->pid)
        return;
    h->alive = 0;
    kill(-h->pid, SIGKILL);
    /* What QEMU wrote before exiting is still in the socket. */
    if (h->ser_fd >= 0)
        host_on_serial(h, h->ser_fd);
    host_read_trace(h);
    close_fd(&h->listen_fd);
    close_fd(&h->qmp_fd);
}

void host_stop(struct rhost *h)
{
    if (h->alive) {
        if (h->ser_fd >= 0)
            host_on_serial(h, h->ser_fd);
        h->wstatus = stop_process(h->pid, 2.0);
        h->alive = 0;
        if (h->ser_fd >= 0)
            host_on_serial(h, h->ser_fd);
        host_read_trace(h);
    }
    close_fd(&h->listen_fd);
    close_fd(&h->ser_fd);
    close_fd(&h->qmp_fd);
    close_fd(&h->log_fd);
    close_fd(&h->trace_fd);
}

int host_send(struct rhost *h, const char *data, size_t n)
{
    while (n > 0) {
        if (h->ser_fd < 0)
            return -1;
        ssize_t w = write(h->ser_fd, data, n);
        if (w < 0 && (errno == EAGAIN || errno == EINTR)) {
            struct pollfd p = { h->ser_fd, POLLOUT, 0 };
            if (poll(&p, 1, 1000) <= 0)
                return -1;
            continue;
        }
        if (w <= 0)
            return -1;
        data += w;
        n -= (size_t)w;
    }
    return 0;
}

const char *host_exit_text(const struct rhost *h)
{
    static char buf[64];
    if (WIFEXITED(h->wstatus))
        snprintf(buf, sizeof buf, "exited with status %d", WEXITSTATUS(h->wstatus));
    else if (WIFSIGNALED(h->wstatus))
        snprintf(buf, sizeof buf, "was killed by signal %d", WTERMSIG(h->wstatus));
    else
        snprintf(buf, sizeof buf, "stopped");
    return buf;
}

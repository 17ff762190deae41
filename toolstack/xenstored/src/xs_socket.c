/* UNIX socket transport (see xs_socket.h). */
#include "xs_socket.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "daemon_log.h"

struct sock {
	int fd;
};

const char *xs_socket_path(void)
{
	static char buf[PATH_MAX];
	const char *p = getenv("XENSTORED_PATH");
	const char *dir = getenv("XENSTORED_RUNDIR");

	if (p)
		return p;
	snprintf(buf, sizeof(buf), "%s/socket", dir ? dir : "/var/run/xenstored");
	return buf;
}

static void make_parent(const char *path)
{
	char dir[PATH_MAX];
	char *slash;

	snprintf(dir, sizeof(dir), "%s", path);
	slash = strrchr(dir, '/');
	if (slash && slash != dir) {
		*slash = '\0';
		mkdir(dir, 0755);
	}
}

int xs_socket_listen(const char *path)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	int fd;

	if (strlen(path) >= sizeof(addr.sun_path)) {
		daemon_log(DLOG_ERR, 0, "socket path too long: %s", path);
		return -1;
	}
	strcpy(addr.sun_path, path);
	make_parent(path);
	unlink(path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0 || bind(fd, (struct sockaddr *)&addr, sizeof(addr)) ||
	    chmod(path, 0600) || listen(fd, 64)) {
		daemon_log(DLOG_ERR, 0, "listen on %s: %m", path);
		if (fd >= 0)
			close(fd);
		return -1;
	}
	return fd;
}

void xs_socket_accept(int lfd, struct xs_store *s)
{
	int fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
	struct sock *k;

	if (fd < 0)
		return;
	k = malloc(sizeof(*k));
	if (!k || !xs_conn_new(s, 0, false, k)) {
		free(k);
		close(fd);
		return;
	}
	k->fd = fd;
	daemon_log(DLOG_DEBUG, 0, "socket client fd %d", fd);
}

bool xs_socket_pollfd(struct xs_conn *c, struct pollfd *p)
{
	struct sock *k = c->priv;
	const void *ptr;
	void *in;

	if (c->is_domain || !k)
		return false;
	p->fd = k->fd;
	p->events = 0;
	if (xs_conn_want(c, &in))
		p->events |= POLLIN;
	if (xs_conn_peek(c, &ptr))
		p->events |= POLLOUT;
	p->revents = 0;
	return true;
}

static void sock_close(struct xs_conn *c)
{
	struct sock *k = c->priv;

	close(k->fd);
	free(k);
	xs_conn_free(c);
}

static bool sock_read(struct xs_conn *c, int fd)
{
	void *ptr;
	size_t want;

	while ((want = xs_conn_want(c, &ptr)) > 0) {
		ssize_t n = read(fd, ptr, want);
		if (n == 0)
			return false;
		if (n < 0)
			return errno == EAGAIN || errno == EINTR;
		xs_conn_got(c, (size_t)n);
	}
	return true;
}

static bool sock_write(struct xs_conn *c, int fd)
{
	const void *ptr;
	size_t len;

	while ((len = xs_conn_peek(c, &ptr)) > 0) {
		ssize_t n = send(fd, ptr, len, MSG_NOSIGNAL);
		if (n < 0)
			return errno == EAGAIN || errno == EINTR;
		xs_conn_sent(c, (size_t)n);
	}
	return true;
}

void xs_socket_service(struct xs_conn *c, short revents)
{
	struct sock *k = c->priv;
	bool ok = true;

	if (revents & POLLIN)
		ok = sock_read(c, k->fd);
	if (ok)
		ok = sock_write(c, k->fd);
	if (!ok || c->dead || (revents & (POLLERR | POLLNVAL)) ||
	    ((revents & POLLHUP) && !(revents & POLLIN)))
		sock_close(c);
}

/* xsplay's socket I/O (declared in xsplay.h). */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "xsplay.h"

int xsp_dial(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);

	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", path);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof(sa))) {
		fprintf(stderr, "xsplay: %s: %s\n", path, strerror(errno));
		exit(2);
	}
	return fd;
}

int xsp_send(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len) {
		ssize_t n = send(fd, p, len, MSG_NOSIGNAL);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Reads len bytes, waiting at most timeout_ms for each piece. */
static int recv_all(int fd, void *buf, size_t len, int timeout_ms)
{
	char *p = buf;

	while (len) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		ssize_t n;
		int r = poll(&pfd, 1, timeout_ms);

		if (r < 0 && errno == EINTR)
			continue;
		if (r == 0)
			return -2;
		n = recv(fd, p, len, 0);
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int xsp_recv(int fd, struct xsd_sockmsg *hdr, char *body, int timeout_ms)
{
	int r = recv_all(fd, hdr, sizeof(*hdr), timeout_ms);

	if (r)
		return r;
	if (hdr->len > XENSTORE_PAYLOAD_MAX)
		return -1;
	body[hdr->len] = '\0';
	return recv_all(fd, body, hdr->len, timeout_ms);
}


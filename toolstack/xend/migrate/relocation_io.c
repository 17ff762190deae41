/* Relocation connection I/O (see relocation_io.h). */
#include "relocation_io.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

int reloc_io_timeouts(int fd, int seconds)
{
    struct timeval tv = { .tv_sec = seconds };

    if (setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) < 0 ||
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv)) < 0)
        return -errno;
    return 0;
}

int reloc_io_write(int fd, const void *buf, size_t len)
{
    const char *p = buf;

    while (len) {
        ssize_t n = send(fd, p, len, MSG_NOSIGNAL);

        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return n == 0 ? -EPIPE : errno == EAGAIN ? -ETIMEDOUT : -errno;
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

int reloc_io_read(int fd, void *buf, size_t len)
{
    char *p = buf;

    while (len) {
        ssize_t n = read(fd, p, len);

        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return n == 0 ? -EPIPE : errno == EAGAIN ? -ETIMEDOUT : -errno;
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

int reloc_io_send_line(int fd, enum reloc_line kind, const char *why, unsigned long domid)
{
    char line[RELOC_LINE_MAX];
    size_t n = reloc_format(line, sizeof(line), kind, why, domid);

    return reloc_io_write(fd, line, n);
}

int reloc_io_recv_line(int fd, char *line, size_t size)
{
    size_t n = 0;

    /* A byte at a time: what follows the line is not ours to take. */
    while (n + 1 < size) {
        int rc = reloc_io_read(fd, line + n, 1);

        if (rc)
            return rc;
        if (line[n++] == '\n')
            break;
    }
    line[n] = '\0';
    return (int)n;
}

const char *reloc_io_error(int err)
{
    switch (err) {
    case ETIMEDOUT: return "no word from the peer within the timeout";
    case EPIPE: return "the peer closed the connection";
    default: return strerror(err);
    }
}

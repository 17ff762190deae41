/* Relocation connection I/O (see relocation_io.h). */
#include "relocation_io.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <openssl/err.h>

#include "xend_errors.h"

int reloc_io_timeouts(int fd, int seconds)
{
    struct timeval tv = { .tv_sec = seconds };

    if (setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) < 0 ||
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv)) < 0)
        return -errno;
    return 0;
}

static time_t now_s(void)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec;
}

void reloc_io_deadline(struct reloc_conn *c, int seconds)
{
    c->deadline = now_s() + seconds;
}

/* A failed SSL_read or SSL_write as an errno. */
static int tls_errno(SSL *ssl, int n)
{
    int e = errno;

    switch (SSL_get_error(ssl, n)) {
    case SSL_ERROR_ZERO_RETURN: return EPIPE;
    case SSL_ERROR_WANT_READ:
    case SSL_ERROR_WANT_WRITE: return ETIMEDOUT;     /* the socket's timeout */
    case SSL_ERROR_SYSCALL: return e == EAGAIN ? ETIMEDOUT : e ? e : EPIPE;
    default: return EPROTO;
    }
}

/* One transfer: bytes moved, or -errno. */
static long transfer(struct reloc_conn *c, void *buf, size_t len, bool out)
{
    ssize_t n;

    if (c->deadline && now_s() > c->deadline)
        return -ETIMEDOUT;
    if (c->ssl) {
        int k = len > 1 << 30 ? 1 << 30 : (int)len;

        ERR_clear_error();
        errno = 0;
        n = out ? SSL_write(c->ssl, buf, k) : SSL_read(c->ssl, buf, k);
        return n > 0 ? n : -tls_errno(c->ssl, (int)n);
    }
    do
        n = out ? send(c->fd, buf, len, MSG_NOSIGNAL) : read(c->fd, buf, len);
    while (n < 0 && errno == EINTR);
    if (n == 0)
        return -EPIPE;
    return n > 0 ? n : errno == EAGAIN ? -ETIMEDOUT : -errno;
}

/* All of len bytes, in as many transfers as it takes. */
static int whole(struct reloc_conn *c, char *p, size_t len, bool out)
{
    while (len) {
        long n = transfer(c, p, len, out);

        if (n < 0)
            return (int)n;
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

int reloc_io_write(struct reloc_conn *c, const void *buf, size_t len)
{
    return whole(c, (char *)buf, len, true);     /* only read from when out */
}

int reloc_io_read(struct reloc_conn *c, void *buf, size_t len)
{
    return whole(c, buf, len, false);
}

void reloc_io_drain(struct reloc_conn *c)
{
    char junk[16384];

    while (transfer(c, junk, sizeof(junk), false) > 0)
        ;
}

int reloc_io_send_line(struct reloc_conn *c, enum reloc_line kind, const char *why,
                       unsigned long domid)
{
    char line[RELOC_LINE_MAX];
    size_t n = reloc_format(line, sizeof(line), kind, why, domid);

    return reloc_io_write(c, line, n);
}

int reloc_io_recv_line(struct reloc_conn *c, char *line, size_t size)
{
    size_t n = 0;

    /* A byte at a time: what follows the line is not ours to take. */
    while (n + 1 < size) {
        int rc = reloc_io_read(c, line + n, 1);

        if (rc)
            return rc;
        if (line[n++] == '\n')
            break;
    }
    line[n] = '\0';
    return (int)n;
}

bool reloc_io_readable(struct reloc_conn *c)
{
    struct pollfd p = { .fd = c->fd, .events = POLLIN };

    return (c->ssl && SSL_pending(c->ssl) > 0) || poll(&p, 1, 0) > 0;
}

const char *reloc_io_error(int err)
{
    switch (err) {
    case ETIMEDOUT: return "no word from the peer within the timeout";
    case EPIPE: return "the peer closed the connection";
    case EPROTO: return "a TLS failure";
    default: return strerror(err);
    }
}

static const char *tls_reason(void)
{
    unsigned long e = ERR_peek_last_error();
    const char *r = e ? ERR_reason_error_string(e) : NULL;

    return r ? r : "unknown error";
}

SSL_CTX *reloc_tls_server(const char *key_file, const char *cert_file, char **why)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());

    if (!ctx) {
        xend_say(why, ENOMEM, "TLS: %s", tls_reason());
        return NULL;
    }
    SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
    /* No session tickets: nothing from the server after the handshake
     * that the source would take for the destination's early answer. */
    SSL_CTX_set_num_tickets(ctx, 0);
    if (!key_file || !cert_file) {
        xend_say(why, EINVAL, "TLS: xend-relocation-server-ssl-%s-file is not set",
                 key_file ? "cert" : "key");
    } else if (SSL_CTX_use_certificate_chain_file(ctx, cert_file) != 1) {
        xend_say(why, EINVAL, "TLS: certificate %s: %s", cert_file, tls_reason());
    } else if (SSL_CTX_use_PrivateKey_file(ctx, key_file, SSL_FILETYPE_PEM) != 1 ||
               SSL_CTX_check_private_key(ctx) != 1) {
        xend_say(why, EINVAL, "TLS: key %s: %s", key_file, tls_reason());
    } else {
        return ctx;
    }
    SSL_CTX_free(ctx);
    return NULL;
}

SSL_CTX *reloc_tls_client(char **why)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());

    if (!ctx)
        xend_say(why, ENOMEM, "TLS: %s", tls_reason());
    else
        SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
    return ctx;
}

/* The handshake on a non-blocking socket, so that it is bounded as a
 * whole (a peer that trickles its hello cannot stretch it): 1, or the
 * failed call's result with errno ETIMEDOUT when time ran out. */
static int handshake(struct reloc_conn *c, bool server)
{
    time_t end = now_s() + RELOC_TLS_HANDSHAKE_S;
    int flags = fcntl(c->fd, F_GETFL), n;

    fcntl(c->fd, F_SETFL, flags | O_NONBLOCK);
    for (;;) {
        struct pollfd p = { .fd = c->fd };
        time_t left = end - now_s();

        n = server ? SSL_accept(c->ssl) : SSL_connect(c->ssl);
        if (n == 1)
            break;
        switch (SSL_get_error(c->ssl, n)) {
        case SSL_ERROR_WANT_READ: p.events = POLLIN; break;
        case SSL_ERROR_WANT_WRITE: p.events = POLLOUT; break;
        default: goto out;
        }
        if (left <= 0 || poll(&p, 1, (int)left * 1000) <= 0) {
            errno = ETIMEDOUT;
            n = -2;
            break;
        }
    }
out:
    fcntl(c->fd, F_SETFL, flags);
    return n;
}

int reloc_tls_start(struct reloc_conn *c, SSL_CTX *ctx, bool server, char **why)
{
    int n;

    ERR_clear_error();
    if (!(c->ssl = SSL_new(ctx)) || SSL_set_fd(c->ssl, c->fd) != 1)
        return xend_say(why, ENOMEM, "TLS: %s", tls_reason());
    errno = 0;
    n = handshake(c, server);
    if (n == 1)
        return 0;
    n = n == -2 ? ETIMEDOUT : tls_errno(c->ssl, n);
    xend_say(why, n, "TLS handshake: %s", n == EPROTO ? tls_reason() : reloc_io_error(n));
    SSL_free(c->ssl);
    c->ssl = NULL;
    return -n;
}

const char *reloc_io_transport(const struct reloc_conn *c)
{
    return c->ssl ? SSL_get_version(c->ssl) : "TCP";
}

void reloc_io_close(struct reloc_conn *c)
{
    if (c->ssl) {
        SSL_shutdown(c->ssl);
        SSL_free(c->ssl);
        c->ssl = NULL;
    }
    if (c->fd >= 0)
        close(c->fd);
    c->fd = -1;
}

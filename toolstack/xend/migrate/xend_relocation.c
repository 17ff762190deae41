/* The relocation server (see xend_relocation.h). A migration is served
 * whole before xend takes its next request, as a create is. */
#include "xend_relocation.h"

#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "daemon_log.h"
#include "relocation_io.h"
#include "stream_receive.h"
#include "xend_errors.h"

/* The longest an incoming migration may take, greeting to resume. */
#define RELOC_MAX_S (30 * 60)

/* A listening socket on the configured address and port, or -1 (logged). */
static int listen_on(const char *addr, unsigned port, const char *what)
{
    struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(port) };
    int one = 1, fd;

    if (!*addr) {
        a.sin_addr.s_addr = htonl(INADDR_ANY);
    } else if (inet_pton(AF_INET, addr, &a.sin_addr) != 1) {
        struct addrinfo hints = { .ai_family = AF_INET, .ai_socktype = SOCK_STREAM }, *res;

        if (getaddrinfo(addr, NULL, &hints, &res)) {
            daemon_log(DLOG_ERR, -1, "xend-relocation-address '%s': no such address", addr);
            return -1;
        }
        a.sin_addr = ((struct sockaddr_in *)res->ai_addr)->sin_addr;
        freeaddrinfo(res);
    }
    fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) < 0 ||
        bind(fd, (struct sockaddr *)&a, sizeof(a)) < 0 || listen(fd, 4) < 0) {
        daemon_log(DLOG_ERR, -1, "%s on %s:%u: %m", what, *addr ? addr : "*", port);
        if (fd >= 0)
            close(fd);
        return -1;
    }
    daemon_log(DLOG_INFO, -1, "%s listening on %s:%u", what, *addr ? addr : "*", port);
    return fd;
}

int xend_relocation_open(struct xend_relocation *rl, struct xend_xen *x,
                         const struct xend_config *cfg)
{
    const char *addr = cfg->relocation_address;
    char *why = NULL;
    int rc = 0;

    *rl = (struct xend_relocation){ .x = x, .cfg = cfg, .fd = -1, .ssl_fd = -1 };
    if (cfg->relocation_server &&
        (rl->fd = listen_on(addr, cfg->relocation_port, "relocation server")) < 0)
        rc = -1;
    if (!cfg->relocation_ssl_server)
        return rc;
    if (!(rl->tls = reloc_tls_server(cfg->relocation_ssl_key_file,
                                     cfg->relocation_ssl_cert_file, &why))) {
        daemon_log(DLOG_ERR, -1, "relocation TLS server: %s", why);
        free(why);
        return -1;
    }
    if ((rl->ssl_fd = listen_on(addr, cfg->relocation_ssl_port, "relocation TLS server")) < 0)
        rc = -1;
    return rc;
}

void xend_relocation_close(struct xend_relocation *rl)
{
    if (rl->fd >= 0)
        close(rl->fd);
    if (rl->ssl_fd >= 0)
        close(rl->ssl_fd);
    SSL_CTX_free(rl->tls);
    rl->fd = rl->ssl_fd = -1;
    rl->tls = NULL;
}

static int conn_read(void *ctx, void *buf, size_t len)
{
    return reloc_io_read(ctx, buf, len);
}

struct conn {
    struct reloc_conn rc;
    const char *peer;
};

/* The domain is built and paused: the source is told, and it runs only
 * once the source says go (the source then destroys its copy). */
static int await_go(void *ctx, uint32_t domid, char **why)
{
    struct conn *c = ctx;
    char line[RELOC_LINE_MAX];
    const char *rest;
    unsigned long id;
    int rc;

    if ((rc = reloc_io_send_line(&c->rc, RELOC_READY, NULL, 0)) ||
        (rc = reloc_io_recv_line(&c->rc, line, sizeof(line))) < 0)
        return xend_say(why, -rc, "%s: waiting for go: %s", c->peer, reloc_io_error(-rc));
    if (reloc_parse(line, &rest, &id) != RELOC_GO)
        return xend_say(why, EPROTO, "%s: expected go, got '%.80s'", c->peer, line);
    daemon_log(DLOG_DEBUG, (int)domid, "%s: go", c->peer);
    return 0;
}

/* May the peer migrate here? Its address is tried first; its name (if
 * it resolves back to one) only when the address is not let in, so that
 * a name lookup is not made for every peer. */
static bool allowed(const struct xend_config *cfg, const struct sockaddr_in *a,
                    const char *addr, char *name, size_t nn)
{
    const char *names[2] = { addr, NULL };

    name[0] = '\0';
    if (xend_config_relocation_allowed(cfg, names, 1))
        return true;
    if (getnameinfo((const struct sockaddr *)a, sizeof(*a), name, (socklen_t)nn, NULL, 0,
                    NI_NAMEREQD)) {
        name[0] = '\0';
        return false;
    }
    names[1] = name;
    return xend_config_relocation_allowed(cfg, names, 2);
}

static void serve(struct xend_relocation *rl, int lfd, SSL_CTX *tls)
{
    struct sockaddr_in a;
    socklen_t alen = sizeof(a);
    char addr[INET_ADDRSTRLEN] = "?", name[NI_MAXHOST], peer[INET_ADDRSTRLEN + NI_MAXHOST + 8];
    bool ok;
    struct conn c = { .rc = { .fd = accept4(lfd, (struct sockaddr *)&a, &alen, SOCK_CLOEXEC) },
                      .peer = peer };
    struct stream_receive sr = { 0 };
    struct ss_reader r;
    char *why = NULL, junk[4096];
    int rc;

    if (c.rc.fd < 0) {
        daemon_log(DLOG_WARN, -1, "relocation: accept: %m");
        return;
    }
    reloc_io_timeouts(c.rc.fd, RELOC_IO_TIMEOUT_S);
    inet_ntop(AF_INET, &a.sin_addr, addr, sizeof(addr));
    ok = allowed(rl->cfg, &a, addr, name, sizeof(name));
    snprintf(peer, sizeof(peer), name[0] ? "%s (%s)" : "%s", addr, name);
    /* (a refused peer on the TLS server gets its refusal inside TLS too;
     * the handshake is bounded as a whole) */
    if (tls && reloc_tls_start(&c.rc, tls, true, &why)) {
        daemon_log(DLOG_WARN, -1, "relocation: %s: %s", peer, why);
        goto out;
    }
    if (!ok) {
        daemon_log(DLOG_WARN, -1, "relocation: refused %s: not allowed by "
                   "xend-relocation-hosts-allow", peer);
        snprintf(junk, sizeof(junk), "%s is not allowed by xend-relocation-hosts-allow", addr);
        reloc_io_send_line(&c.rc, RELOC_REFUSED, junk, 0);
        goto out;
    }
    daemon_log(DLOG_INFO, -1, "relocation: incoming migration from %s over %s", peer,
               reloc_io_transport(&c.rc));
    /* The whole migration is bounded too (a peer trickling its stream
     * would otherwise hold xend as long as it likes). */
    reloc_io_deadline(&c.rc, RELOC_MAX_S);
    if ((rc = reloc_io_send_line(&c.rc, RELOC_OK, NULL, 0))) {
        daemon_log(DLOG_WARN, -1, "relocation: %s: %s", peer, reloc_io_error(-rc));
        goto out;
    }
    sr = (struct stream_receive){ .source = peer, .ready = await_go, .ctx = &c };
    ss_reader_init(&r, conn_read, &c.rc);
    rc = stream_receive(rl->x, &r, &sr, &why);
    ss_reader_free(&r);
    if (rc == 0) {
        daemon_log(DLOG_INFO, (int)sr.domid, "relocation: domain %s (id %" PRIu32 ") from %s "
                   "runs here", sr.name, sr.domid, peer);
        reloc_io_send_line(&c.rc, RELOC_RESUMED, NULL, sr.domid);
    } else {
        daemon_log(DLOG_ERR, -1, "relocation: migration from %s failed: %s", peer,
                   why ? why : strerror(-rc));
        /* The reason to the source; then what it still sends is read and
         * dropped, so that the close does not reset the connection before
         * the reason is read. */
        if (!reloc_io_send_line(&c.rc, RELOC_ERROR, why ? why : strerror(-rc), 0)) {
            reloc_io_timeouts(c.rc.fd, 5);
            reloc_io_deadline(&c.rc, 5);
            reloc_io_drain(&c.rc);
        }
    }
out:
    free(why);
    reloc_io_close(&c.rc);
}

void xend_relocation_accept(void *ctx)
{
    struct xend_relocation *rl = ctx;

    serve(rl, rl->fd, NULL);
}

void xend_relocation_accept_tls(void *ctx)
{
    struct xend_relocation *rl = ctx;

    serve(rl, rl->ssl_fd, rl->tls);
}

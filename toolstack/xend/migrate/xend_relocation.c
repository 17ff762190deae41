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

int xend_relocation_open(struct xend_relocation *rl, struct xend_xen *x,
                         const struct xend_config *cfg)
{
    struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(cfg->relocation_port) };
    const char *addr = cfg->relocation_address;
    int one = 1;

    *rl = (struct xend_relocation){ .x = x, .cfg = cfg, .fd = -1 };
    if (!cfg->relocation_server)
        return 0;
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
    rl->fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (rl->fd < 0 || setsockopt(rl->fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) < 0 ||
        bind(rl->fd, (struct sockaddr *)&a, sizeof(a)) < 0 || listen(rl->fd, 4) < 0) {
        daemon_log(DLOG_ERR, -1, "relocation server on %s:%u: %m", *addr ? addr : "*",
                   cfg->relocation_port);
        if (rl->fd >= 0)
            close(rl->fd);
        rl->fd = -1;
        return -1;
    }
    daemon_log(DLOG_INFO, -1, "relocation server listening on %s:%u", *addr ? addr : "*",
               cfg->relocation_port);
    return 0;
}

void xend_relocation_close(struct xend_relocation *rl)
{
    if (rl->fd >= 0)
        close(rl->fd);
    rl->fd = -1;
}

static int sock_read(void *ctx, void *buf, size_t len)
{
    return reloc_io_read(*(int *)ctx, buf, len);
}

struct conn {
    int fd;
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

    if ((rc = reloc_io_send_line(c->fd, RELOC_READY, NULL, 0)) ||
        (rc = reloc_io_recv_line(c->fd, line, sizeof(line))) < 0)
        return xend_say(why, -rc, "%s: waiting for go: %s", c->peer, reloc_io_error(-rc));
    if (reloc_parse(line, &rest, &id) != RELOC_GO)
        return xend_say(why, EPROTO, "%s: expected go, got '%.80s'", c->peer, line);
    daemon_log(DLOG_DEBUG, (int)domid, "%s: go", c->peer);
    return 0;
}

/* The peer's names for the allow-list: its address, and its name if it
 * resolves back to one. */
static void peer_names(const struct sockaddr_in *a, char *addr, size_t an, char *name, size_t nn)
{
    inet_ntop(AF_INET, &a->sin_addr, addr, (socklen_t)an);
    if (getnameinfo((const struct sockaddr *)a, sizeof(*a), name, (socklen_t)nn, NULL, 0,
                    NI_NAMEREQD))
        name[0] = '\0';
}

void xend_relocation_accept(void *ctx)
{
    struct xend_relocation *rl = ctx;
    struct sockaddr_in a;
    socklen_t alen = sizeof(a);
    char addr[INET_ADDRSTRLEN] = "?", name[NI_MAXHOST], peer[INET_ADDRSTRLEN + NI_MAXHOST + 8];
    const char *names[2];
    struct conn c;
    struct stream_receive sr = { 0 };
    struct ss_reader r;
    char *why = NULL, junk[4096];
    int fd = accept4(rl->fd, (struct sockaddr *)&a, &alen, SOCK_CLOEXEC), rc;

    if (fd < 0) {
        daemon_log(DLOG_WARN, -1, "relocation: accept: %m");
        return;
    }
    reloc_io_timeouts(fd, RELOC_IO_TIMEOUT_S);
    peer_names(&a, addr, sizeof(addr), name, sizeof(name));
    snprintf(peer, sizeof(peer), name[0] ? "%s (%s)" : "%s", addr, name);
    names[0] = addr;
    names[1] = name[0] ? name : NULL;
    if (!xend_config_relocation_allowed(rl->cfg, names, 2)) {
        daemon_log(DLOG_WARN, -1, "relocation: refused %s: not allowed by "
                   "xend-relocation-hosts-allow", peer);
        snprintf(junk, sizeof(junk), "%s is not allowed by xend-relocation-hosts-allow", addr);
        reloc_io_send_line(fd, RELOC_REFUSED, junk, 0);
        close(fd);
        return;
    }
    daemon_log(DLOG_INFO, -1, "relocation: incoming migration from %s", peer);
    if ((rc = reloc_io_send_line(fd, RELOC_OK, NULL, 0))) {
        daemon_log(DLOG_WARN, -1, "relocation: %s: %s", peer, reloc_io_error(-rc));
        close(fd);
        return;
    }
    c = (struct conn){ fd, peer };
    sr = (struct stream_receive){ .source = peer, .ready = await_go, .ctx = &c };
    ss_reader_init(&r, sock_read, &c.fd);
    rc = stream_receive(rl->x, &r, &sr, &why);
    ss_reader_free(&r);
    if (rc == 0) {
        daemon_log(DLOG_INFO, (int)sr.domid, "relocation: domain %s (id %" PRIu32 ") from %s "
                   "runs here", sr.name, sr.domid, peer);
        reloc_io_send_line(fd, RELOC_RESUMED, NULL, sr.domid);
    } else {
        daemon_log(DLOG_ERR, -1, "relocation: migration from %s failed: %s", peer,
                   why ? why : strerror(-rc));
        /* The reason to the source; then what it still sends is read and
         * dropped, so that the close does not reset the connection before
         * the reason is read. */
        if (!reloc_io_send_line(fd, RELOC_ERROR, why ? why : strerror(-rc), 0)) {
            shutdown(fd, SHUT_WR);
            reloc_io_timeouts(fd, 5);
            while (read(fd, junk, sizeof(junk)) > 0)
                ;
        }
    }
    free(sr.name);
    free(why);
    close(fd);
}

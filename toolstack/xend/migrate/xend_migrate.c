/* xm migrate, the source's side (see xend_migrate.h and the handshake in
 * relocation_wire.h). */
#include "xend_migrate.h"

#include <errno.h>
#include <inttypes.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "daemon_log.h"
#include "xend_clock.h"
#include "relocation_io.h"
#include "stream_send.h"
#include "xend_domains.h"
#include "xend_errors.h"
#include "xend_store.h"

/* The stream goes out on the socket; a line from the destination before
 * the end is its refusal (read afterwards), so sending stops there. */
static int conn_write(void *ctx, const void *buf, size_t len)
{
    if (reloc_io_readable(ctx))
        return -ECONNABORTED;
    return reloc_io_write(ctx, buf, len);
}

static int dial(const char *host, const char *port, int *fd, char **why)
{
    struct addrinfo hints = { .ai_family = AF_INET, .ai_socktype = SOCK_STREAM }, *res;
    int rc = getaddrinfo(host, port, &hints, &res);

    if (rc)
        return xend_say(why, EHOSTUNREACH, "can't connect to %s:%s: %s", host, port,
                        gai_strerror(rc));
    *fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    /* Linux bounds connect() by the send timeout. */
    if (*fd < 0 || reloc_io_timeouts(*fd, RELOC_IO_TIMEOUT_S) ||
        connect(*fd, res->ai_addr, res->ai_addrlen) < 0) {
        int err = errno == EINPROGRESS ? ETIMEDOUT : errno;   /* the timeout ran out */

        rc = xend_say(why, err, "can't connect to %s:%s: %s", host, port, reloc_io_error(err));
        if (*fd >= 0)
            close(*fd);
        *fd = -1;
    }
    freeaddrinfo(res);
    return rc;
}

/* The destination's next line: its kind, the reason in line. */
static enum reloc_line answer(struct reloc_conn *c, char *line, size_t size, const char **rest,
                              int *err)
{
    unsigned long id;
    int rc = reloc_io_recv_line(c, line, size);

    *err = rc < 0 ? -rc : 0;
    return rc < 0 ? RELOC_BAD : reloc_parse(line, rest, &id);
}

int xend_xen_migrate(struct xend_xen *x, const struct xend_request *req,
                     struct sxp *out, char **why, const char **subject)
{
    const char *want = req->domains[0], *host = req->args[0], *port = req->args[1];
    char own_port[12];
    const char *record, *rest;
    bool live = !strcmp(req->args[2], "live");
    struct stream_send_stats st = { 0 };
    struct ss_writer w = { conn_write, NULL, 0 };
    struct reloc_conn c = { .fd = -1 };
    SSL_CTX *tls = NULL;
    bool ssl;
    char line[RELOC_LINE_MAX], *name = NULL;
    struct timespec t0;
    long downtime;
    uint32_t domid;
    int err, rc = xend_xen_find_domain(x, want, &domid, why, subject);

    if (rc)
        return rc;
    if (strcmp(req->args[2], "live") && strcmp(req->args[2], "plain"))
        return xend_say(why, EINVAL, "request: migrate's mode is live or plain, not '%.32s'",
                        req->args[2]);
    if (strcmp(req->args[3], "ssl") && strcmp(req->args[3], "tcp") &&
        strcmp(req->args[3], "default"))
        return xend_say(why, EINVAL, "request: migrate's transport is ssl, tcp or default, "
                        "not '%.32s'", req->args[3]);
    /* xm migrate --ssl, or xend-relocation-ssl yes: TLS (Xen 4.1's xm). */
    ssl = !strcmp(req->args[3], "ssl") || (!strcmp(req->args[3], "default") && x->relocation_ssl);
    if (domid == 0)
        return xend_say(why, EPERM, "Cannot migrate privileged domain %s", want);
    if (!strcmp(port, "0")) {           /* xm's default: this xend's own port */
        snprintf(own_port, sizeof(own_port), "%u",
                 ssl ? x->relocation_ssl_port : x->relocation_port);
        port = own_port;
    }
    if (!(record = xend_domains_record(domid)))
        return xend_say(why, EOPNOTSUPP, "domain %s was not created by this xend: "
                        "its configuration is unknown", want);
    name = xend_store_name(x->xs, domid);
    clock_gettime(CLOCK_MONOTONIC, &t0);
    if ((rc = dial(host, port, &c.fd, why)))
        goto out;
    if (ssl && (!(tls = reloc_tls_client(why)) || (rc = reloc_tls_start(&c, tls, false, why)))) {
        char *inner = *why;

        *why = NULL;
        rc = xend_say(why, rc ? -rc : ENOMEM, "%s:%s: %s", host, port, inner ? inner : "TLS");
        free(inner);
        goto out;
    }
    switch (answer(&c, line, sizeof(line), &rest, &err)) {
    case RELOC_OK:
        break;
    case RELOC_REFUSED:
        rc = xend_say(why, EACCES, "%s:%s refused the migration: %s", host, port, rest);
        goto out;
    default:
        rc = xend_say(why, EPROTO, "%s:%s is not a relocation server: %s", host, port,
                      err ? reloc_io_error(err) : "unexpected greeting");
        goto out;
    }
    daemon_log(DLOG_INFO, (int)domid, "migrating domain %s to %s:%s (%s, over %s)",
               name ? name : want, host, port, live ? "live" : "regular",
               reloc_io_transport(&c));
    w.ctx = &c;
    rc = stream_send(x, domid, name ? name : want, record, live, &w, &st, why);
    if (rc && rc != -ECONNABORTED) {
        char *inner = *why;

        *why = NULL;
        rc = xend_say(why, -rc, "sending %s to %s:%s failed: %s", name ? name : want, host,
                      port, inner ? inner : strerror(-rc));
        free(inner);
    } else {
        /* The destination's verdict on what it was sent. Before the whole
         * stream went out (it spoke first), only a refusal makes sense:
         * anything else is a broken peer, and the guest stays here. */
        bool whole = rc == 0;
        enum reloc_line k = answer(&c, line, sizeof(line), &rest, &err);

        free(*why);
        *why = NULL;
        if (k == RELOC_ERROR)
            rc = xend_say(why, EIO, "%s refused the domain: %s", host, rest);
        else if (k != RELOC_READY || !whole)
            rc = xend_say(why, err ? err : EPROTO, "%s: %s", host,
                          err ? reloc_io_error(err) : whole ? "unexpected answer to the stream"
                                                            : "it answered before the stream's end");
        else
            rc = 0;
    }
    if (rc) {
        if (st.suspended)
            stream_send_resume(x, domid);
        goto out;
    }
    /* The destination holds the domain, paused: it runs there once told
     * to. If go cannot be sent, it never will; if go went but no answer
     * came, it may run there: this copy stays suspended (never two). */
    if ((err = -reloc_io_send_line(&c, RELOC_GO, NULL, 0))) {
        rc = xend_say(why, err, "%s: sending go: %s", host, reloc_io_error(err));
        stream_send_resume(x, domid);
        goto out;
    }
    if (answer(&c, line, sizeof(line), &rest, &err) != RELOC_RESUMED) {
        rc = xend_say(why, err ? err : EPROTO, "%s did not confirm that the domain runs "
                      "there (%s): domain %s is left suspended here (id %" PRIu32 ")", host,
                      err ? reloc_io_error(err) : "unexpected answer", name ? name : want,
                      domid);
        goto out;
    }
    /* Downtime: from the suspend request until the destination runs it. */
    downtime = xend_ms_since(&st.stop_at);
    daemon_log(DLOG_INFO, (int)domid, "migrated domain %s to %s:%s: %s, %u pre-copy rounds, %"
               PRIu64 " pages (%" PRIu64 " after the stop), %" PRIu64 " bytes; stop-and-copy "
               "%ld ms, downtime %ld ms, %ld ms in all", name ? name : want, host, port,
               live ? "live" : "regular", st.rounds, st.pages, st.last_pages, w.bytes,
               st.stop_ms, downtime, xend_ms_since(&t0));
    if (xend_xen_destroy_domid(x, domid) < 0)
        daemon_log(DLOG_ERR, (int)domid, "xc_domain_destroy after the migration: %m");
    rc = sxp_list_new(out, "domain") && sxp_push_pair(out, "name", name ? name : want) &&
         sxp_push_pair(out, "host", host) && sxp_push_int(out, "pages", (long long)st.pages) &&
         sxp_push_int(out, "bytes", (long long)w.bytes) &&
         sxp_push_int(out, "rounds", st.rounds) &&
         sxp_push_int(out, "downtime_ms", downtime) &&
         sxp_push_int(out, "total_ms", xend_ms_since(&t0)) ? 0 : -ENOMEM;
out:
    if (rc)
        daemon_log(DLOG_ERR, (int)domid, "migration of %s to %s:%s failed: %s",
                   name ? name : want, host, port, *why ? *why : strerror(-rc));
    reloc_io_close(&c);
    SSL_CTX_free(tls);
    free(name);
    return rc;
}

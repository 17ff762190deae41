/* labnet: the virtual LAN of a scenario. One unix datagram socket per host
 * (<host>.lan in --dir; QEMU's dgram netdev binds <host>.nic and sends
 * here), a learning switch between them, and a libslirp gateway in
 * restricted mode that answers DHCP and ping and lets nothing out. Every
 * frame is written to the pcap. */
#include "dhcp_router.h"
#include "macswitch.h"
#include "pcap.h"
#include "util.h"

#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <libslirp.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#define MAX_PORTS 32
#define MAX_TIMERS 16
#define FRAME_MAX 65536

struct port {
    char name[40];
    int fd;
    struct sockaddr_un peer; /* QEMU's side */
};

struct ltimer {
    SlirpTimerCb cb;
    void *opaque;
    int64_t expire_ms; /* -1: stopped */
    int used;
};

struct lan {
    struct port ports[MAX_PORTS];
    int nports;            /* hosts; the gateway is port nports */
    struct macswitch sw;
    FILE *pcap;
    Slirp *slirp;
    struct in_addr gateway;  /* the router option of DHCP replies */
    struct ltimer timers[MAX_TIMERS];
    struct pollfd pfd[64];
    int npfd;
};

static volatile sig_atomic_t stop;

static void on_term(int sig)
{
    (void)sig;
    stop = 1;
}

static int64_t clock_ns(void *opaque)
{
    (void)opaque;
    return (int64_t)(now_mono() * 1e9);
}

static void deliver(struct lan *l, const uint8_t *frame, size_t len, int in_port);

static ssize_t gw_send(const void *buf, size_t len, void *opaque)
{
    struct lan *l = opaque;
    uint8_t frame[2048];
    if (len <= sizeof frame) {
        memcpy(frame, buf, len);
        if (dhcp_add_router(frame, len, l->gateway.s_addr))
            buf = frame;
    }
    deliver(opaque, buf, len, l->nports);
    return (ssize_t)len;
}

static void gw_error(const char *msg, void *opaque)
{
    (void)opaque;
    fprintf(stderr, "labnet: slirp: %s\n", msg);
}

static void *timer_new(SlirpTimerCb cb, void *cb_opaque, void *opaque)
{
    struct lan *l = opaque;
    for (int i = 0; i < MAX_TIMERS; i++) {
        if (!l->timers[i].used) {
            l->timers[i] = (struct ltimer){ cb, cb_opaque, -1, 1 };
            return &l->timers[i];
        }
    }
    fprintf(stderr, "labnet: out of timers\n");
    return NULL;
}

static void timer_free(void *t, void *opaque)
{
    (void)opaque;
    if (t)
        ((struct ltimer *)t)->used = 0;
}

static void timer_mod(void *t, int64_t expire_ms, void *opaque)
{
    (void)opaque;
    if (t)
        ((struct ltimer *)t)->expire_ms = expire_ms;
}

static void reg_fd(int fd, void *opaque)
{
    (void)fd;
    (void)opaque;
}

static void notify(void *opaque)
{
    (void)opaque;
}

static void send_port(struct lan *l, int port, const uint8_t *frame, size_t len)
{
    if (port == l->nports) {
        slirp_input(l->slirp, frame, (int)len);
        return;
    }
    struct port *p = &l->ports[port];
    /* QEMU not started yet (or gone): the frame is lost, as on a real cable. */
    sendto(p->fd, frame, len, MSG_DONTWAIT, (struct sockaddr *)&p->peer, sizeof p->peer);
}

static void deliver(struct lan *l, const uint8_t *frame, size_t len, int in_port)
{
    if (l->pcap)
        pcap_write(l->pcap, frame, len);
    int out = macsw_route(&l->sw, frame, len, in_port, now_mono());
    if (out == -2)
        return;
    if (out != MACSW_FLOOD) {
        send_port(l, out, frame, len);
        return;
    }
    for (int p = 0; p <= l->nports; p++)
        if (p != in_port)
            send_port(l, p, frame, len);
}

static int add_poll(int fd, int events, void *opaque)
{
    struct lan *l = opaque;
    short ev = 0;
    if (l->npfd >= 64)
        return -1;
    if (events & SLIRP_POLL_IN) ev |= POLLIN;
    if (events & SLIRP_POLL_OUT) ev |= POLLOUT;
    if (events & SLIRP_POLL_PRI) ev |= POLLPRI;
    l->pfd[l->npfd] = (struct pollfd){ fd, ev, 0 };
    return l->npfd++;
}

static int get_revents(int idx, void *opaque)
{
    struct lan *l = opaque;
    short r = l->pfd[idx].revents;
    int ev = 0;
    if (r & POLLIN) ev |= SLIRP_POLL_IN;
    if (r & POLLOUT) ev |= SLIRP_POLL_OUT;
    if (r & POLLPRI) ev |= SLIRP_POLL_PRI;
    if (r & POLLERR) ev |= SLIRP_POLL_ERR;
    if (r & POLLHUP) ev |= SLIRP_POLL_HUP;
    return ev;
}

static int open_port(struct port *p, const char *name)
{
    struct sockaddr_un me = { .sun_family = AF_UNIX };
    snprintf(p->name, sizeof p->name, "%s", name);
    snprintf(me.sun_path, sizeof me.sun_path, "%s.lan", name);
    p->peer = (struct sockaddr_un){ .sun_family = AF_UNIX };
    snprintf(p->peer.sun_path, sizeof p->peer.sun_path, "%s.nic", name);
    unlink(me.sun_path);
    p->fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (p->fd < 0 || bind(p->fd, (struct sockaddr *)&me, sizeof me) < 0) {
        fprintf(stderr, "labnet: cannot bind %s: %s\n", me.sun_path, strerror(errno));
        return -1;
    }
    return 0;
}

/* "192.168.1.0/24" */
static int parse_subnet(const char *s, struct in_addr *net, struct in_addr *mask)
{
    char buf[64];
    const char *slash = strchr(s, '/');
    int bits = slash ? atoi(slash + 1) : 24;
    snprintf(buf, sizeof buf, "%.*s", slash ? (int)(slash - s) : (int)strlen(s), s);
    if (inet_pton(AF_INET, buf, net) != 1 || bits < 8 || bits > 30)
        return -1;
    mask->s_addr = htonl(0xffffffffu << (32 - bits));
    net->s_addr &= mask->s_addr;
    return 0;
}

/* ".1" is host 1 of the subnet; a full address is taken as is. */
static int parse_addr(const char *s, struct in_addr net, struct in_addr *out)
{
    if (s[0] == '.') {
        char *end;
        long h = strtol(s + 1, &end, 10);
        if (*end || h < 1 || h > 254)
            return -1;
        out->s_addr = htonl(ntohl(net.s_addr) + (uint32_t)h);
        return 0;
    }
    return inet_pton(AF_INET, s, out) == 1 ? 0 : -1;
}

static void usage(void)
{
    fprintf(stderr, "usage: labnet --dir D --hosts h1,h2 [--pcap F] [--subnet 192.168.1.0/24] "
                    "[--gateway .1] [--dhcp-start .100]\n");
    exit(2);
}

static Slirp *make_gateway(struct lan *l, const char *subnet, const char *gw, const char *dhcp)
{
    static SlirpCb cb = {
        .send_packet = gw_send, .guest_error = gw_error, .clock_get_ns = clock_ns,
        .timer_new = timer_new, .timer_free = timer_free, .timer_mod = timer_mod,
        .register_poll_fd = reg_fd, .unregister_poll_fd = reg_fd, .notify = notify,
    };
    SlirpConfig cfg;
    struct in_addr net, mask, host, start, dns;
    memset(&cfg, 0, sizeof cfg);
    if (parse_subnet(subnet, &net, &mask) < 0 || parse_addr(gw, net, &host) < 0 ||
        parse_addr(dhcp, net, &start) < 0 || parse_addr(".3", net, &dns) < 0) {
        fprintf(stderr, "labnet: bad --subnet, --gateway or --dhcp-start\n");
        return NULL;
    }
    cfg.version = 3;
    cfg.restricted = 1;          /* nothing leaves the emulated LAN */
    cfg.in_enabled = true;
    cfg.vnetwork = net;
    cfg.vnetmask = mask;
    cfg.vhost = host;
    l->gateway = host;
    cfg.in6_enabled = false;
    cfg.vhostname = "labnet";
    cfg.vdhcp_start = start;
    cfg.vnameserver = dns;
    cfg.disable_host_loopback = true;
    cfg.disable_dns = true;
    return slirp_new(&cfg, &cb, l);
}

static void run_timers(struct lan *l)
{
    int64_t now_ms = (int64_t)(now_mono() * 1000);
    for (int i = 0; i < MAX_TIMERS; i++) {
        struct ltimer *t = &l->timers[i];
        if (t->used && t->expire_ms >= 0 && t->expire_ms <= now_ms) {
            t->expire_ms = -1;
            t->cb(t->opaque);
        }
    }
}

static void loop(struct lan *l)
{
    static uint8_t frame[FRAME_MAX];
    while (!stop) {
        uint32_t timeout = 100;
        l->npfd = 0;
        for (int i = 0; i < l->nports; i++)
            add_poll(l->ports[i].fd, SLIRP_POLL_IN, l);
        slirp_pollfds_fill(l->slirp, &timeout, add_poll, l);
        int r = poll(l->pfd, (nfds_t)l->npfd, (int)(timeout > 100 ? 100 : timeout));
        if (r < 0 && errno != EINTR)
            break;
        for (int i = 0; i < l->nports; i++) {
            if (!(l->pfd[i].revents & POLLIN))
                continue;
            ssize_t n;
            while ((n = recv(l->ports[i].fd, frame, sizeof frame, MSG_DONTWAIT)) > 0)
                deliver(l, frame, (size_t)n, i);
        }
        slirp_pollfds_poll(l->slirp, r < 0, get_revents, l);
        run_timers(l);
    }
}

int main(int argc, char **argv)
{
    static const struct option lo[] = {
        { "dir", 1, 0, 'd' }, { "hosts", 1, 0, 'H' }, { "pcap", 1, 0, 'p' }, { "subnet", 1, 0, 's' },
        { "gateway", 1, 0, 'g' }, { "dhcp-start", 1, 0, 'D' }, { 0, 0, 0, 0 },
    };
    const char *dir = NULL, *hosts = NULL, *pcap = NULL, *subnet = "192.168.1.0/24", *gw = ".1",
               *dhcp = ".100";
    int c;
    static struct lan l;
    while ((c = getopt_long(argc, argv, "", lo, NULL)) != -1) {
        switch (c) {
        case 'd': dir = optarg; break;
        case 'H': hosts = optarg; break;
        case 'p': pcap = optarg; break;
        case 's': subnet = optarg; break;
        case 'g': gw = optarg; break;
        case 'D': dhcp = optarg; break;
        default: usage();
        }
    }
    if (!dir || !hosts || optind != argc)
        usage();
    prctl(PR_SET_PDEATHSIG, SIGTERM);
    signal(SIGTERM, on_term);
    signal(SIGINT, on_term);
    signal(SIGPIPE, SIG_IGN);
    if (chdir(dir) < 0) {
        fprintf(stderr, "labnet: cannot enter %s: %s\n", dir, strerror(errno));
        return 1;
    }
    if (pcap && !(l.pcap = pcap_open(pcap))) {
        fprintf(stderr, "labnet: cannot write %s: %s\n", pcap, strerror(errno));
        return 1;
    }
    macsw_init(&l.sw, 300);
    char *list = xstrdup(hosts);
    for (char *h = strtok(list, ","); h; h = strtok(NULL, ",")) {
        if (l.nports == MAX_PORTS - 1 || strlen(h) > 32 || open_port(&l.ports[l.nports], h) < 0)
            return 1;
        l.nports++;
    }
    free(list);
    l.slirp = make_gateway(&l, subnet, gw, dhcp);
    if (!l.slirp)
        return 1;
    fprintf(stderr, "labnet: %d hosts on %s, gateway %s, DHCP from %s (restricted)\n", l.nports, subnet,
            gw, dhcp);
    loop(&l);
    slirp_cleanup(l.slirp);
    for (int i = 0; i < l.nports; i++) {
        char path[64];
        snprintf(path, sizeof path, "%s.lan", l.ports[i].name);
        unlink(path);
    }
    if (l.pcap)
        fclose(l.pcap);
    return 0;
}

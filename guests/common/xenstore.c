/* The xenstore client (xenstore.h). The guest owns req_prod and
 * rsp_cons, the daemon req_cons and rsp_prod; each side publishes its
 * index after the bytes (a release fence) and notifies the channel
 * (xenstore-ring.txt). Waiting is against a TSC deadline, by
 * SCHEDOP_yield (no shared_info or upcall needed, so any test may use it)
 * or, after xenstore_wait_by_poll(), blocked in SCHEDOP_poll on the
 * masked port: a guest that waits long must not take the pCPU from dom0,
 * whose xenstored it waits for. */
#include "test.h"
#include "evtchn.h"
#include "xenstore.h"

#include <xen/event_channel.h>
#include <xen/hvm/hvm_op.h>
#include <xen/hvm/params.h>
#include <xen/io/xs_wire.h>

static volatile struct xenstore_domain_interface *ring;
static evtchn_port_t port;
static uint32_t req_id;
static bool polls;

static long get_param(unsigned int index, uint64_t *value)
{
    struct xen_hvm_param p = { .domid = DOMID_SELF, .index = index };
    long rc = hypercall(__HYPERVISOR_hvm_op, HVMOP_get_param, (unsigned long)&p, 0);

    *value = p.value;
    return rc;
}

long xenstore_init(void)
{
    uint64_t pfn, evtchn;
    long rc;

    if ( (rc = get_param(HVM_PARAM_STORE_PFN, &pfn)) ||
         (rc = get_param(HVM_PARAM_STORE_EVTCHN, &evtchn)) )
        return rc;
    /* The identity map covers 4 GiB; a ring above it was never given. */
    if ( !pfn || !evtchn || pfn >= (GB(4) >> 12) )
        return -XEN_ENODEV;
    ring = (volatile struct xenstore_domain_interface *)(pfn << 12);
    port = (evtchn_port_t)evtchn;
    return 0;
}

long xenstore_wait_by_poll(void)
{
    long rc;

    if ( !ring )
        return -XEN_ENODEV;
    if ( (rc = evtchn_map_shared_info()) )
        return rc;
    evtchn_set_mask(port, true);
    polls = true;
    return 0;
}

/* One wait for the daemon: back at its next notification, or soon. The
 * pending bit is taken after the poll, before the ring is looked at
 * again, so a notification is never lost, only sometimes seen twice. */
static void wait_daemon(void)
{
    if ( !polls )
    {
        hypercall(__HYPERVISOR_sched_op, SCHEDOP_yield, 0, 0);
        return;
    }
    evtchn_poll(port, 10000000);
    evtchn_take_pending(port);
}

static void notify(void)
{
    struct evtchn_send s = { .port = port };

    hypercall(__HYPERVISOR_event_channel_op, EVTCHNOP_send, (unsigned long)&s, 0);
}

static uint64_t deadline(unsigned int ms)
{
    uint32_t khz = tsc_khz() ? tsc_khz() : 1000000;

    return rdtsc() + (uint64_t)ms * khz;
}

void xenstore_sleep(unsigned int ms)
{
    uint64_t end = deadline(ms);

    while ( rdtsc() < end )
        wait_daemon();
}

/* Copies len bytes into the request ring, waiting for room. */
static bool put(const void *data, uint32_t len, uint64_t end)
{
    const char *p = data;

    while ( len )
    {
        XENSTORE_RING_IDX prod = ring->req_prod;
        uint32_t room = XENSTORE_RING_SIZE - (prod - ring->req_cons), n = 0;

        for ( ; n < room && n < len; n++ )
            ring->req[MASK_XENSTORE_IDX(prod + n)] = p[n];
        if ( n )
        {
            __atomic_thread_fence(__ATOMIC_RELEASE);
            ring->req_prod = prod + n;
            notify();
            p += n;
            len -= n;
            continue;
        }
        if ( rdtsc() > end )
            return false;
        wait_daemon();
    }
    return true;
}

/* Takes len bytes from the response ring (into buf unless NULL). */
static bool get(void *buf, uint32_t len, uint64_t end)
{
    char *p = buf;

    while ( len )
    {
        XENSTORE_RING_IDX cons = ring->rsp_cons;
        uint32_t avail = ring->rsp_prod - cons, n = 0;

        __atomic_thread_fence(__ATOMIC_ACQUIRE);
        for ( ; n < avail && n < len; n++ )
            if ( p )
                *p++ = ring->rsp[MASK_XENSTORE_IDX(cons + n)];
        if ( n )
        {
            __atomic_thread_fence(__ATOMIC_RELEASE);
            ring->rsp_cons = cons + n;
            notify();
            len -= n;
            continue;
        }
        if ( rdtsc() > end )
            return false;
        wait_daemon();
    }
    return true;
}

/* An XS_ERROR's payload is the errno's name (xsd_errors in xs_wire.h). */
static long error_code(const char *name)
{
    static const struct { const char *name; long code; } codes[] = {
        { "ENOENT", -XEN_ENOENT }, { "EACCES", -XEN_EACCES }, { "EINVAL", -XEN_EINVAL },
        { "EPERM", -XEN_EPERM }, { "E2BIG", -XEN_E2BIG }, { "ENOMEM", -XEN_ENOMEM },
        { "EAGAIN", -XEN_EAGAIN }, { "ENOSYS", -XEN_ENOSYS },
    };

    for ( unsigned int i = 0; i < ARRAY_SIZE(codes); i++ )
        if ( !strcmp(name, codes[i].name) )
            return codes[i].code;
    return -XEN_EIO;
}

long xenstore_read(const char *path, char *val, size_t size, unsigned int timeout_ms)
{
    struct xsd_sockmsg msg = { .type = XS_READ, .req_id = ++req_id,
                               .len = (uint32_t)strlen(path) + 1 };
    uint64_t end = deadline(timeout_ms);
    static char body[XENSTORE_PAYLOAD_MAX + 1];

    if ( !ring )
        return -XEN_ENODEV;
    if ( msg.len > XENSTORE_REL_PATH_MAX || !size )
        return -XEN_EINVAL;
    if ( !put(&msg, sizeof(msg), end) || !put(path, msg.len, end) )
        return -XEN_ETIMEDOUT;
    for ( ;; )
    {
        if ( !get(&msg, sizeof(msg), end) )
            return -XEN_ETIMEDOUT;
        if ( msg.len > XENSTORE_PAYLOAD_MAX )
            return -XEN_EIO;            /* a protocol violation: give up */
        if ( !get(body, msg.len, end) )
            return -XEN_ETIMEDOUT;
        body[msg.len] = '\0';
        /* Watch events (none are set) and stale answers are skipped. */
        if ( msg.type != XS_WATCH_EVENT && msg.req_id == req_id )
            break;
    }
    if ( msg.type == XS_ERROR )
        return error_code(body);
    if ( msg.type != XS_READ )
        return -XEN_EIO;
    memcpy(val, body, msg.len < size ? msg.len : size - 1);
    val[msg.len < size ? msg.len : size - 1] = '\0';
    return msg.len;
}

/* The event-channel half of the pair (public/event_channel.h, xen.h):
 * shared_info mapped by add_to_physmap, upcalls on the callback vector
 * (HVM_PARAM_CALLBACK_IRQ of type vector, as Linux 6.1 sets it), and the
 * ping-pong, which waits with SCHEDOP_poll on a masked port: no upcall,
 * the poll's own wake-up, as Linux's PV spinlocks wait. */
#include "peer.h"

#define MAX_NS_PER_ROUND 100000000UL    /* 100 ms: something is wrong */

void events_init(void)
{
    long rc;

    if ( (rc = evtchn_map_shared_info()) )
        test_abort("add_to_physmap(shared_info): %ld", rc);
    if ( (rc = evtchn_use_callback_vector()) )
        test_abort("set_param(CALLBACK_IRQ): %ld", rc);
    sti();
}

bool events_wait_seen(evtchn_port_t p, unsigned int ms)
{
    uint64_t end = rdtsc() + (uint64_t)ms * (tsc_khz() ? tsc_khz() : 1000000);

    while ( !evtchn_was_seen(p) && rdtsc() < end )
        yield();
    return evtchn_was_seen(p);
}

void expect_status(const char *who, evtchn_port_t p, unsigned int status, domid_t dom,
                   evtchn_port_t rport)
{
    struct evtchn_status st = { .dom = DOMID_SELF, .port = p };
    long rc = evtchn_op(EVTCHNOP_status, &st);

    if ( st.status == EVTCHNSTAT_interdomain )
        printk("%s: status of port %u: rc %ld, %u (interdomain), domain %u port %u\n", who, p,
               rc, st.status, st.u.interdomain.dom, st.u.interdomain.port);
    else
        printk("%s: status of port %u: rc %ld, %u, for domain %u\n", who, p, rc, st.status,
               st.u.unbound.dom);
    if ( rc || st.status != status ||
         (status == EVTCHNSTAT_interdomain &&
          (st.u.interdomain.dom != dom || st.u.interdomain.port != rport)) ||
         (status == EVTCHNSTAT_unbound && st.u.unbound.dom != dom) )
        test_fail("%s: port %u: rc %ld status %u, expected %u with domain %u", who, p, rc,
                  st.status, status, dom);
}

/* Blocks until p is pending, and takes it (polls of 100 ms each). */
static void wait_event(evtchn_port_t p)
{
    uint64_t end = rdtsc() + 60000ULL * (tsc_khz() ? tsc_khz() : 1000000);

    while ( !evtchn_take_pending(p) )
    {
        if ( rdtsc() > end )
            test_abort("no event on port %u within 60 s", p);
        evtchn_poll(p, 100000000);
    }
}

void pingpong_a(evtchn_port_t p, unsigned long warm, unsigned long n)
{
    uint32_t khz = tsc_khz();
    uint64_t t0 = 0, ticks;
    unsigned long ns;

    evtchn_set_mask(p, true);
    evtchn_take_pending(p);
    for ( unsigned long i = 0; i < warm + n; i++ )
    {
        if ( i == warm )
            t0 = rdtsc();
        if ( evtchn_send(p) )
            test_abort("ping %lu: send failed", i);
        wait_event(p);
    }
    ticks = rdtsc() - t0;
    evtchn_set_mask(p, false);
    if ( !khz )
        return test_fail("no TSC rate in Xen's CPUID leaf base+3");
    ns = (unsigned long)(ticks * 1000000 / khz / n);
    printk("ping-pong: %lu round trips, %lu ns each\n", n, ns);
    if ( ns < 1 || ns > MAX_NS_PER_ROUND )
        test_fail("ping-pong: %lu ns per round trip is absurd", ns);
}

/* p is masked already: A's first ping must not be taken by an upcall. */
void pingpong_b(evtchn_port_t p, unsigned long rounds)
{
    for ( unsigned long i = 0; i < rounds; i++ )
    {
        wait_event(p);
        if ( evtchn_send(p) )
            test_abort("pong %lu: send failed", i);
    }
    evtchn_set_mask(p, false);
    printk("B: answered %lu pings\n", rounds);
}

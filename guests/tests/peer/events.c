/* The event-channel half of the pair (public/event_channel.h, xen.h):
 * shared_info mapped by add_to_physmap, upcalls on the callback vector
 * (HVM_PARAM_CALLBACK_IRQ of type vector, as Linux 6.1 sets it), and the
 * ping-pong, which waits with SCHEDOP_poll on a masked port: no upcall,
 * the poll's own wake-up, as Linux's PV spinlocks wait. */
#include "peer.h"

#include <xen/hvm/hvm_op.h>
#include <xen/hvm/params.h>
#include <xen/memory.h>

#define CALLBACK_VECTOR 0xf3
#define MAX_NS_PER_ROUND 100000000UL    /* 100 ms: something is wrong */

static uint8_t shinfo_page[4096] __aligned(4096);
static shared_info_t *const sh = (shared_info_t *)shinfo_page;
static volatile unsigned int upcalls;
static volatile uint64_t seen[2];       /* ports 0-127 delivered so far */

long evtchn_op(int cmd, void *arg)
{
    return hypercall(__HYPERVISOR_event_channel_op, (unsigned long)cmd, (unsigned long)arg, 0);
}

long evtchn_send_port(evtchn_port_t p)
{
    struct evtchn_send op = { .port = p };

    return evtchn_op(EVTCHNOP_send, &op);
}

/* The guest's half of the 2-level protocol, as Linux's
 * __xen_evtchn_do_upcall: clear upcall_pending, take the selector, take
 * every pending unmasked port of each selected word. */
static bool upcall(struct cpu_regs *regs)
{
    vcpu_info_t *vi = &sh->vcpu_info[0];
    xen_ulong_t sel;

    (void)regs;
    upcalls++;
    vi->evtchn_upcall_pending = 0;
    sel = __atomic_exchange_n(&vi->evtchn_pending_sel, 0, __ATOMIC_SEQ_CST);
    while ( sel )
    {
        unsigned int w = __builtin_ctzl(sel);
        xen_ulong_t bits = sh->evtchn_pending[w] & ~sh->evtchn_mask[w];

        sel &= sel - 1;
        __atomic_fetch_and(&sh->evtchn_pending[w], ~bits, __ATOMIC_SEQ_CST);
        if ( w < 2 )
            seen[w] |= bits;
    }
    return true;
}

void events_init(void)
{
    struct xen_add_to_physmap xatp = { .domid = DOMID_SELF, .space = XENMAPSPACE_shared_info,
                                       .idx = 0, .gpfn = (uintptr_t)shinfo_page >> 12 };
    struct xen_hvm_param cb = { .domid = DOMID_SELF, .index = HVM_PARAM_CALLBACK_IRQ,
                                .value = (uint64_t)HVM_PARAM_CALLBACK_TYPE_VECTOR << 56 |
                                         CALLBACK_VECTOR };
    long rc;

    if ( (rc = hypercall(__HYPERVISOR_memory_op, XENMEM_add_to_physmap, (unsigned long)&xatp, 0)) )
        test_abort("add_to_physmap(shared_info): %ld", rc);
    trap_set_hook(CALLBACK_VECTOR, upcall);
    if ( (rc = hypercall(__HYPERVISOR_hvm_op, HVMOP_set_param, (unsigned long)&cb, 0)) )
        test_abort("set_param(CALLBACK_IRQ): %ld", rc);
    sti();
}

void events_forget(void)
{
    upcalls = 0;
    seen[0] = seen[1] = 0;
}

unsigned int events_upcalls(void)
{
    return upcalls;
}

bool events_seen(evtchn_port_t p)
{
    return p < 128 && (seen[p / 64] >> (p % 64) & 1);
}

bool events_wait_seen(evtchn_port_t p, unsigned int ms)
{
    uint64_t end = rdtsc() + (uint64_t)ms * (tsc_khz() ? tsc_khz() : 1000000);

    while ( !events_seen(p) && rdtsc() < end )
        yield();
    return events_seen(p);
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

void events_mask(evtchn_port_t p, bool on)
{
    if ( on )
        __atomic_fetch_or(&sh->evtchn_mask[p / 64], 1UL << (p % 64), __ATOMIC_SEQ_CST);
    else
        __atomic_fetch_and(&sh->evtchn_mask[p / 64], ~(1UL << (p % 64)), __ATOMIC_SEQ_CST);
}

static bool take_pending(evtchn_port_t p)
{
    xen_ulong_t bit = 1UL << (p % 64);

    return __atomic_fetch_and(&sh->evtchn_pending[p / 64], ~bit, __ATOMIC_SEQ_CST) & bit;
}

/* Blocks until p is pending, and takes it. The poll's timeout is system
 * time (public/sched.h), read from vcpu_info as last published: a stale
 * value only makes the poll return early, and the loop polls again. */
static void wait_event(evtchn_port_t p)
{
    struct sched_poll poll = { .nr_ports = 1 };
    uint64_t end = rdtsc() + 60000ULL * (tsc_khz() ? tsc_khz() : 1000000);

    set_xen_guest_handle(poll.ports, &p);
    while ( !take_pending(p) )
    {
        if ( rdtsc() > end )
            test_abort("no event on port %u within 60 s", p);
        poll.timeout = sh->vcpu_info[0].time.system_time + 100000000;
        hypercall(__HYPERVISOR_sched_op, SCHEDOP_poll, (unsigned long)&poll, 0);
    }
}

void pingpong_a(evtchn_port_t p, unsigned long warm, unsigned long n)
{
    uint32_t khz = tsc_khz();
    uint64_t t0 = 0, ticks;
    unsigned long ns;

    events_mask(p, true);
    take_pending(p);
    for ( unsigned long i = 0; i < warm + n; i++ )
    {
        if ( i == warm )
            t0 = rdtsc();
        if ( evtchn_send_port(p) )
            test_abort("ping %lu: send failed", i);
        wait_event(p);
    }
    ticks = rdtsc() - t0;
    events_mask(p, false);
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
        if ( evtchn_send_port(p) )
            test_abort("pong %lu: send failed", i);
    }
    events_mask(p, false);
    printk("B: answered %lu pings\n", rounds);
}

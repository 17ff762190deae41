/* Two test domains talking to each other: one binary started twice, as
 * role=a and role=b, each told the other's domain ID by peer= on its
 * command line or, when that is absent, by the xenstore node "peer"
 * under its own domain's path (on Xen, A is created before B exists, so
 * the toolstack writes it there once B has its ID).
 *   events: A allocates a port unbound for B and publishes it in its
 *     control page (granted to B at REF_CTRL); B binds it; both see the
 *     interdomain status; one send each way arrives as an upcall; after
 *     the ping-pong B closes its end and A's is unbound, for B.
 *   grants: grants.c.
 *   ping-pong: rounds= round trips (default 1000, after warm= 10),
 *     timed by A: "ping-pong: N round trips, X ns each" (make bench).
 * Both print the result line; each failure says which side saw what. */
#include "peer.h"
#include "xenstore.h"

const char test_title[] = "Two domains: interdomain event channel, grants, ping-pong";

domid_t self, peer;
volatile struct peer_ctrl *ctrl;
static uint8_t ctrl_page[4096] __aligned(4096);

void yield(void)
{
    hypercall(__HYPERVISOR_sched_op, SCHEDOP_yield, 0, 0);
}

void set_step(volatile uint32_t *mine, uint32_t step)
{
    __atomic_store_n(mine, step, __ATOMIC_RELEASE);
}

void wait_step(const volatile uint32_t *theirs, uint32_t step, const char *what)
{
    uint64_t end = rdtsc() + 120000ULL * (tsc_khz() ? tsc_khz() : 1000000);

    while ( __atomic_load_n(theirs, __ATOMIC_ACQUIRE) < step )
    {
        if ( rdtsc() > end )
            test_abort("the peer did not get to step %u (%s) within 120 s", step, what);
        yield();
    }
}

void expect(const char *what, long got, long want)
{
    printk("%s: %ld\n", what, got);
    if ( got != want )
        test_fail("%s: %ld, Xen gives %ld", what, got, want);
}

/* peer= on the command line, else the xenstore node, retried until the
 * toolstack has written it. */
static bool find_peer(void)
{
    unsigned long id;
    char val[16], line[32];
    long rc;

    if ( cmdline_get_ulong(test_cmdline, "peer", &id) )
    {
        peer = (domid_t)id;
        printk("peer %u from the command line\n", peer);
        return true;
    }
    if ( (rc = xenstore_init()) )
        return test_fail("no peer= and no xenstore ring: %ld", rc), false;
    for ( unsigned int i = 0; i < 600; i++ )
    {
        rc = xenstore_read("peer", val, sizeof(val), 10000);
        if ( rc >= 0 )
            break;
        if ( rc != -XEN_ENOENT )
            return test_fail("xenstore read of peer: %ld", rc), false;
        for ( uint64_t end = rdtsc() + 100ULL * (tsc_khz() ? tsc_khz() : 1000000);
              rdtsc() < end; )
            yield();
    }
    /* The value is a decimal ID: read it as the command line's would be. */
    snprintf(line, sizeof(line), "peer=%s", rc < 0 ? "" : val);
    if ( rc < 0 || !cmdline_get_ulong(line, "peer", &id) )
        return test_fail("xenstore peer: rc %ld, value '%s'", rc, rc < 0 ? "" : val), false;
    peer = (domid_t)id;
    printk("peer %u from xenstore\n", peer);
    return true;
}

static void role_a(unsigned long warm, unsigned long rounds)
{
    struct evtchn_alloc_unbound au = { .dom = DOMID_SELF, .remote_dom = peer };
    struct evtchn_close cl;

    ctrl = (volatile struct peer_ctrl *)ctrl_page;
    expect("A: alloc_unbound for the peer", evtchn_op(EVTCHNOP_alloc_unbound, &au), 0);
    ctrl->a_port = au.port;
    ctrl->magic = PEER_MAGIC;
    expect_status("A", au.port, EVTCHNSTAT_unbound, peer, 0);
    set_step(&ctrl->a_step, A_PUBLISHED);
    grants_publish_a(ctrl_page);

    wait_step(&ctrl->b_step, B_BOUND, "bound");
    expect_status("A", au.port, EVTCHNSTAT_interdomain, peer, ctrl->b_port);
    evtchn_forget();
    set_step(&ctrl->a_step, A_CHECKED);
    wait_step(&ctrl->b_step, B_SENT, "sent");
    events_wait_seen(au.port, 5000);
    printk("A: event from B: %u upcall(s), port %u seen: %d\n", evtchn_upcalls, au.port,
           evtchn_was_seen(au.port));
    if ( !evtchn_was_seen(au.port) )
        test_fail("A: B's event did not arrive as an upcall");
    expect("A: send to B", evtchn_send(au.port), 0);
    set_step(&ctrl->a_step, A_SENT);

    wait_step(&ctrl->b_step, B_MAPPED, "mapped");
    grants_check_a();
    grants_revoke_a();
    set_step(&ctrl->a_step, A_REVOKED);
    wait_step(&ctrl->b_step, B_UNMAPPED, "unmapped");
    grants_after_a();

    ctrl->rounds = (uint32_t)(warm + rounds);
    set_step(&ctrl->a_step, A_PING);
    pingpong_a(au.port, warm, rounds);
    wait_step(&ctrl->b_step, B_CLOSED, "closed");
    expect_status("A: after B closed its end", au.port, EVTCHNSTAT_unbound, peer, 0);
    expect("A: send on it (dropped)", evtchn_send(au.port), 0);
    cl.port = au.port;
    expect("A: close", evtchn_op(EVTCHNOP_close, &cl), 0);
    set_step(&ctrl->a_step, A_DONE);
    grants_end_ctrl_a();
}

static void role_b(void)
{
    struct evtchn_bind_interdomain bi = { .remote_dom = peer };
    struct evtchn_close cl;

    ctrl = grants_map_ctrl_b();
    wait_step(&ctrl->a_step, A_PUBLISHED, "published");
    if ( ctrl->magic != PEER_MAGIC )
        test_abort("B: A's control page holds %#x", ctrl->magic);
    bi.remote_port = ctrl->a_port;
    evtchn_forget();
    expect("B: bind_interdomain to A's port", evtchn_op(EVTCHNOP_bind_interdomain, &bi), 0);
    events_wait_seen(bi.local_port, 1000);
    printk("B: bound local port %u to domain %u port %u; notified at bind: %d\n",
           bi.local_port, peer, bi.remote_port, evtchn_was_seen(bi.local_port));
    if ( !evtchn_was_seen(bi.local_port) )
        test_fail("B: no notification on the freshly bound port (Xen raises one)");
    expect_status("B", bi.local_port, EVTCHNSTAT_interdomain, peer, bi.remote_port);
    ctrl->b_port = bi.local_port;
    evtchn_forget();
    set_step(&ctrl->b_step, B_BOUND);

    wait_step(&ctrl->a_step, A_CHECKED, "checked");
    expect("B: send to A", evtchn_send(bi.local_port), 0);
    set_step(&ctrl->b_step, B_SENT);
    wait_step(&ctrl->a_step, A_SENT, "sent");
    events_wait_seen(bi.local_port, 5000);
    printk("B: event from A: %u upcall(s), port %u seen: %d\n", evtchn_upcalls,
           bi.local_port, evtchn_was_seen(bi.local_port));
    if ( !evtchn_was_seen(bi.local_port) )
        test_fail("B: A's event did not arrive as an upcall");

    grants_map_b();
    set_step(&ctrl->b_step, B_MAPPED);
    wait_step(&ctrl->a_step, A_REVOKED, "revoked");
    grants_unmap_b();
    evtchn_set_mask(bi.local_port, true);
    set_step(&ctrl->b_step, B_UNMAPPED);

    wait_step(&ctrl->a_step, A_PING, "ping");
    pingpong_b(bi.local_port, ctrl->rounds);
    cl.port = bi.local_port;
    expect("B: close its end", evtchn_op(EVTCHNOP_close, &cl), 0);
    set_step(&ctrl->b_step, B_CLOSED);
    wait_step(&ctrl->a_step, A_DONE, "done");
    grants_unmap_ctrl_b();
}

void test_main(void)
{
    unsigned long warm = 10, rounds = 1000;
    char role[4] = "";

    if ( !xen_cpuid_base )
        return test_skip("not on a Xen-ABI hypervisor");
    cmdline_get(test_cmdline, "role", role, sizeof(role));
    cmdline_get_ulong(test_cmdline, "warm", &warm);
    cmdline_get_ulong(test_cmdline, "rounds", &rounds);
    if ( strcmp(role, "a") && strcmp(role, "b") )
        return test_fail("role=a or role=b, not '%s'", role);
    if ( !rounds )
        return test_fail("rounds=0: nothing to measure");
    self = (domid_t)cpuid(xen_cpuid_base + 4).c;
    printk("role %s, domain %u\n", role, self);
    if ( !find_peer() )
        return;
    events_init();
    if ( !strcmp(role, "a") )
        role_a(warm, rounds);
    else
        role_b();
    cli();
}

/* Event channels on fake domains: Xen 4.17's port numbers, states and error
 * codes, and the 2-level protocol's bits and upcalls. */
#include <check.h>
#include <string.h>
#include "suites.h"
#include <xen/event.h>
#include <public/errno.h>

struct fake {
    struct evtchn_domain ed;
    struct shared_info shared;
    struct evtchn chn[EVTCHN_DEFAULT_MAX_PORT + 1];
    unsigned int upcalls[4];
    unsigned int polled;                /* check_pollers calls */
    evtchn_port_t polled_port;          /* the last one's port */
};

static struct fake a, b;

static struct vcpu_info *vi(void *ctx, unsigned int vcpu)
{
    return &((struct fake *)ctx)->shared.vcpu_info[vcpu];
}

static void upcall(void *ctx, unsigned int vcpu)
{
    ((struct fake *)ctx)->upcalls[vcpu]++;
}

static void check_pollers(void *ctx, evtchn_port_t port)
{
    ((struct fake *)ctx)->polled++;
    ((struct fake *)ctx)->polled_port = port;
}

static const struct evtchn_hooks hooks = { vi, upcall, check_pollers };

static void fake_init(struct fake *f, domid_t id, unsigned int vcpus)
{
    memset(f, 0, sizeof(*f));
    f->ed.domid = id;
    f->ed.nr_vcpus = vcpus;
    f->ed.shared = &f->shared;
    f->ed.hooks = &hooks;
    f->ed.ctx = f;
    evtchn_init(&f->ed, f->chn, EVTCHN_DEFAULT_MAX_PORT);
}

static void setup(void)
{
    fake_init(&a, 1, 2);
    fake_init(&b, 2, 1);
}

/* The guest acknowledging: clears what the upcall handler would. */
static void ack(struct fake *f, unsigned int vcpu, evtchn_port_t port)
{
    f->shared.vcpu_info[vcpu].evtchn_upcall_pending = 0;
    f->shared.vcpu_info[vcpu].evtchn_pending_sel = 0;
    f->shared.evtchn_pending[port / 64] &= ~(1UL << (port % 64));
}

START_TEST(ports_are_lowest_free_and_port0_reserved)
{
    evtchn_port_t p, q;
    struct evtchn_status st;

    ck_assert_int_eq(evtchn_alloc_unbound(&a.ed, DOMID_SELF, 1, &p), 0);
    ck_assert_uint_eq(p, 1);
    ck_assert_int_eq(evtchn_bind_ipi(&a.ed, 1, &q), 0);
    ck_assert_uint_eq(q, 2);
    ck_assert_int_eq(evtchn_close(&a.ed, 1), 0);
    ck_assert_int_eq(evtchn_bind_ipi(&a.ed, 0, &q), 0);
    ck_assert_uint_eq(q, 1);                        /* reused */
    ck_assert_int_eq(evtchn_close(&a.ed, 0), -XEN_EINVAL);   /* reserved */
    ck_assert_int_eq(evtchn_status(&a.ed, 0, &st), 0);
    ck_assert_int_eq(st.status, EVTCHNSTAT_closed);
    /* Unbound to DOMID_SELF names the caller. */
    ck_assert_int_eq(evtchn_alloc_unbound(&a.ed, DOMID_SELF, 1, &p), 0);
    ck_assert_int_eq(evtchn_status(&a.ed, p, &st), 0);
    ck_assert_int_eq(st.status, EVTCHNSTAT_unbound);
    ck_assert_uint_eq(st.u.unbound.dom, 1);
}
END_TEST

START_TEST(validity_goes_by_bucket)
{
    evtchn_port_t p;
    struct evtchn_status st;

    /* Free ports of the first bucket are valid: unmask and status succeed,
     * close and send refuse; beyond it, everything is -EINVAL. */
    ck_assert_int_eq(evtchn_unmask(&a.ed, 63), 0);
    ck_assert_int_eq(evtchn_status(&a.ed, 63, &st), 0);
    ck_assert_int_eq(st.status, EVTCHNSTAT_closed);
    ck_assert_int_eq(evtchn_close(&a.ed, 63), -XEN_EINVAL);
    ck_assert_int_eq(evtchn_send(&a.ed, 63), -XEN_EINVAL);
    ck_assert_int_eq(evtchn_unmask(&a.ed, 64), -XEN_EINVAL);
    ck_assert_int_eq(evtchn_status(&a.ed, 64, &st), -XEN_EINVAL);
    ck_assert_int_eq(evtchn_bind_vcpu(&a.ed, 64, 0), -XEN_EINVAL);
    /* Filling the first bucket makes the second valid. */
    for (unsigned int i = 1; i <= 64; i++) {
        ck_assert_int_eq(evtchn_bind_ipi(&a.ed, 0, &p), 0);
        ck_assert_uint_eq(p, i);
    }
    ck_assert_int_eq(evtchn_unmask(&a.ed, 127), 0);
    ck_assert_int_eq(evtchn_unmask(&a.ed, 128), -XEN_EINVAL);
}
END_TEST

START_TEST(runs_out_at_max_port)
{
    evtchn_port_t p = 0;
    int rc = 0;
    unsigned int n = 0;

    while ((rc = evtchn_bind_ipi(&b.ed, 0, &p)) == 0)
        n++;
    ck_assert_int_eq(rc, -XEN_ENOSPC);
    ck_assert_uint_eq(n, EVTCHN_DEFAULT_MAX_PORT);
    ck_assert_int_eq(evtchn_close(&b.ed, 500), 0);
    ck_assert_int_eq(evtchn_alloc_unbound(&b.ed, 0, 2, &p), 0);
    ck_assert_uint_eq(p, 500);
    evtchn_reset(&b.ed);
    ck_assert_uint_eq(b.ed.active_evtchns, 0);
    ck_assert_int_eq(evtchn_bind_ipi(&b.ed, 0, &p), 0);
    ck_assert_uint_eq(p, 1);
    /* A dying domain gets no new port. */
    b.ed.dying = true;
    ck_assert_int_eq(evtchn_bind_ipi(&b.ed, 0, &p), -XEN_EINVAL);
}
END_TEST

START_TEST(interdomain_bind_send_close)
{
    evtchn_port_t pb, pa, pa2;
    struct evtchn_status st;

    /* b offers a port to a (domid 1); a binds it. */
    ck_assert_int_eq(evtchn_alloc_unbound(&b.ed, 1, 2, &pb), 0);
    ck_assert_int_eq(evtchn_bind_interdomain(&a.ed, &b.ed, pb + 1, &pa), -XEN_EINVAL);
    ck_assert_uint_eq(a.ed.active_evtchns, 0);      /* the failed bind took no port */
    ck_assert_int_eq(evtchn_bind_interdomain(&a.ed, &b.ed, pb, &pa), 0);
    ck_assert_uint_eq(pa, 1);
    /* Xen's conservative notification on the new local port. */
    ck_assert(evtchn_2l_is_pending(&a.ed, pa));
    ck_assert_uint_eq(a.upcalls[0], 1);
    ack(&a, 0, pa);
    ck_assert_int_eq(evtchn_status(&b.ed, pb, &st), 0);
    ck_assert_int_eq(st.status, EVTCHNSTAT_interdomain);
    ck_assert_uint_eq(st.u.interdomain.dom, 1);
    ck_assert_uint_eq(st.u.interdomain.port, pa);
    /* A port bound already cannot be bound twice. */
    ck_assert_int_eq(evtchn_bind_interdomain(&a.ed, &b.ed, pb, &pa2), -XEN_EINVAL);

    /* Sends go to the other end, on its notify vCPU. */
    ck_assert_int_eq(evtchn_send(&a.ed, pa), 0);
    ck_assert(evtchn_2l_is_pending(&b.ed, pb));
    ck_assert_uint_eq(b.upcalls[0], 1);
    ck_assert_int_eq(evtchn_bind_vcpu(&a.ed, pa, 1), 0);
    ck_assert_int_eq(evtchn_send(&b.ed, pb), 0);
    ck_assert_uint_eq(a.upcalls[1], 1);
    ck_assert(a.shared.vcpu_info[1].evtchn_pending_sel & 1);

    /* Closing one end leaves the other unbound, waiting for the closer:
     * sends there are dropped, and it can be bound again. */
    ck_assert_int_eq(evtchn_close(&a.ed, pa), 0);
    ck_assert(!evtchn_2l_is_pending(&a.ed, pa));    /* cleared on free */
    ck_assert_int_eq(evtchn_status(&b.ed, pb, &st), 0);
    ck_assert_int_eq(st.status, EVTCHNSTAT_unbound);
    ck_assert_uint_eq(st.u.unbound.dom, 1);
    ck_assert_int_eq(evtchn_send(&b.ed, pb), 0);
    ck_assert_int_eq(evtchn_bind_interdomain(&a.ed, &b.ed, pb, &pa), 0);
    /* The wrong domain cannot bind a port offered to another. */
    ck_assert_int_eq(evtchn_alloc_unbound(&a.ed, 7, 1, &pa2), 0);
    ck_assert_int_eq(evtchn_bind_interdomain(&b.ed, &a.ed, pa2, &pb), -XEN_EINVAL);
    /* Loopback: a domain may connect two of its own ports. */
    ck_assert_int_eq(evtchn_alloc_unbound(&a.ed, DOMID_SELF, 1, &pa2), 0);
    ck_assert_int_eq(evtchn_bind_interdomain(&a.ed, &a.ed, pa2, &pb), 0);
    ck_assert_int_eq(evtchn_status(&a.ed, pb, &st), 0);
    ck_assert_uint_eq(st.u.interdomain.port, pa2);
}
END_TEST

START_TEST(virq_rules)
{
    evtchn_port_t p, q;
    struct evtchn_status st;

    ck_assert_int_eq(evtchn_bind_virq(&a.ed, NR_VIRQS, 0, &p), -XEN_EINVAL);
    ck_assert_int_eq(evtchn_bind_virq(&a.ed, VIRQ_DOM_EXC, 1, &p), -XEN_EINVAL); /* global */
    ck_assert_int_eq(evtchn_bind_virq(&a.ed, VIRQ_TIMER, 2, &p), -XEN_ENOENT);
    ck_assert_int_eq(evtchn_bind_virq(&a.ed, VIRQ_TIMER, 1, &p), 0);
    ck_assert_int_eq(evtchn_bind_virq(&a.ed, VIRQ_TIMER, 1, &q), -XEN_EEXIST);
    ck_assert_int_eq(evtchn_bind_virq(&a.ed, VIRQ_TIMER, 0, &q), 0);
    ck_assert_int_eq(evtchn_status(&a.ed, p, &st), 0);
    ck_assert_int_eq(st.status, EVTCHNSTAT_virq);
    ck_assert_uint_eq(st.u.virq, VIRQ_TIMER);
    ck_assert_uint_eq(st.vcpu, 1);
    /* Per-vCPU VIRQs stay on their vCPU; they cannot be sent by the guest. */
    ck_assert_int_eq(evtchn_bind_vcpu(&a.ed, p, 0), -XEN_EINVAL);
    ck_assert_int_eq(evtchn_send(&a.ed, p), -XEN_EINVAL);
    send_guest_vcpu_virq(&a.ed, 1, VIRQ_TIMER);
    ck_assert(evtchn_2l_is_pending(&a.ed, p));
    ck_assert_uint_eq(a.upcalls[1], 1);
    ck_assert_uint_eq(a.upcalls[0], 0);
    /* Closing frees the VIRQ for binding again. */
    ck_assert_int_eq(evtchn_close(&a.ed, p), 0);
    send_guest_vcpu_virq(&a.ed, 1, VIRQ_TIMER);     /* unbound: nothing */
    ck_assert(!evtchn_2l_is_pending(&a.ed, p));
    ck_assert_int_eq(evtchn_bind_virq(&a.ed, VIRQ_TIMER, 1, &p), 0);
    /* A global VIRQ binds on vCPU 0 and may move. */
    ck_assert_int_eq(evtchn_bind_virq(&a.ed, VIRQ_DOM_EXC, 0, &q), 0);
    ck_assert_int_eq(evtchn_bind_vcpu(&a.ed, q, 1), 0);
    ack(&a, 1, p);
    send_guest_global_virq(&a.ed, VIRQ_DOM_EXC);
    ck_assert(evtchn_2l_is_pending(&a.ed, q));
    ck_assert_uint_eq(a.upcalls[1], 2);
    ck_assert_int_eq(evtchn_bind_vcpu(&a.ed, q, 5), -XEN_ENOENT);
    ck_assert_int_eq(evtchn_bind_ipi(&a.ed, 2, &q), -XEN_ENOENT);
}
END_TEST

START_TEST(two_level_mask_and_upcall)
{
    evtchn_port_t p, q;

    ck_assert_int_eq(evtchn_bind_ipi(&a.ed, 0, &p), 0);
    ck_assert_int_eq(evtchn_bind_ipi(&a.ed, 0, &q), 0);
    /* Masked: pending is set, no selector, no upcall; unmask delivers. */
    a.shared.evtchn_mask[0] |= 1UL << p;
    ck_assert_int_eq(evtchn_send(&a.ed, p), 0);
    ck_assert(evtchn_2l_is_pending(&a.ed, p));
    ck_assert_uint_eq(a.shared.vcpu_info[0].evtchn_pending_sel, 0);
    ck_assert_uint_eq(a.upcalls[0], 0);
    ck_assert_int_eq(evtchn_unmask(&a.ed, p), 0);
    ck_assert(!evtchn_2l_is_masked(&a.ed, p));
    ck_assert_uint_eq(a.shared.vcpu_info[0].evtchn_pending_sel, 1);
    ck_assert_uint_eq(a.upcalls[0], 1);
    /* While upcall_pending stays set, more events add no upcall. */
    ck_assert_int_eq(evtchn_send(&a.ed, q), 0);
    ck_assert_uint_eq(a.upcalls[0], 1);
    /* An event already pending is not delivered twice. */
    ack(&a, 0, q);
    a.shared.evtchn_pending[0] |= 1UL << p;
    ck_assert_int_eq(evtchn_send(&a.ed, p), 0);
    ck_assert_uint_eq(a.upcalls[0], 1);
    /* Unmasking what is not pending delivers nothing. */
    ack(&a, 0, p);
    ck_assert_int_eq(evtchn_unmask(&a.ed, q), 0);
    ck_assert_uint_eq(a.upcalls[0], 1);
    /* Ports in the second word set selector bit 1. */
    for (unsigned int i = 0; i < 70; i++)
        ck_assert_int_eq(evtchn_bind_ipi(&a.ed, 1, &q), 0);
    ck_assert_uint_ge(q, 64);
    ck_assert_int_eq(evtchn_send(&a.ed, q), 0);
    ck_assert_uint_eq(a.shared.vcpu_info[1].evtchn_pending_sel, 1UL << (q / 64));
    ck_assert_uint_eq(a.upcalls[1], 1);
}
END_TEST

/* SCHEDOP_poll's view of a port, and its wake-up: a poller waits on a
 * port whether or not it is masked, so every new pending bit is reported,
 * and only a new one. */
START_TEST(poll_sees_pending_even_masked)
{
    evtchn_port_t p;

    ck_assert_int_eq(evtchn_port_poll(&a.ed, 0), -XEN_EINVAL);     /* reserved */
    ck_assert_int_eq(evtchn_port_poll(&a.ed, 5), -XEN_EINVAL);     /* free, in bucket */
    ck_assert_int_eq(evtchn_port_poll(&a.ed, EVTCHNS_PER_BUCKET), -XEN_EINVAL);
    ck_assert_int_eq(evtchn_bind_ipi(&a.ed, 1, &p), 0);
    ck_assert_int_eq(evtchn_port_poll(&a.ed, p), 0);
    a.shared.evtchn_mask[0] |= 1UL << p;
    ck_assert_int_eq(evtchn_send(&a.ed, p), 0);
    ck_assert_uint_eq(a.upcalls[1], 0);
    ck_assert_uint_eq(a.polled, 1);
    ck_assert_uint_eq(a.polled_port, p);
    ck_assert_int_eq(evtchn_port_poll(&a.ed, p), 1);
    ck_assert_int_eq(evtchn_send(&a.ed, p), 0);     /* already pending */
    ck_assert_uint_eq(a.polled, 1);
    ck_assert_int_eq(evtchn_close(&a.ed, p), 0);
    ck_assert_int_eq(evtchn_port_poll(&a.ed, p), -XEN_EINVAL);
}
END_TEST

Suite *event_channel_suite(void)
{
    Suite *s = suite_create("event_channel");
    TCase *tc = tcase_create("core");

    tcase_add_checked_fixture(tc, setup, NULL);
    tcase_add_test(tc, ports_are_lowest_free_and_port0_reserved);
    tcase_add_test(tc, validity_goes_by_bucket);
    tcase_add_test(tc, runs_out_at_max_port);
    tcase_add_test(tc, interdomain_bind_send_close);
    tcase_add_test(tc, virq_rules);
    tcase_add_test(tc, two_level_mask_and_upcall);
    tcase_add_test(tc, poll_sees_pending_even_masked);
    suite_add_tcase(s, tc);
    return s;
}

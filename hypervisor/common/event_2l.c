/* The 2-level event channel ABI (public/xen.h, struct shared_info and
 * struct vcpu_info): a pending and a mask bit per port in shared_info, a
 * selector bit per word of them in the vCPU's vcpu_info, and
 * evtchn_upcall_pending. The guest changes all of these too (with locked
 * instructions), so every update is an atomic read-modify-write, and the
 * order is Xen's: pending bit, then (if unmasked) selector, then upcall,
 * then pollers (who wait on a port even while it is masked). */
#include <xen/event.h>

#define BITS_PER_WORD (sizeof(xen_ulong_t) * 8)

static bool test_and_set(xen_ulong_t *w, unsigned int bit)
{
    xen_ulong_t m = (xen_ulong_t)1 << bit;

    return __atomic_fetch_or(w, m, __ATOMIC_SEQ_CST) & m;
}

static bool test_and_clear(xen_ulong_t *w, unsigned int bit)
{
    xen_ulong_t m = (xen_ulong_t)1 << bit;

    return __atomic_fetch_and(w, ~m, __ATOMIC_SEQ_CST) & m;
}

static bool test(const xen_ulong_t *w, unsigned int bit)
{
    return __atomic_load_n(w, __ATOMIC_SEQ_CST) >> bit & 1;
}

/* evtchn_upcall_pending 0 -> 1 makes the hypervisor deliver the upcall. */
static void mark_events_pending(struct evtchn_domain *d, unsigned int vcpu)
{
    struct vcpu_info *vi = d->hooks->vcpu_info(d->ctx, vcpu);

    if (!__atomic_exchange_n(&vi->evtchn_upcall_pending, 1, __ATOMIC_SEQ_CST))
        d->hooks->upcall(d->ctx, vcpu);
}

void evtchn_2l_set_pending(struct evtchn_domain *d, unsigned int vcpu, evtchn_port_t port)
{
    struct shared_info *s = d->shared;
    unsigned int w = port / BITS_PER_WORD, b = port % BITS_PER_WORD;

    if (test_and_set(&s->evtchn_pending[w], b))
        return;
    if (!test(&s->evtchn_mask[w], b) &&
        !test_and_set(&d->hooks->vcpu_info(d->ctx, vcpu)->evtchn_pending_sel, w))
        mark_events_pending(d, vcpu);
    d->hooks->check_pollers(d->ctx, port);
}

void evtchn_2l_clear_pending(struct evtchn_domain *d, evtchn_port_t port)
{
    test_and_clear(&d->shared->evtchn_pending[port / BITS_PER_WORD], port % BITS_PER_WORD);
}

void evtchn_2l_unmask(struct evtchn_domain *d, unsigned int vcpu, evtchn_port_t port)
{
    struct shared_info *s = d->shared;
    unsigned int w = port / BITS_PER_WORD, b = port % BITS_PER_WORD;

    /* An event held back by the mask is delivered now. */
    if (test_and_clear(&s->evtchn_mask[w], b) && test(&s->evtchn_pending[w], b) &&
        !test_and_set(&d->hooks->vcpu_info(d->ctx, vcpu)->evtchn_pending_sel, w))
        mark_events_pending(d, vcpu);
}

bool evtchn_2l_is_pending(const struct evtchn_domain *d, evtchn_port_t port)
{
    return test(&d->shared->evtchn_pending[port / BITS_PER_WORD], port % BITS_PER_WORD);
}

bool evtchn_2l_is_masked(const struct evtchn_domain *d, evtchn_port_t port)
{
    return test(&d->shared->evtchn_mask[port / BITS_PER_WORD], port % BITS_PER_WORD);
}

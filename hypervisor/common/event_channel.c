/* Event channel state machine, with Xen 4.17's semantics and error codes
 * (common/event_channel.c there): which port a binding gets (the lowest
 * free one), what each state allows, what closing an interdomain channel
 * leaves at the other end (an unbound port waiting for the closer), and
 * which ports count as valid (whole buckets, EVTCHNS_PER_BUCKET). Pure:
 * callers hold the lock and pass resolved domains (xen/event.h). */
#include <xen/event.h>
#include <xen/string.h>
#include <public/errno.h>

bool evtchn_port_is_valid(const struct evtchn_domain *d, evtchn_port_t port)
{
    return port < d->valid_evtchns;
}

int evtchn_port_poll(const struct evtchn_domain *d, evtchn_port_t port)
{
    if (!evtchn_port_is_valid(d, port) || d->chn[port].state <= ECS_RESERVED)
        return -XEN_EINVAL;
    return evtchn_2l_is_pending(d, port);
}

static struct evtchn *chn_of(struct evtchn_domain *d, evtchn_port_t port)
{
    return evtchn_port_is_valid(d, port) ? &d->chn[port] : NULL;
}

bool virq_is_global(unsigned int virq)
{
    switch (virq) {
    case VIRQ_TIMER: case VIRQ_DEBUG: case VIRQ_XENOPROF: case VIRQ_XENPMU:
        return false;
    default:
        return true;                    /* x86 has no per-vCPU arch VIRQs */
    }
}

/* The lowest free port; its bucket becomes valid as Xen allocates it. */
static int get_free_port(struct evtchn_domain *d, evtchn_port_t *out)
{
    if (d->dying)
        return -XEN_EINVAL;
    for (evtchn_port_t p = 0; p <= d->max_evtchn_port; p++) {
        if (evtchn_port_is_valid(d, p) && d->chn[p].state != ECS_FREE)
            continue;
        while (p >= d->valid_evtchns)
            d->valid_evtchns += EVTCHNS_PER_BUCKET;
        d->active_evtchns++;
        *out = p;
        return 0;
    }
    return -XEN_ENOSPC;
}

static void evtchn_free(struct evtchn_domain *d, evtchn_port_t port)
{
    struct evtchn *chn = &d->chn[port];

    evtchn_2l_clear_pending(d, port);   /* no stale event on the next binding */
    d->active_evtchns--;
    memset(chn, 0, sizeof(*chn));       /* ECS_FREE, notify_vcpu_id 0 */
}

void evtchn_init(struct evtchn_domain *ed, struct evtchn *chn, unsigned int max_port)
{
    evtchn_port_t p;

    ed->chn = chn;
    ed->max_evtchn_port = max_port;
    ed->valid_evtchns = EVTCHNS_PER_BUCKET;
    ed->active_evtchns = 0;
    memset(ed->virq_to_evtchn, 0, sizeof(ed->virq_to_evtchn));
    get_free_port(ed, &p);
    chn[0].state = ECS_RESERVED;
    ed->active_evtchns = 0;             /* port 0 is not counted as active */
}

int evtchn_alloc_unbound(struct evtchn_domain *d, domid_t remote, domid_t caller,
                         evtchn_port_t *port)
{
    int rc = get_free_port(d, port);

    if (rc)
        return rc;
    d->chn[*port].state = ECS_UNBOUND;
    d->chn[*port].u.unbound_remote = remote == DOMID_SELF ? caller : remote;
    return 0;
}

int evtchn_bind_interdomain(struct evtchn_domain *ld, struct evtchn_domain *rd,
                            evtchn_port_t rport, evtchn_port_t *lport)
{
    struct evtchn *lchn, *rchn;
    int rc = get_free_port(ld, lport);

    if (rc)
        return rc;
    rchn = chn_of(rd, rport);
    /* The remote end must be waiting for this very domain. */
    if (!rchn || rchn->state != ECS_UNBOUND || rchn->u.unbound_remote != ld->domid) {
        ld->active_evtchns--;           /* the port stays free */
        return -XEN_EINVAL;
    }
    lchn = &ld->chn[*lport];
    lchn->state = ECS_INTERDOMAIN;
    lchn->u.interdomain.dom = rd;
    lchn->u.interdomain.port = rport;
    rchn->state = ECS_INTERDOMAIN;
    rchn->u.interdomain.dom = ld;
    rchn->u.interdomain.port = *lport;
    /* Notifications sent to the unbound port were dropped: Xen raises one
     * on the new local port so that nothing is lost. */
    evtchn_2l_set_pending(ld, lchn->notify_vcpu_id, *lport);
    return 0;
}

int evtchn_bind_virq(struct evtchn_domain *ld, uint32_t virq, uint32_t vcpu,
                     evtchn_port_t *port)
{
    int rc;

    if (virq >= NR_VIRQS)
        return -XEN_EINVAL;
    if (virq_is_global(virq) && vcpu != 0)
        return -XEN_EINVAL;
    if (vcpu >= ld->nr_vcpus)
        return -XEN_ENOENT;
    if (ld->virq_to_evtchn[vcpu][virq])
        return -XEN_EEXIST;
    rc = get_free_port(ld, port);
    if (rc)
        return rc;
    ld->chn[*port].state = ECS_VIRQ;
    ld->chn[*port].notify_vcpu_id = (uint16_t)vcpu;
    ld->chn[*port].u.virq = virq;
    ld->virq_to_evtchn[vcpu][virq] = *port;
    return 0;
}

int evtchn_bind_ipi(struct evtchn_domain *ld, uint32_t vcpu, evtchn_port_t *port)
{
    int rc;

    if (vcpu >= ld->nr_vcpus)
        return -XEN_ENOENT;
    rc = get_free_port(ld, port);
    if (rc)
        return rc;
    ld->chn[*port].state = ECS_IPI;
    ld->chn[*port].notify_vcpu_id = (uint16_t)vcpu;
    return 0;
}

int evtchn_close(struct evtchn_domain *d, evtchn_port_t port)
{
    struct evtchn *chn = chn_of(d, port), *rchn;
    struct evtchn_domain *rd;

    if (!chn)
        return -XEN_EINVAL;
    switch (chn->state) {
    case ECS_FREE:
    case ECS_RESERVED:
        return -XEN_EINVAL;
    case ECS_VIRQ:
        d->virq_to_evtchn[virq_is_global(chn->u.virq) ? 0 : chn->notify_vcpu_id]
                         [chn->u.virq] = 0;
        break;
    case ECS_INTERDOMAIN:
        /* The other end waits, unbound, for this domain to bind again. */
        rd = chn->u.interdomain.dom;
        rchn = &rd->chn[chn->u.interdomain.port];
        rchn->state = ECS_UNBOUND;
        rchn->u.unbound_remote = d->domid;
        break;
    default:                            /* ECS_UNBOUND, ECS_IPI */
        break;
    }
    evtchn_free(d, port);
    return 0;
}

int evtchn_send(struct evtchn_domain *ld, evtchn_port_t port)
{
    struct evtchn *chn = chn_of(ld, port), *rchn;
    struct evtchn_domain *rd;

    if (!chn)
        return -XEN_EINVAL;
    switch (chn->state) {
    case ECS_INTERDOMAIN:
        rd = chn->u.interdomain.dom;
        rchn = &rd->chn[chn->u.interdomain.port];
        evtchn_2l_set_pending(rd, rchn->notify_vcpu_id, chn->u.interdomain.port);
        return 0;
    case ECS_IPI:
        evtchn_2l_set_pending(ld, chn->notify_vcpu_id, port);
        return 0;
    case ECS_UNBOUND:
        return 0;                       /* dropped, as Xen does */
    default:
        return -XEN_EINVAL;
    }
}

int evtchn_status(struct evtchn_domain *d, evtchn_port_t port, struct evtchn_status *st)
{
    const struct evtchn *chn = chn_of(d, port);

    if (!chn)
        return -XEN_EINVAL;
    memset(&st->u, 0, sizeof(st->u));
    switch (chn->state) {
    case ECS_UNBOUND:
        st->status = EVTCHNSTAT_unbound;
        st->u.unbound.dom = chn->u.unbound_remote;
        break;
    case ECS_INTERDOMAIN:
        st->status = EVTCHNSTAT_interdomain;
        st->u.interdomain.dom = chn->u.interdomain.dom->domid;
        st->u.interdomain.port = chn->u.interdomain.port;
        break;
    case ECS_VIRQ:
        st->status = EVTCHNSTAT_virq;
        st->u.virq = chn->u.virq;
        break;
    case ECS_IPI:
        st->status = EVTCHNSTAT_ipi;
        break;
    default:                            /* free and reserved ports */
        st->status = EVTCHNSTAT_closed;
        break;
    }
    st->vcpu = chn->notify_vcpu_id;
    return 0;
}

int evtchn_bind_vcpu(struct evtchn_domain *ld, evtchn_port_t port, uint32_t vcpu)
{
    struct evtchn *chn;

    if (vcpu >= ld->nr_vcpus)
        return -XEN_ENOENT;
    chn = chn_of(ld, port);
    if (!chn)
        return -XEN_EINVAL;
    switch (chn->state) {
    case ECS_VIRQ:
        if (!virq_is_global(chn->u.virq))
            return -XEN_EINVAL;
        chn->notify_vcpu_id = (uint16_t)vcpu;   /* a global VIRQ may move */
        return 0;
    case ECS_UNBOUND:
    case ECS_INTERDOMAIN:
        chn->notify_vcpu_id = (uint16_t)vcpu;
        return 0;
    default:
        return -XEN_EINVAL;
    }
}

int evtchn_unmask(struct evtchn_domain *ld, evtchn_port_t port)
{
    const struct evtchn *chn = chn_of(ld, port);

    if (!chn)
        return -XEN_EINVAL;
    evtchn_2l_unmask(ld, chn->notify_vcpu_id, port);
    return 0;
}

void evtchn_reset(struct evtchn_domain *d)
{
    for (evtchn_port_t p = 1; p < d->valid_evtchns && d->active_evtchns; p++)
        if (d->chn[p].state != ECS_FREE)
            evtchn_close(d, p);
}

void send_guest_vcpu_virq(struct evtchn_domain *d, unsigned int vcpu, unsigned int virq)
{
    evtchn_port_t port;

    if (vcpu >= d->nr_vcpus || virq >= NR_VIRQS || virq_is_global(virq))
        return;
    port = d->virq_to_evtchn[vcpu][virq];
    if (port)
        evtchn_2l_set_pending(d, vcpu, port);
}

void send_guest_global_virq(struct evtchn_domain *d, unsigned int virq)
{
    evtchn_port_t port;

    if (!d->nr_vcpus || virq >= NR_VIRQS || !virq_is_global(virq))
        return;
    port = d->virq_to_evtchn[0][virq];
    if (port)
        evtchn_2l_set_pending(d, d->chn[port].notify_vcpu_id, port);
}

/* do_event_channel_op and each domain's event channels: the hypercall side
 * of common/event_channel.c. It resolves domain IDs (DOMID_SELF, -ESRCH),
 * applies Xen's permission checks (XSM's dummy policy: a domain acts on
 * itself, the privileged domain on anyone), copies arguments in and out,
 * and serialises everything under one lock. One lock for all domains keeps
 * interdomain operations and domain destruction simple (a peer found
 * under it cannot go away while it is held); Xen's per-channel locks are
 * for when make bench shows contention. */
#include <xen/lib.h>
#include <xen/sched.h>
#include <xen/event.h>
#include <xen/xmalloc.h>
#include <asm/spinlock.h>
#include <xen/hypercall.h>
#include <xen/guest_access.h>
#include <asm/smp.h>
#include <asm/hvm/irq.h>
#include <public/errno.h>

/* Xen's continuation of a preempted reset, visible to guests though the
 * header keeps its name for the hypervisor (public/event_channel.h under
 * __XEN__). Ours never preempts a reset, so there is nothing to resume. */
#ifndef EVTCHNOP_reset_cont
#define EVTCHNOP_reset_cont 14
#endif

static DEFINE_SPINLOCK(evtchn_lock);

static struct vcpu_info *hook_vcpu_info(void *ctx, unsigned int vcpu)
{
    static struct vcpu_info scratch;    /* a vCPU without vcpu_info (id >= 32) */
    struct domain *d = ctx;
    struct vcpu *v = vcpu < d->max_vcpus ? d->vcpu[vcpu] : NULL;

    return v && v->vcpu_info ? v->vcpu_info : &scratch;
}

static void hook_upcall(void *ctx, unsigned int vcpu)
{
    struct domain *d = ctx;

    if (vcpu < d->max_vcpus && d->vcpu[vcpu])
        hvm_assert_evtchn_irq(d->vcpu[vcpu]);
}

/* Xen's evtchn_check_pollers: any vCPU polling this port, or several. */
static void hook_check_pollers(void *ctx, evtchn_port_t port)
{
    struct domain *d = ctx;
    uint64_t mask = __atomic_load_n(&d->poll_mask, __ATOMIC_SEQ_CST);

    for (unsigned int id = 0; mask && id < d->max_vcpus; id++, mask >>= 1) {
        struct vcpu *v = d->vcpu[id];
        uint64_t bit = 1ULL << id;
        int want;

        if (!(mask & 1) || !v)
            continue;
        want = __atomic_load_n(&v->poll_evtchn, __ATOMIC_SEQ_CST);
        if ((want <= 0 || (evtchn_port_t)want == port) &&
            (__atomic_fetch_and(&d->poll_mask, ~bit, __ATOMIC_SEQ_CST) & bit)) {
            __atomic_store_n(&v->poll_evtchn, 0, __ATOMIC_SEQ_CST);
            vcpu_unblock(v);
        }
    }
}

static const struct evtchn_hooks hooks = { hook_vcpu_info, hook_upcall, hook_check_pollers };

static void evtchn_xen_destroy(struct domain *d);

int evtchn_domain_init(struct domain *d)
{
    struct evtchn_domain *ed = xzalloc(struct evtchn_domain);
    struct evtchn *chn = xzalloc_array(struct evtchn, EVTCHN_DEFAULT_MAX_PORT + 1);

    if (!ed || !chn) {
        xfree(ed);
        xfree(chn);
        return -XEN_ENOMEM;
    }
    ed->domid = d->domain_id;
    ed->nr_vcpus = MIN(d->max_vcpus, (unsigned int)EVTCHN_MAX_VCPUS);
    ed->shared = d->shared_info;
    ed->hooks = &hooks;
    ed->ctx = d;
    evtchn_init(ed, chn, EVTCHN_DEFAULT_MAX_PORT);
    d->evtchn = ed;
    return 0;
}

/* Every channel closed (peers left unbound, waiting for this domain ID),
 * then freed: from domain_kill, once the domain is off the list. */
void evtchn_domain_destroy(struct domain *d)
{
    struct evtchn_domain *ed = d->evtchn;
    unsigned long flags;

    if (!ed)
        return;
    flags = spin_lock_irqsave(&evtchn_lock);
    ed->dying = true;
    evtchn_reset(ed);
    d->evtchn = NULL;
    evtchn_xen_destroy(d);
    spin_unlock_irqrestore(&evtchn_lock, flags);
    xfree(ed->chn);
    xfree(ed);
}

void send_guest_vcpu_virq_domain(struct vcpu *v, unsigned int virq)
{
    unsigned long flags = spin_lock_irqsave(&evtchn_lock);

    if (v->domain->evtchn)
        send_guest_vcpu_virq(v->domain->evtchn, (unsigned int)v->vcpu_id, virq);
    spin_unlock_irqrestore(&evtchn_lock, flags);
}

void send_guest_global_virq_domain(struct domain *d, unsigned int virq)
{
    unsigned long flags = spin_lock_irqsave(&evtchn_lock);

    if (d->evtchn)
        send_guest_global_virq(d->evtchn, virq);
    spin_unlock_irqrestore(&evtchn_lock, flags);
}

bool domain_virq_bound(struct domain *d, unsigned int virq)
{
    unsigned long flags = spin_lock_irqsave(&evtchn_lock);
    bool bound = d->evtchn && virq < NR_VIRQS && d->evtchn->virq_to_evtchn[0][virq];

    spin_unlock_irqrestore(&evtchn_lock, flags);
    return bound;
}

int evtchn_poll_port(struct domain *d, evtchn_port_t port)
{
    unsigned long flags = spin_lock_irqsave(&evtchn_lock);
    int rc = d->evtchn ? evtchn_port_poll(d->evtchn, port) : -XEN_EINVAL;

    spin_unlock_irqrestore(&evtchn_lock, flags);
    return rc;
}

/* The domain an ID names, under evtchn_lock: DOMID_SELF is the caller. */
static struct domain *lookup(domid_t id)
{
    struct domain *d = id == DOMID_SELF ? current->domain : get_domain_by_id(id);

    return d && d->evtchn && !d->is_dying ? d : NULL;
}

/* XSM's dummy XSM_TARGET: yourself, or the privileged domain. */
static bool may_act_on(const struct domain *d)
{
    return d == current->domain || current->domain->is_privileged;
}

/* One operation, with the lock held; args copied in and (when it returns
 * 0 and sets *out) out by the caller. */
static long evtchn_op(int cmd, void *a, bool *out)
{
    struct domain *cd = current->domain, *d;
    struct evtchn_domain *ld = cd->evtchn;

    *out = false;
    switch (cmd) {
    case EVTCHNOP_alloc_unbound: {
        struct evtchn_alloc_unbound *op = a;
        int rc;

        if (!(d = lookup(op->dom)))
            return -XEN_ESRCH;
        if (!may_act_on(d))
            return -XEN_EPERM;
        rc = evtchn_alloc_unbound(d->evtchn, op->remote_dom, cd->domain_id, &op->port);
        *out = !rc;
        return rc;
    }
    case EVTCHNOP_bind_interdomain: {
        struct evtchn_bind_interdomain *op = a;
        int rc;

        if (!(d = lookup(op->remote_dom)))
            return -XEN_ESRCH;
        rc = evtchn_bind_interdomain(ld, d->evtchn, op->remote_port, &op->local_port);
        *out = !rc;
        return rc;
    }
    case EVTCHNOP_bind_virq: {
        struct evtchn_bind_virq *op = a;
        int rc = evtchn_bind_virq(ld, op->virq, op->vcpu, &op->port);

        *out = !rc;
        return rc;
    }
    case EVTCHNOP_bind_ipi: {
        struct evtchn_bind_ipi *op = a;
        int rc = evtchn_bind_ipi(ld, op->vcpu, &op->port);

        *out = !rc;
        return rc;
    }
    case EVTCHNOP_bind_pirq:
        return -XEN_EINVAL;             /* no physical IRQs for a PVH domU */
    case EVTCHNOP_close:
        return evtchn_close(ld, ((struct evtchn_close *)a)->port);
    case EVTCHNOP_send:
        return evtchn_send(ld, ((struct evtchn_send *)a)->port);
    case EVTCHNOP_status: {
        struct evtchn_status *op = a;
        int rc;

        if (!(d = lookup(op->dom)))
            return -XEN_ESRCH;
        if (!evtchn_port_is_valid(d->evtchn, op->port))
            return -XEN_EINVAL;
        if (!may_act_on(d))
            return -XEN_EPERM;
        rc = evtchn_status(d->evtchn, op->port, op);
        *out = !rc;
        return rc;
    }
    case EVTCHNOP_bind_vcpu: {
        struct evtchn_bind_vcpu *op = a;

        return evtchn_bind_vcpu(ld, op->port, op->vcpu);
    }
    case EVTCHNOP_unmask:
        return evtchn_unmask(ld, ((struct evtchn_unmask *)a)->port);
    case EVTCHNOP_reset:
    case EVTCHNOP_reset_cont:
        if (!(d = lookup(((struct evtchn_reset *)a)->dom)))
            return -XEN_ESRCH;
        if (!may_act_on(d))
            return -XEN_EPERM;
        /* Another domain's channels only while its controller paused it. */
        if (d != cd && !__atomic_load_n(&d->pause_count, __ATOMIC_SEQ_CST))
            return -XEN_EINVAL;
        if (cmd == EVTCHNOP_reset_cont)
            return -XEN_EBUSY;          /* Xen: no reset in progress to resume */
        evtchn_reset(d->evtchn);
        return 0;
    }
    return -XEN_ENOSYS;                 /* FIFO (init_control, ...) is not offered */
}

static size_t arg_size(int cmd)
{
    switch (cmd) {
    case EVTCHNOP_alloc_unbound:    return sizeof(struct evtchn_alloc_unbound);
    case EVTCHNOP_bind_interdomain: return sizeof(struct evtchn_bind_interdomain);
    case EVTCHNOP_bind_virq:        return sizeof(struct evtchn_bind_virq);
    case EVTCHNOP_bind_ipi:         return sizeof(struct evtchn_bind_ipi);
    case EVTCHNOP_bind_pirq:        return sizeof(struct evtchn_bind_pirq);
    case EVTCHNOP_close:            return sizeof(struct evtchn_close);
    case EVTCHNOP_send:             return sizeof(struct evtchn_send);
    case EVTCHNOP_status:           return sizeof(struct evtchn_status);
    case EVTCHNOP_bind_vcpu:        return sizeof(struct evtchn_bind_vcpu);
    case EVTCHNOP_unmask:           return sizeof(struct evtchn_unmask);
    case EVTCHNOP_reset:
    case EVTCHNOP_reset_cont:       return sizeof(struct evtchn_reset);
    /* FIFO: not offered, but read first as Xen 4.17 does (a bad pointer
     * is -EFAULT there too), then -ENOSYS from evtchn_op. */
    case EVTCHNOP_init_control:     return sizeof(struct evtchn_init_control);
    case EVTCHNOP_expand_array:     return sizeof(struct evtchn_expand_array);
    case EVTCHNOP_set_priority:     return sizeof(struct evtchn_set_priority);
    }
    return 0;
}

long do_event_channel_op(int cmd, uint64_t arg)
{
    union {
        struct evtchn_alloc_unbound alloc_unbound;
        struct evtchn_bind_interdomain bind_interdomain;
        struct evtchn_bind_virq bind_virq;
        struct evtchn_bind_ipi bind_ipi;
        struct evtchn_bind_pirq bind_pirq;
        struct evtchn_status status;
        struct evtchn_reset reset;
        struct evtchn_init_control init_control;
        uint8_t bytes[32];
    } a;
    size_t size = arg_size(cmd);
    unsigned long flags;
    bool out;
    long rc;

    if (!size)
        return -XEN_ENOSYS;
    if (!current->domain->evtchn)
        return -XEN_ENOSYS;
    if (raw_copy_from_guest(&a, arg, size))
        return -XEN_EFAULT;
    flags = spin_lock_irqsave(&evtchn_lock);
    rc = evtchn_op(cmd, &a, &out);
    spin_unlock_irqrestore(&evtchn_lock, flags);
    if (out && raw_copy_to_guest(arg, &a, size))
        rc = -XEN_EFAULT;               /* as Xen: the binding stays */
    return rc;
}

/* The hypervisor's end of d's channels to Xen: a small table of its own
 * (domain ID DOMID_XEN, found by no lookup), whose upcall hook is the
 * notify function of whoever asked for the channel. */
struct xen_peer {
    struct evtchn_domain ed;
    struct evtchn chn[EVTCHNS_PER_BUCKET];
    struct domain *d;
    void (*notify)(struct domain *d);
    struct vcpu_info scratch;
};

static struct vcpu_info *xen_peer_vcpu_info(void *ctx, unsigned int vcpu)
{
    (void)vcpu;
    return &((struct xen_peer *)ctx)->scratch;
}

static void xen_peer_upcall(void *ctx, unsigned int vcpu)
{
    struct xen_peer *x = ctx;

    (void)vcpu;
    /* Each notification is one upcall: reopen for the next. */
    x->scratch.evtchn_upcall_pending = 0;
    x->scratch.evtchn_pending_sel = 0;
    memset(x->ed.shared->evtchn_pending, 0, sizeof(x->ed.shared->evtchn_pending));
    x->notify(x->d);
}

static void xen_peer_check_pollers(void *ctx, evtchn_port_t port)
{
    (void)ctx;                          /* the hypervisor never polls */
    (void)port;
}

static const struct evtchn_hooks xen_peer_hooks = { xen_peer_vcpu_info, xen_peer_upcall,
                                                    xen_peer_check_pollers };

int evtchn_bind_to_xen(struct domain *d, void (*notify)(struct domain *d), evtchn_port_t *port)
{
    struct xen_peer *x;
    evtchn_port_t xport;
    unsigned long flags;
    int rc;

    if (!d->evtchn || d->evtchn_xen)
        return -XEN_EINVAL;
    x = xzalloc(struct xen_peer);
    if (!x)
        return -XEN_ENOMEM;
    x->ed.shared = xzalloc(struct shared_info);
    if (!x->ed.shared) {
        xfree(x);
        return -XEN_ENOMEM;
    }
    x->d = d;
    x->notify = notify;
    x->ed.domid = DOMID_XEN;
    x->ed.nr_vcpus = 1;
    x->ed.hooks = &xen_peer_hooks;
    x->ed.ctx = x;
    evtchn_init(&x->ed, x->chn, EVTCHNS_PER_BUCKET - 1);
    flags = spin_lock_irqsave(&evtchn_lock);
    /* As a toolstack and its backend do it: d's port is allocated unbound
     * for the backend, which binds it (the bind's notification goes to the
     * backend's end, not to the guest). */
    rc = evtchn_alloc_unbound(d->evtchn, DOMID_XEN, d->domain_id, port);
    if (!rc)
        rc = evtchn_bind_interdomain(&x->ed, d->evtchn, *port, &xport);
    if (!rc)
        d->evtchn_xen = &x->ed;
    spin_unlock_irqrestore(&evtchn_lock, flags);
    if (rc) {
        xfree(x->ed.shared);
        xfree(x);
    }
    return rc;
}

void evtchn_notify_from_xen(struct domain *d)
{
    unsigned long flags = spin_lock_irqsave(&evtchn_lock);

    if (d->evtchn_xen)
        evtchn_send(d->evtchn_xen, 1);      /* its only port */
    spin_unlock_irqrestore(&evtchn_lock, flags);
}

/* After d's own channels are closed (its end of each is unbound). */
static void evtchn_xen_destroy(struct domain *d)
{
    struct xen_peer *x = (struct xen_peer *)d->evtchn_xen;

    if (!x)
        return;
    d->evtchn_xen = NULL;
    xfree(x->ed.shared);
    xfree(x);
}

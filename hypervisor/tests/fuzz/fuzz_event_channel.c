/* libFuzzer target: random sequences of event channel operations, with
 * guest-chosen ports, VIRQs and vCPUs, on two domains. After every step the
 * bookkeeping must hold: active_evtchns counts the bound ports, every
 * interdomain channel points at one pointing back, every VIRQ binding at a
 * VIRQ channel. */
#include <stdlib.h>
#include <string.h>
#include <xen/event.h>

static struct shared_info sh[2];
static struct evtchn chn[2][EVTCHN_DEFAULT_MAX_PORT + 1];
static struct evtchn_domain ed[2];

static struct vcpu_info *vi(void *ctx, unsigned int vcpu)
{
    return &((struct shared_info *)ctx)->vcpu_info[vcpu];
}

static void upcall(void *ctx, unsigned int vcpu)
{
    ((struct shared_info *)ctx)->vcpu_info[vcpu].evtchn_upcall_pending = 0;
}

static void check_pollers(void *ctx, evtchn_port_t port)
{
    (void)ctx;
    (void)port;
}

static const struct evtchn_hooks hooks = { vi, upcall, check_pollers };

static void check(struct evtchn_domain *d)
{
    unsigned int active = 0;

    for (evtchn_port_t p = 1; p <= d->max_evtchn_port; p++) {
        const struct evtchn *c = &d->chn[p];

        if (c->state == ECS_FREE)
            continue;
        if (p >= d->valid_evtchns)
            abort();
        active++;
        if (c->state == ECS_INTERDOMAIN) {
            const struct evtchn *r = &c->u.interdomain.dom->chn[c->u.interdomain.port];

            if (r->state != ECS_INTERDOMAIN || r->u.interdomain.dom != d ||
                r->u.interdomain.port != p)
                abort();
        }
    }
    if (active != d->active_evtchns || d->chn[0].state != ECS_RESERVED)
        abort();
    for (unsigned int v = 0; v < d->nr_vcpus; v++)
        for (unsigned int q = 0; q < NR_VIRQS; q++) {
            evtchn_port_t p = d->virq_to_evtchn[v][q];

            if (p && (d->chn[p].state != ECS_VIRQ || d->chn[p].u.virq != q))
                abort();
        }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
    memset(sh, 0, sizeof(sh));
    memset(chn, 0, sizeof(chn));
    for (unsigned int i = 0; i < 2; i++) {
        memset(&ed[i], 0, sizeof(ed[i]));
        ed[i].domid = (domid_t)(i + 1);
        ed[i].nr_vcpus = i + 1;
        ed[i].shared = &sh[i];
        ed[i].hooks = &hooks;
        ed[i].ctx = &sh[i];
        evtchn_init(&ed[i], chn[i], EVTCHN_DEFAULT_MAX_PORT);
    }
    for (size_t i = 0; i + 4 <= len; i += 4) {
        struct evtchn_domain *d = &ed[data[i] & 1], *o = &ed[!(data[i] & 1)];
        uint32_t arg = (uint32_t)data[i + 2] | (uint32_t)data[i + 3] << 8;
        evtchn_port_t port;
        struct evtchn_status st;

        switch (data[i + 1] % 10) {
        case 0: evtchn_alloc_unbound(d, data[i + 2] & 1 ? o->domid : DOMID_SELF, d->domid, &port); break;
        case 1: evtchn_bind_interdomain(d, data[i] & 2 ? o : d, arg, &port); break;
        case 2: evtchn_bind_virq(d, data[i + 2], data[i + 3], &port); break;
        case 3: evtchn_bind_ipi(d, data[i + 2], &port); break;
        case 4: evtchn_close(d, arg); break;
        case 5: evtchn_send(d, arg); break;
        case 6: evtchn_status(d, arg, &st); break;
        case 7: evtchn_bind_vcpu(d, arg & 0x3ff, data[i + 3] & 3); break;
        case 8: evtchn_unmask(d, arg); d->shared->evtchn_mask[arg / 64 % 64] ^= 1UL << (arg % 64); break;
        default: if (data[i + 2] == 0) evtchn_reset(d); else send_guest_vcpu_virq(d, data[i + 3] & 3, data[i + 2] % 32); break;
        }
        check(&ed[0]);
        check(&ed[1]);
    }
    return 0;
}

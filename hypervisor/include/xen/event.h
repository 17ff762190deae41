/* Event channels, Xen's 2-level ABI (public/event_channel.h; Xen 4.17
 * common/event_channel.c, event_2l.c). The state machine and the 2-level
 * bit protocol are pure code, host-tested on fake domains: they take the
 * domains they act on and never look one up. common/event_channel_op.c
 * resolves domain IDs, checks privilege, copies the guest's arguments and
 * holds the lock. */
#ifndef XEN_EVENT_H
#define XEN_EVENT_H
#include <xen/types.h>
#include <public/xen.h>
#include <public/event_channel.h>

/* Channel states (Xen's ECS_*; ECS_PIRQ does not exist here: no physical
 * IRQs are given to guests). */
#define ECS_FREE        0
#define ECS_RESERVED    1               /* port 0 */
#define ECS_UNBOUND     2
#define ECS_INTERDOMAIN 3
#define ECS_VIRQ        5
#define ECS_IPI         6

/* Xen allocates channels in buckets of a page of 64-byte structs, and a
 * port is "valid" once its bucket exists even if it is free: unmask or
 * status of such a port succeed, beyond it they give -EINVAL. */
#define EVTCHNS_PER_BUCKET      64
/* libxl's default max_event_channels for a domU. */
#define EVTCHN_DEFAULT_MAX_PORT 1023
#define EVTCHN_MAX_VCPUS        32      /* vcpu_info in shared_info */

struct evtchn_domain;

struct evtchn {
    uint8_t state;
    uint16_t notify_vcpu_id;
    union {
        domid_t unbound_remote;                 /* ECS_UNBOUND */
        struct {
            struct evtchn_domain *dom;
            evtchn_port_t port;
        } interdomain;                          /* ECS_INTERDOMAIN */
        unsigned int virq;                      /* ECS_VIRQ */
    } u;
};

/* What the 2-level protocol needs from the rest of the hypervisor. */
struct evtchn_hooks {
    /* The vCPU's vcpu_info (in shared_info or registered by the guest). */
    struct vcpu_info *(*vcpu_info)(void *ctx, unsigned int vcpu);
    /* evtchn_upcall_pending went 0 -> 1: deliver the upcall and kick. */
    void (*upcall)(void *ctx, unsigned int vcpu);
    /* port became pending, masked or not: wake a vCPU of the domain that
     * polls it (SCHEDOP_poll; Xen's evtchn_check_pollers). */
    void (*check_pollers)(void *ctx, evtchn_port_t port);
};

struct evtchn_domain {
    domid_t domid;
    unsigned int nr_vcpus;
    bool dying;
    struct shared_info *shared;                 /* the 2-level bitmaps */
    const struct evtchn_hooks *hooks;
    void *ctx;                                  /* for the hooks: the struct domain */
    struct evtchn *chn;                         /* max_evtchn_port + 1 entries */
    unsigned int max_evtchn_port, valid_evtchns, active_evtchns;
    evtchn_port_t virq_to_evtchn[EVTCHN_MAX_VCPUS][NR_VIRQS];
};

/* Whether port lies in an allocated bucket (Xen's port_is_valid). */
bool evtchn_port_is_valid(const struct evtchn_domain *d, evtchn_port_t port);

/* For SCHEDOP_poll (Xen's evtchn_port_poll): 1 if port is pending, 0 if
 * not, -XEN_EINVAL if it is beyond the buckets, free or reserved. */
int evtchn_port_poll(const struct evtchn_domain *d, evtchn_port_t port);

/* Sets up ed over chn (max_port + 1 zeroed entries); port 0 is reserved. */
void evtchn_init(struct evtchn_domain *ed, struct evtchn *chn, unsigned int max_port);

/* The operations; each returns 0 or a negative Xen errno as Xen 4.17 does
 * for the same arguments. "ld" is the calling domain. */
int evtchn_alloc_unbound(struct evtchn_domain *d, domid_t remote, domid_t caller,
                         evtchn_port_t *port);
int evtchn_bind_interdomain(struct evtchn_domain *ld, struct evtchn_domain *rd,
                            evtchn_port_t rport, evtchn_port_t *lport);
int evtchn_bind_virq(struct evtchn_domain *ld, uint32_t virq, uint32_t vcpu,
                     evtchn_port_t *port);
int evtchn_bind_ipi(struct evtchn_domain *ld, uint32_t vcpu, evtchn_port_t *port);
int evtchn_close(struct evtchn_domain *d, evtchn_port_t port);
int evtchn_send(struct evtchn_domain *ld, evtchn_port_t port);
int evtchn_status(struct evtchn_domain *d, evtchn_port_t port, struct evtchn_status *st);
int evtchn_bind_vcpu(struct evtchn_domain *ld, evtchn_port_t port, uint32_t vcpu);
int evtchn_unmask(struct evtchn_domain *ld, evtchn_port_t port);
/* Closes every channel (EVTCHNOP_reset, and a dying domain). */
void evtchn_reset(struct evtchn_domain *d);

/* Xen's own senders: a per-vCPU VIRQ (the timer) and a global one (to
 * vCPU 0's binding). Nothing happens when the VIRQ is not bound. */
void send_guest_vcpu_virq(struct evtchn_domain *d, unsigned int vcpu, unsigned int virq);
void send_guest_global_virq(struct evtchn_domain *d, unsigned int virq);
bool virq_is_global(unsigned int virq);

/* The hypervisor's side (common/event_channel_op.c): each HVM domain's
 * channels, created with it and closed when it dies; Xen's own VIRQ
 * senders take the event lock. */
struct domain;
struct vcpu;
int evtchn_domain_init(struct domain *d);
void evtchn_domain_destroy(struct domain *d);
void send_guest_vcpu_virq_domain(struct vcpu *v, unsigned int virq);
/* A global VIRQ to d, under the event lock; whether d has bound it. */
void send_guest_global_virq_domain(struct domain *d, unsigned int virq);
bool domain_virq_bound(struct domain *d, unsigned int virq);
/* evtchn_port_poll on d's channels, under the event lock. */
int evtchn_poll_port(struct domain *d, evtchn_port_t port);
/* A channel between d and the hypervisor itself (remote domain DOMID_XEN):
 * *port is d's end; notify(d) runs (under the event lock, interrupts off)
 * when d sends on it; evtchn_notify_from_xen() raises it in d. */
int evtchn_bind_to_xen(struct domain *d, void (*notify)(struct domain *d), evtchn_port_t *port);
void evtchn_notify_from_xen(struct domain *d);
long do_event_channel_op(int cmd, uint64_t arg);

/* 2-level ABI (common/event_2l.c): sets the port pending for delivery to
 * vcpu; unmask clears its mask bit and delivers what was held back. */
void evtchn_2l_set_pending(struct evtchn_domain *d, unsigned int vcpu, evtchn_port_t port);
void evtchn_2l_clear_pending(struct evtchn_domain *d, evtchn_port_t port);
void evtchn_2l_unmask(struct evtchn_domain *d, unsigned int vcpu, evtchn_port_t port);
bool evtchn_2l_is_pending(const struct evtchn_domain *d, evtchn_port_t port);
bool evtchn_2l_is_masked(const struct evtchn_domain *d, evtchn_port_t port);

#endif

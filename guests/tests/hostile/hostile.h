/* The hostile guest's parts (main.c: the loop, the randomness and the
 * pointers; probes_*.c: one generator per hypercall, each filling in a
 * call and the answers Xen 4.17 gives to it). */
#ifndef HOSTILE_H
#define HOSTILE_H

#include "test.h"

#include <xen/event_channel.h>
#include <xen/grant_table.h>
#include <xen/hvm/hvm_op.h>
#include <xen/hvm/params.h>
#include <xen/memory.h>
#include <xen/physdev.h>
#include <xen/vcpu.h>

#define MEMOP_EXTENT_SHIFT 6            /* Xen's xen/hypercall.h, not public */
#define GNTTABOP_ARG_SHIFT 12           /* Xen's common/grant_table.c */

/* One hypercall and the answers Xen gives it (at most three). */
struct call {
    const char *what;
    uint64_t nr, a[5];
    long ok[3];
    unsigned int n_ok;
    /* Batches answered per entry: n statuses, stride bytes apart. */
    int16_t *status;
    unsigned int stride, n_status;
    int16_t want_status;
};

/* A buffer of this domain's own, with hostile contents. */
union hostile_buf {
    struct xen_memory_domain dom;
    struct xen_add_to_physmap xatp;
    struct xen_remove_from_physmap xrfp;
    struct sched_remote_shutdown rs;
    struct xen_feature_info fi;
    struct xen_hvm_param param;
    struct xen_hvm_evtchn_upcall_vector upv;
    struct evtchn_alloc_unbound alloc;
    struct evtchn_bind_interdomain inter;
    struct evtchn_bind_virq virq;
    struct evtchn_bind_ipi ipi;
    struct evtchn_close close;
    struct evtchn_send send;
    struct evtchn_status status;
    struct evtchn_bind_vcpu bvcpu;
    struct evtchn_unmask unmask;
    struct evtchn_reset reset;
    struct xen_memory_reservation resv;
    struct vcpu_set_periodic_timer period;
    struct vcpu_register_vcpu_info vinfo;
    struct gnttab_setup_table setup;
    struct gnttab_query_size query;
    struct gnttab_map_grant_ref map[4];
    struct gnttab_unmap_grant_ref unmap[4];
    struct gnttab_copy copy[4];
    uint8_t raw[256];
};
extern union hostile_buf buf;
/* Xen refuses console_io to a domU that is not the console. */
extern bool console_denied;

uint64_t rnd(void);
uint64_t below(uint64_t n);
/* A 32-bit argument with random upper bits: Xen's handlers take int or
 * unsigned int, so the upper half must not matter. */
uint64_t u32_arg(uint32_t v);
void ok(struct call *c, long rc);
/* After rc, each of n statuses must be want (Xen's GNTST_*). */
void expect_status(struct call *c, int16_t *first, unsigned int stride,
                   unsigned int n, int16_t want);
/* A pointer no copy may get through. */
uint64_t bad_ptr(void);
/* A pointer into a page this guest maps read-only (CR0.WP is set): Xen
 * checks a copy to the guest against the guest's page tables. */
uint64_t ro_ptr(void);
/* A domain ID no domain has: a free one, or a reserved one but SELF. */
domid_t no_domain(void);
/* Fills buf with random bytes; returns its address. */
uint64_t hostile_buf(void);

/* probes_basic.c */
void gen_unknown(struct call *c);
void gen_xen_version(struct call *c);
void gen_console_io(struct call *c);
void gen_sched_op(struct call *c);
void gen_vcpu_op(struct call *c);
void gen_physdev_op(struct call *c);
void gen_readonly(struct call *c);
/* probes_resources.c */
void gen_memory_op(struct call *c);
void gen_evtchn_op(struct call *c);
void gen_hvm_op(struct call *c);
/* probes_grant.c */
void gen_gnttab_op(struct call *c);

#endif

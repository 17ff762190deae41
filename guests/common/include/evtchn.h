/* Event channels as a PVH guest takes them (2-level ABI, public/
 * event_channel.h and xen.h): shared_info mapped with add_to_physmap at a
 * page of the framework, and the upcall's scan, as Linux's
 * __xen_evtchn_do_upcall: clear upcall_pending, take the selector, take
 * every pending unmasked port of each selected word. A test hooks
 * evtchn_upcall() on the vector it chose (evtchn_use_callback_vector():
 * the domain's callback vector, what Linux 6.1 sets). */
#ifndef GUEST_EVTCHN_H
#define GUEST_EVTCHN_H
#include "types.h"
#include "traps.h"
#include <xen/xen.h>
#include <xen/event_channel.h>

#define EVTCHN_CALLBACK_VECTOR 0xf3

extern shared_info_t *const shared_info;
/* Upcalls taken since evtchn_forget(), and the ports 0-127 they took. */
extern volatile unsigned int evtchn_upcalls;
extern volatile uint64_t evtchn_seen[2];
/* Called for each port an upcall takes, on the vCPU that took it (set
 * before the first upcall; NULL: only evtchn_seen records it). */
extern void (*evtchn_port_handler)(unsigned int vcpu, evtchn_port_t port);
/* With more than one vCPU taking upcalls: each scans its own vcpu_info
 * (its ID from CPUID leaf base+4); else vCPU 0's. */
extern bool evtchn_multi_vcpu;

long evtchn_op(int cmd, void *arg);
long evtchn_send(evtchn_port_t p);
/* add_to_physmap(XENMAPSPACE_shared_info): 0 or the hypercall's error. */
long evtchn_map_shared_info(void);
/* The upcall's scan, as a trap hook (traps.h). */
bool evtchn_upcall(struct cpu_regs *regs);
/* HVM_PARAM_CALLBACK_IRQ of type vector, EVTCHN_CALLBACK_VECTOR hooked:
 * 0 or the hypercall's error. */
long evtchn_use_callback_vector(void);
void evtchn_forget(void);
bool evtchn_was_seen(evtchn_port_t p);
bool evtchn_is_pending(evtchn_port_t p);
void evtchn_set_mask(evtchn_port_t p, bool masked);
/* Clears p's pending bit: whether it was set. */
bool evtchn_take_pending(evtchn_port_t p);
/* SCHEDOP_poll on p for at most ns: back when p is pending (masked or
 * not), at the timeout, or at once when p is pending already. The
 * deadline is system time read from vCPU 0's vcpu_info (pvclock.h). */
long evtchn_poll(evtchn_port_t p, uint64_t ns);

#endif

/* Event channels of a test guest (see evtchn.h). */
#include "test.h"
#include "evtchn.h"
#include "pvclock.h"
#include <xen/hvm/hvm_op.h>
#include <xen/hvm/params.h>
#include <xen/memory.h>

static uint8_t shinfo_page[4096] __aligned(4096);
shared_info_t *const shared_info = (shared_info_t *)shinfo_page;
volatile unsigned int evtchn_upcalls;
volatile uint64_t evtchn_seen[2];
void (*evtchn_port_handler)(unsigned int vcpu, evtchn_port_t port);
bool evtchn_multi_vcpu;

long evtchn_op(int cmd, void *arg)
{
    return hypercall(__HYPERVISOR_event_channel_op, (unsigned long)cmd, (unsigned long)arg, 0);
}

long evtchn_send(evtchn_port_t p)
{
    struct evtchn_send op = { .port = p };

    return evtchn_op(EVTCHNOP_send, &op);
}

long evtchn_map_shared_info(void)
{
    struct xen_add_to_physmap xatp = { .domid = DOMID_SELF, .space = XENMAPSPACE_shared_info,
                                       .idx = 0, .gpfn = (uintptr_t)shinfo_page >> 12 };

    return hypercall(__HYPERVISOR_memory_op, XENMEM_add_to_physmap, (unsigned long)&xatp, 0);
}

bool evtchn_upcall(struct cpu_regs *regs)
{
    unsigned int me = evtchn_multi_vcpu ? cpuid(xen_cpuid_base + 4).b : 0;
    vcpu_info_t *vi = &shared_info->vcpu_info[me];
    xen_ulong_t sel;

    (void)regs;
    __atomic_fetch_add(&evtchn_upcalls, 1, __ATOMIC_SEQ_CST);
    vi->evtchn_upcall_pending = 0;
    sel = __atomic_exchange_n(&vi->evtchn_pending_sel, 0, __ATOMIC_SEQ_CST);
    while ( sel )
    {
        unsigned int w = __builtin_ctzl(sel);
        xen_ulong_t bits = shared_info->evtchn_pending[w] & ~shared_info->evtchn_mask[w];

        sel &= sel - 1;
        __atomic_fetch_and(&shared_info->evtchn_pending[w], ~bits, __ATOMIC_SEQ_CST);
        if ( w < 2 )
            __atomic_fetch_or(&evtchn_seen[w], bits, __ATOMIC_SEQ_CST);
        for ( ; bits && evtchn_port_handler; bits &= bits - 1 )
            evtchn_port_handler(me, (evtchn_port_t)(w * 64 + __builtin_ctzl(bits)));
    }
    return true;
}

long evtchn_use_callback_vector(void)
{
    struct xen_hvm_param cb = { .domid = DOMID_SELF, .index = HVM_PARAM_CALLBACK_IRQ,
                                .value = (uint64_t)HVM_PARAM_CALLBACK_TYPE_VECTOR << 56 |
                                         EVTCHN_CALLBACK_VECTOR };

    trap_set_hook(EVTCHN_CALLBACK_VECTOR, evtchn_upcall);
    return hypercall(__HYPERVISOR_hvm_op, HVMOP_set_param, (unsigned long)&cb, 0);
}

void evtchn_forget(void)
{
    evtchn_upcalls = 0;
    evtchn_seen[0] = evtchn_seen[1] = 0;
}

bool evtchn_was_seen(evtchn_port_t p)
{
    return p < 128 && (evtchn_seen[p / 64] >> (p % 64) & 1);
}

bool evtchn_is_pending(evtchn_port_t p)
{
    return shared_info->evtchn_pending[p / 64] >> (p % 64) & 1;
}

void evtchn_set_mask(evtchn_port_t p, bool masked)
{
    xen_ulong_t bit = 1UL << (p % 64);

    if ( masked )
        __atomic_fetch_or(&shared_info->evtchn_mask[p / 64], bit, __ATOMIC_SEQ_CST);
    else
        __atomic_fetch_and(&shared_info->evtchn_mask[p / 64], ~bit, __ATOMIC_SEQ_CST);
}

bool evtchn_take_pending(evtchn_port_t p)
{
    xen_ulong_t bit = 1UL << (p % 64);

    return __atomic_fetch_and(&shared_info->evtchn_pending[p / 64], ~bit, __ATOMIC_SEQ_CST) & bit;
}

long evtchn_poll(evtchn_port_t p, uint64_t ns)
{
    uint64_t now = pvclock_read(&shared_info->vcpu_info[0].time, NULL, NULL);
    /* Nothing published yet: 1 ns is long past, so the poll returns. */
    struct sched_poll poll = { .nr_ports = 1, .timeout = now ? now + ns : 1 };

    set_xen_guest_handle(poll.ports, &p);
    return hypercall(__HYPERVISOR_sched_op, SCHEDOP_poll, (unsigned long)&poll, 0);
}

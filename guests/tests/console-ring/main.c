/* The console ring a PVH domU is given (public/io/console.h): its page and
 * event channel from HVM_PARAM_CONSOLE_PFN/_EVTCHN, the channel already
 * bound to the console backend (xenconsoled in Xen's dom0; our hypervisor
 * itself for a dom0-less domain), and output that the backend consumes,
 * more of it than the ring holds, so that it must give room back. */
#include "test.h"
#include <xen/event_channel.h>
#include <xen/hvm/hvm_op.h>
#include <xen/hvm/params.h>
#include <xen/io/console.h>

const char test_title[] = "Console ring: HVM params, the bound channel, output through the backend";

static long get_param(unsigned int index, uint64_t *value)
{
    struct xen_hvm_param p = { .domid = DOMID_SELF, .index = index };
    long rc = hypercall(__HYPERVISOR_hvm_op, HVMOP_get_param, (unsigned long)&p, 0);

    *value = p.value;
    return rc;
}

static long notify(evtchn_port_t port)
{
    struct evtchn_send s = { .port = port };

    return hypercall(__HYPERVISOR_event_channel_op, EVTCHNOP_send, (unsigned long)&s, 0);
}

/* Waits (2 s by the TSC) until the backend has taken everything. */
static bool drained(volatile struct xencons_interface *intf)
{
    uint64_t khz = tsc_khz() ? tsc_khz() : 1000000, end = rdtsc() + 2000 * khz;

    while ( intf->out_cons != intf->out_prod )
        if ( rdtsc() > end )
            return false;
    return true;
}

/* Puts s into the ring, notifying as it goes and waiting for room. */
static bool put(volatile struct xencons_interface *intf, evtchn_port_t port, const char *s)
{
    uint64_t khz = tsc_khz() ? tsc_khz() : 1000000;

    while ( *s )
    {
        uint64_t end = rdtsc() + 2000 * khz;
        XENCONS_RING_IDX prod = intf->out_prod;

        while ( prod - intf->out_cons >= sizeof(intf->out) )
            if ( rdtsc() > end )
                return false;
        intf->out[MASK_XENCONS_IDX(prod, intf->out)] = *s++;
        __atomic_thread_fence(__ATOMIC_RELEASE);
        intf->out_prod = prod + 1;
        if ( (intf->out_prod & 63) == 0 || !*s )
            notify(port);
    }
    return true;
}

void test_main(void)
{
    uint64_t pfn, evtchn;
    volatile struct xencons_interface *intf;
    struct evtchn_status st = { .dom = DOMID_SELF };
    char line[80];
    long rc;

    if ( (rc = get_param(HVM_PARAM_CONSOLE_PFN, &pfn)) || (rc = get_param(HVM_PARAM_CONSOLE_EVTCHN, &evtchn)) )
        return test_fail("get_param: %ld", rc);
    printk("console ring at pfn %#lx, event channel %lu\n", pfn, evtchn);
    if ( !pfn || !evtchn || pfn >= (GB(4) >> 12) )
        return test_fail("no console ring given (pfn %#lx, port %lu)", pfn, evtchn);
    st.port = (evtchn_port_t)evtchn;
    rc = hypercall(__HYPERVISOR_event_channel_op, EVTCHNOP_status, (unsigned long)&st, 0);
    printk("its channel: status %u, bound to domain %#x port %u\n", st.status,
           st.u.interdomain.dom, st.u.interdomain.port);
    if ( rc || st.status != EVTCHNSTAT_interdomain )
        return test_fail("console channel: rc %ld, status %u (want interdomain)", rc, st.status);

    intf = (volatile struct xencons_interface *)(uintptr_t)(pfn << 12);
    if ( !put(intf, (evtchn_port_t)evtchn, "hello through the console ring\n") || !drained(intf) )
        return test_fail("the backend did not take the first line (cons %u prod %u)",
                         intf->out_cons, intf->out_prod);
    printk("first line taken: out_cons %u\n", intf->out_cons);
    /* Three rings' worth: only possible if the backend gives room back. */
    for ( unsigned int i = 0; i < 100; i++ )
    {
        snprintf(line, sizeof(line), "ring line %03u: %s\n", i,
                 "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGH");
        if ( !put(intf, (evtchn_port_t)evtchn, line) )
            return test_fail("no room given back after %u lines (cons %u prod %u)", i,
                             intf->out_cons, intf->out_prod);
    }
    if ( !drained(intf) )
        return test_fail("the backend stopped taking (cons %u prod %u)", intf->out_cons,
                         intf->out_prod);
    printk("%u bytes through a %zu-byte ring, all taken\n", intf->out_cons, sizeof(intf->out));
}

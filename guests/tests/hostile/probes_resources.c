/* The hostile guest's generators for memory_op, event_channel_op and
 * hvm_op. */
/* The deprecated HVM params are named for the tools only (params.h). */
#define __XEN_TOOLS__
#include "hostile.h"

/* common/memory.c do_memory_op (op = cmd & 0x3f, start_extent above),
 * arch/x86/mm.c arch_memory_op (switch on the whole cmd) and
 * arch/x86/hvm/hypercall.c hvm_memory_op. */
void gen_memory_op(struct call *c)
{
    static const uint8_t resv[] = { XENMEM_increase_reservation,
        XENMEM_decrease_reservation, XENMEM_populate_physmap };
    static const uint8_t query[] = { XENMEM_current_reservation,
        XENMEM_maximum_reservation, XENMEM_maximum_gpfn };
    uint64_t start = below(2) ? 0 : below(2) ? 1 + below(0xffff) : rnd() >> MEMOP_EXTENT_SHIFT;
    unsigned int op;

    c->nr = __HYPERVISOR_memory_op;
    c->a[1] = bad_ptr();
    switch ( below(8) )
    {
    case 0:     /* a reservation it cannot read: the extents done so far */
        c->what = "memory_op, reservation at a bad pointer";
        op = resv[below(ARRAY_SIZE(resv))];
        ok(c, start);
        if ( below(2) )
            break;
        /* Or one it can read, with random sizes and flags and an extent
         * list it cannot: every path of do_memory_op and the three
         * workers returns the extents done, start_extent. Never its own
         * increase_reservation: that one allocates before it writes. */
        c->what = "memory_op, reservation with a bad extent list";
        c->a[1] = hostile_buf();
        set_xen_guest_handle_raw(buf.resv.extent_start, (void *)bad_ptr());
        buf.resv.extent_order %= 24;
        buf.resv.domid = op != XENMEM_increase_reservation && below(2)
                         ? DOMID_SELF : no_domain();
        break;
    case 1:
        c->what = "memory_op, reservation query";
        op = query[below(ARRAY_SIZE(query))];
        if ( start )
            ok(c, -XEN_EINVAL);
        else if ( below(2) )
            ok(c, -XEN_EFAULT);
        else
        {
            c->a[1] = hostile_buf();
            buf.dom.domid = no_domain();
            ok(c, -XEN_ESRCH);
        }
        break;
    case 2:
        c->what = "memory_op, add_to_physmap";
        op = XENMEM_add_to_physmap;
        if ( start > 0xffff )           /* xatp.size is 16 bits */
            ok(c, -XEN_EDOM);
        else if ( below(2) )
            ok(c, -XEN_EFAULT);
        else
        {
            c->a[1] = hostile_buf();
            if ( below(2) )
            {
                buf.xatp.space = XENMAPSPACE_gmfn_foreign;
                ok(c, -XEN_ENOSYS);
            }
            else
            {
                buf.xatp.space %= XENMAPSPACE_gmfn_foreign;
                buf.xatp.domid = no_domain();
                ok(c, -XEN_ESRCH);
            }
        }
        break;
    case 3:
        c->what = "memory_op, remove_from_physmap";
        op = XENMEM_remove_from_physmap;
        if ( start )
            ok(c, -XEN_EINVAL);
        else if ( below(2) )
            ok(c, -XEN_EFAULT);
        else
        {
            c->a[1] = hostile_buf();
            buf.xrfp.domid = no_domain();
            ok(c, -XEN_ESRCH);
        }
        break;
    case 4:     /* arch_memory_op matches the whole cmd */
        c->what = "memory_op, memory_map";
        op = XENMEM_memory_map;
        ok(c, start ? -XEN_ENOSYS : -XEN_EFAULT);
        break;
    case 5:
        c->what = "memory_op, exchange/maximum_ram_page";
        op = below(2) ? XENMEM_exchange : XENMEM_maximum_ram_page;
        if ( !start && op == XENMEM_maximum_ram_page )
            start = 1;
        ok(c, start ? -XEN_EINVAL : -XEN_EFAULT);
        break;
    case 6:     /* hvm_memory_op refuses these to every HVM guest */
        c->what = "memory_op, machine map/machphys";
        op = below(2) ? XENMEM_machine_memory_map : XENMEM_machphys_mapping;
        ok(c, -XEN_ENOSYS);
        break;
    default:    /* beyond XENMEM_acquire_resource (28): no such op */
        c->what = "memory_op, unknown op";
        op = XENMEM_acquire_resource + 1 + below(0x3f - XENMEM_acquire_resource);
        ok(c, -XEN_ENOSYS);
        break;
    }
    c->a[0] = (start << MEMOP_EXTENT_SHIFT) | op;
}

/* common/event_channel.c: every op copies its argument first; then the
 * ports (>= 4096, beyond the 2-level ABI), vCPUs and domains. Op 14 is
 * left out: EVTCHNOP_reset_cont of later 4.17 releases (4.17.7, the
 * reference), which the installed headers do not name. */
void gen_evtchn_op(struct call *c)
{
    int cmd = below(EVTCHNOP_set_priority + 1);
    /* Beyond the 2-level ABI; or port 0 (reserved) or 32-63 (free: xl
     * binds the first ports of a domU, xenstore and console) for those
     * that only a bound port lets through. */
    uint32_t port = 4096 + below(0xffffefff);
    bool near = cmd == EVTCHNOP_close || cmd == EVTCHNOP_send ||
                cmd == EVTCHNOP_bind_vcpu;

    if ( near && below(2) )
        port = below(2) ? 0 : 32 + below(32);

    c->nr = __HYPERVISOR_event_channel_op;
    c->what = "event_channel_op, bad pointer";
    c->a[1] = bad_ptr();
    if ( !below(4) )
    {
        c->what = "event_channel_op, unknown op";
        cmd = EVTCHNOP_set_priority + 2 + below(0x7fffff00);
        if ( below(2) )
            cmd = -cmd;
        ok(c, -XEN_ENOSYS);
    }
    else if ( below(2) )
        ok(c, -XEN_EFAULT);
    else
    {
        c->what = "event_channel_op, no such port/vCPU/domain";
        c->a[1] = hostile_buf();
        switch ( cmd )
        {
        case EVTCHNOP_alloc_unbound: buf.alloc.dom = no_domain(); ok(c, -XEN_ESRCH); break;
        case EVTCHNOP_bind_interdomain: buf.inter.remote_dom = no_domain(); ok(c, -XEN_ESRCH); break;
        case EVTCHNOP_bind_virq:
            buf.virq.virq = NR_VIRQS + below(0xffffff00);
            ok(c, -XEN_EINVAL);
            if ( below(2) )
                break;
            /* A VIRQ for a vCPU it has not: a global one is -EINVAL
             * before the vCPU is looked up (virq_is_global). */
            buf.virq.virq = below(NR_VIRQS);
            buf.virq.vcpu = 1 + below(0xfffffffe);
            c->n_ok = 0;
            switch ( buf.virq.virq )
            {
            case VIRQ_TIMER: case VIRQ_DEBUG: case VIRQ_XENOPROF: case VIRQ_XENPMU:
                ok(c, -XEN_ENOENT);
                break;
            default:
                ok(c, -XEN_EINVAL);
                break;
            }
            break;
        case EVTCHNOP_bind_ipi: buf.ipi.vcpu = 1 + below(0xfffffffe); ok(c, -XEN_ENOENT); break;
        case EVTCHNOP_close: buf.close.port = port; ok(c, -XEN_EINVAL); break;
        case EVTCHNOP_send: buf.send.port = port; ok(c, -XEN_EINVAL); break;
        case EVTCHNOP_status:
            buf.status.dom = DOMID_SELF;
            buf.status.port = port;
            ok(c, -XEN_EINVAL);
            break;
        case EVTCHNOP_bind_vcpu:
            buf.bvcpu.port = port;
            buf.bvcpu.vcpu = below(2) ? 0 : 1 + below(0xfffffffe);
            ok(c, buf.bvcpu.vcpu ? -XEN_ENOENT : -XEN_EINVAL);
            break;
        case EVTCHNOP_unmask: buf.unmask.port = port; ok(c, -XEN_EINVAL); break;
        case EVTCHNOP_reset: buf.reset.dom = no_domain(); ok(c, -XEN_ESRCH); break;
        default:    /* bind_pirq, FIFO: only the copy is sure to fail */
            c->a[1] = bad_ptr();
            ok(c, -XEN_EFAULT);
            break;
        }
    }
    c->a[0] = u32_arg(cmd);
}

/* arch/x86/hvm/hvm.c hvm_allow_set_param / hvm_allow_get_param: its own
 * params a guest may not write (read): -EINVAL for the deprecated ones,
 * -EPERM for the rest. Never one it may write: that would reshape it. */
static void own_param(struct call *c, bool set)
{
    static const uint8_t settable[] = { HVM_PARAM_CALLBACK_IRQ,
        HVM_PARAM_VM86_TSS, HVM_PARAM_VM86_TSS_SIZED,
        HVM_PARAM_ACPI_IOPORTS_LOCATION, HVM_PARAM_VM_GENERATION_ID_ADDR,
        HVM_PARAM_STORE_EVTCHN, HVM_PARAM_CONSOLE_EVTCHN,
        HVM_PARAM_X87_FIP_WIDTH };
    static const uint8_t readable[] = { HVM_PARAM_STORE_PFN,
        HVM_PARAM_CONSOLE_PFN, HVM_PARAM_ALTP2M };
    static const uint8_t deprecated[] = { HVM_PARAM_PAE_ENABLED,
        HVM_PARAM_DM_DOMAIN, HVM_PARAM_MEMORY_EVENT_CR0,
        HVM_PARAM_MEMORY_EVENT_CR3, HVM_PARAM_MEMORY_EVENT_CR4,
        HVM_PARAM_MEMORY_EVENT_INT3, HVM_PARAM_NESTEDHVM,
        HVM_PARAM_MEMORY_EVENT_SINGLE_STEP, HVM_PARAM_BUFIOREQ_EVTCHN,
        HVM_PARAM_MEMORY_EVENT_MSR };
    bool allowed;
    uint32_t index;
    long rc;

    do {
        index = below(HVM_NR_PARAMS);
        allowed = false;
        for ( unsigned int i = 0; i < sizeof(settable); i++ )
            allowed |= index == settable[i];
        for ( unsigned int i = 0; !set && i < sizeof(readable); i++ )
            allowed |= index == readable[i];
    } while ( allowed );
    rc = -XEN_EPERM;
    for ( unsigned int i = 0; i < sizeof(deprecated); i++ )
        if ( index == deprecated[i] )
            rc = -XEN_EINVAL;
    buf.param.domid = DOMID_SELF;
    buf.param.index = index;
    ok(c, rc);
}

/* arch/x86/hvm/hvm.c do_hvm_op (a switch on the whole unsigned long):
 * set/get_param and the upcall vector. */
void gen_hvm_op(struct call *c)
{
    static const uint8_t unknown[] = { 2, 3, 4, 6, 7, 8, 12, 13, 14, 16, 17,
                                       18, 19, 20, 21, 22, 26, 27, 28, 29 };
    uint64_t op = below(2) ? HVMOP_set_param : HVMOP_get_param;

    c->nr = __HYPERVISOR_hvm_op;
    c->a[1] = bad_ptr();
    c->what = "hvm_op, param";
    switch ( below(6) )
    {
    case 5:
        c->what = "hvm_op, own param it may not touch";
        c->a[0] = op;
        c->a[1] = hostile_buf();
        own_param(c, op == HVMOP_set_param);
        return;
    case 0:
        ok(c, -XEN_EFAULT);
        break;
    case 1:
        c->a[1] = hostile_buf();
        buf.param.index = HVM_NR_PARAMS + below(0xffffff00);
        ok(c, -XEN_EINVAL);
        break;
    case 2:
        c->a[1] = hostile_buf();
        buf.param.index = below(HVM_NR_PARAMS);
        buf.param.domid = no_domain();
        ok(c, -XEN_ESRCH);
        break;
    case 3:
        c->what = "hvm_op, upcall vector";
        op = HVMOP_set_evtchn_upcall_vector;
        if ( below(3) )
        {
            c->a[1] = hostile_buf();
            buf.upv.vector = below(2) ? below(0x10) : 0x10 + below(0xf0);
            buf.upv.vcpu = 1 + below(0xfffffffe);
            ok(c, buf.upv.vector < 0x10 ? -XEN_EINVAL : -XEN_ENOENT);
        }
        else
            ok(c, -XEN_EFAULT);
        break;
    default:
        c->what = "hvm_op, unknown op";
        op = below(2) ? unknown[below(sizeof(unknown))] : rnd() | (1ull << (32 + below(32)));
        ok(c, -XEN_ENOSYS);
        break;
    }
    c->a[0] = op;
}

/* arch/x86/hvm/hypercall.c hvm_grant_table_op (a switch on the whole
 * cmd), then common/grant_table.c do_grant_table_op. */

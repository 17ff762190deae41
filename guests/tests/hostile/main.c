/* A hostile guest: at least 10^5 hypercalls with random numbers, sub-ops,
 * pointers and counts, each of which must come back with the answer Xen
 * 4.17 gives (RELEASE-4.17.7: arch/x86/hvm/hypercall.c and hypercall-defs.c
 * for the HVM table, then each handler named below). Every call is built
 * so that Xen refuses it: pointers that do not reach this domain's RAM
 * (non-canonical, Xen's own virtual range, unmapped above 4 GiB, guest
 * frames beyond its RAM where other domains' and the hypervisor's machine
 * frames are), domain IDs that do not exist, ports, vCPUs, indexes and
 * counts out of range. The expected set of each call is the exact path
 * Xen's source takes for those arguments, never "any negative value".
 *
 * Not probed, on purpose: SCHEDOP_shutdown, VCPUOP_down, VCPUOP_initialise
 * and valid event-channel or memory reservations (they end or reshape this
 * domain legitimately), SCHEDOP_block (sleeps until an event this guest
 * never binds), yield, is_up, stop timers, set_timer_op and
 * XENVER_version/pagesize(NULL) (they succeed: no error to check);
 * hypercalls Xen's HVM table has that are the toolstack's or optional
 * (platform_op, multicall, vm_assist, mmuext_op, xsm_op, sysctl, domctl,
 * argo, xenpmu, dm_op, hypfs, paging_domctl_cont): excluded from the
 * unknown numbers, since Xen answers them by its build options and XSM.
 *
 * Command line: seed=<n> (default: from the TSC; printed, so a run can be
 * repeated exactly), calls=<n> (default 100000). */
#include "test.h"

#include <xen/event_channel.h>
#include <xen/grant_table.h>
#include <xen/hvm/hvm_op.h>
#include <xen/hvm/params.h>
#include <xen/memory.h>
#include <xen/physdev.h>
#include <xen/vcpu.h>

const char test_title[] = "Hostile hypercalls: random numbers, sub-ops, pointers, counts";

#define MEMOP_EXTENT_SHIFT 6            /* Xen's xen/hypercall.h, not public */
#define GNTTABOP_ARG_SHIFT 12           /* Xen's common/grant_table.c */
#define SPECIAL_START 0xfc000000ul      /* libxl's ACPI and special pages */

struct call {
    const char *what;
    uint64_t nr, a[5];
    long ok[3];
    unsigned int n_ok;
};

static uint64_t rng;
static bool console_denied, intel;
/* A buffer of this domain's own, with hostile contents. */
static union {
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
    uint8_t raw[256];
} buf __aligned(64);

/* splitmix64: one 64-bit state, reproducible from the seed. */
static uint64_t rnd(void)
{
    uint64_t z = (rng += 0x9e3779b97f4a7c15ull);

    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static uint64_t below(uint64_t n)
{
    return rnd() % n;
}

/* A 32-bit argument with random upper bits: Xen's handlers take int or
 * unsigned int, so the upper half must not matter. */
static uint64_t u32_arg(uint32_t v)
{
    return (rnd() << 32) | v;
}

static void ok(struct call *c, long rc)
{
    c->ok[c->n_ok++] = rc;
}

static bool far_from_memmap(uint64_t a)
{
    return !in_memmap(a) && !in_memmap(a + 4095) && a + 4096 <= SPECIAL_START;
}

/* A pointer no copy may get through. */
static uint64_t bad_ptr(void)
{
    uint64_t a;

    switch ( below(5) )
    {
    case 0:     /* non-canonical: bits 63..47 neither all 0 nor all 1 */
        return (rnd() & ((1ull << 47) - 1)) | ((below(0x1fffe) + 1) << 47);
    case 1:     /* Xen's own range of the address space (PV guests' hole) */
        return 0xffff800000000000ull + below(1ull << 43);
    case 2:     /* lower half, beyond the 4 GiB this guest maps */
        return GB(4) + below((1ull << 47) - GB(4));
    case 3:     /* just past its RAM: frames other domains hold on a host */
        a = ram_end() + below(MB(1));
        break;
    default:    /* anywhere between its RAM and the special pages */
        a = ROUNDUP(ram_end(), MB(2)) + below(SPECIAL_START - ROUNDUP(ram_end(), MB(2)));
        break;
    }
    return far_from_memmap(a) ? a : 0xffff82d040000000ull + below(MB(16));
}

/* A domain ID no domain has: free, below DOMID_FIRST_RESERVED. */
static domid_t no_domain(void)
{
    return 0x7000 + below(DOMID_FIRST_RESERVED - 0x7000);
}

static uint64_t hostile_buf(void)
{
    for ( unsigned int i = 0; i < sizeof(buf.raw); i++ )
        buf.raw[i] = rnd();
    return (uint64_t)&buf;
}

/* Numbers Xen 4.17's hvm64 table has no handler for (hypercall-defs.c):
 * call_handlers_hvm64's default, -ENOSYS, on the full RAX. */
static void gen_unknown(struct call *c)
{
    static const uint8_t known[] = { 7, 12, 13, 15, 17, 18, 20, 21, 24, 26, 27,
                                     29, 32, 33, 34, 35, 36, 39, 40, 41, 42, 49 };
    bool in_table;

    c->what = "unknown hypercall";
    do {
        c->nr = below(3) ? below(64) : rnd() | (1ull << (32 + below(32)));
        if ( !below(4) )    /* a number of the table with bits above 31 */
            c->nr = known[below(sizeof(known))] | (1ull << (32 + below(32)));
        in_table = false;
        for ( unsigned int i = 0; i < sizeof(known); i++ )
            in_table |= c->nr == known[i];
    } while ( in_table );
    for ( unsigned int i = 0; i < 5; i++ )
        c->a[i] = below(2) ? bad_ptr() : rnd();
    ok(c, -XEN_ENOSYS);
}

/* common/kernel.c, do_xen_version, with xsm_xen_version (dummy policy):
 * commandline and build_id are denied to a domU; a denied commandline
 * still copies "<denied>". */
static void gen_xen_version(struct call *c)
{
    static const int copying[] = { XENVER_extraversion, XENVER_compile_info,
        XENVER_capabilities, XENVER_changeset, XENVER_platform_parameters,
        XENVER_get_features, XENVER_guest_handle, XENVER_commandline };
    int cmd;

    c->nr = __HYPERVISOR_xen_version;
    c->a[1] = bad_ptr();
    switch ( below(4) )
    {
    case 0:
        c->what = "xen_version, bad pointer";
        cmd = copying[below(ARRAY_SIZE(copying))];
        ok(c, -XEN_EFAULT);
        break;
    case 1:
        c->what = "xen_version, pagesize with a pointer";
        cmd = XENVER_pagesize;
        ok(c, -XEN_EINVAL);
        break;
    case 2:
        c->what = "xen_version, build_id";
        cmd = XENVER_build_id;
        ok(c, -XEN_EPERM);
        break;
    default:
        c->what = "xen_version, get_features submap";
        cmd = XENVER_get_features;
        hostile_buf();
        buf.fi.submap_idx |= 1;
        c->a[1] = (uint64_t)&buf;
        ok(c, -XEN_EINVAL);
        break;
    }
    if ( !below(4) )
    {
        c->what = "xen_version, unknown sub-op";
        cmd = XENVER_build_id + 1 + below(0x7fffffff - XENVER_build_id);
        if ( below(2) )
            cmd = -cmd;
        c->n_ok = 0;
        ok(c, -XEN_ENOSYS);
    }
    c->a[0] = u32_arg(cmd);
}

/* drivers/char/console.c, do_console_io: the XSM check (a domU that is
 * not the console: -EPERM for everything) comes first. */
static void gen_console_io(struct call *c)
{
    unsigned int cmd = below(4) ? below(2) : 2 + below(0xfffffffe);
    unsigned int count = below(2) ? 1 + below(4096) : 1 + (uint32_t)rnd();

    c->what = "console_io";
    c->nr = __HYPERVISOR_console_io;
    c->a[0] = u32_arg(cmd);
    c->a[1] = u32_arg(count);
    c->a[2] = bad_ptr();
    if ( console_denied )
        ok(c, -XEN_EPERM);
    else if ( cmd == CONSOLEIO_write )
        ok(c, -XEN_EFAULT);
    else if ( cmd == CONSOLEIO_read && count > 0x7fffffff )
        ok(c, -XEN_E2BIG);
    else if ( cmd == CONSOLEIO_read )
        ok(c, 0), ok(c, -XEN_EFAULT);   /* 0: no input pending */
    else
        ok(c, -XEN_ENOSYS);
}

/* common/sched/core.c, do_sched_op. */
static void gen_sched_op(struct call *c)
{
    static const int copying[] = { SCHEDOP_poll, SCHEDOP_remote_shutdown,
                                   SCHEDOP_shutdown_code, SCHEDOP_watchdog };
    int cmd;

    c->nr = __HYPERVISOR_sched_op;
    c->a[1] = bad_ptr();
    switch ( below(4) )
    {
    case 0:
        c->what = "sched_op, bad pointer";
        cmd = copying[below(ARRAY_SIZE(copying))];
        ok(c, -XEN_EFAULT);
        break;
    case 1:     /* remote_shutdown of no domain: never this one */
        c->what = "sched_op, remote_shutdown of no domain";
        cmd = SCHEDOP_remote_shutdown;
        c->a[1] = hostile_buf();
        buf.rs.domain_id = below(2) ? DOMID_SELF : no_domain();
        ok(c, -XEN_ESRCH);
        break;
    case 2:     /* the hardware domain's only */
        c->what = "sched_op, pin_override";
        cmd = SCHEDOP_pin_override;
        ok(c, -XEN_EPERM);
        break;
    default:
        c->what = "sched_op, unknown sub-op";
        cmd = SCHEDOP_pin_override + 1 + below(0x7fffff00);
        if ( below(2) )
            cmd = -cmd;
        ok(c, -XEN_ENOSYS);
        break;
    }
    c->a[0] = u32_arg(cmd);
}

/* common/domain.c (common_vcpu_op) and arch/x86/domain.c (do_vcpu_op):
 * a vCPU this domain does not have is -ENOENT before the sub-op. */
static void gen_vcpu_op(struct call *c)
{
    static const int copying[] = { VCPUOP_get_runstate_info,
        VCPUOP_register_runstate_memory_area, VCPUOP_set_periodic_timer,
        VCPUOP_set_singleshot_timer, VCPUOP_register_vcpu_info,
        VCPUOP_register_vcpu_time_memory_area };
    int cmd = (int)rnd();

    c->nr = __HYPERVISOR_vcpu_op;
    c->a[2] = bad_ptr();
    c->a[1] = u32_arg(1 + below(0xfffffffe));
    c->what = "vcpu_op, no such vCPU";
    ok(c, -XEN_ENOENT);
    if ( below(3) )
    {
        c->a[1] = u32_arg(0);
        c->n_ok = 0;
        switch ( below(4) )
        {
        case 0:
            c->what = "vcpu_op, bad pointer";
            cmd = copying[below(ARRAY_SIZE(copying))];
            ok(c, -XEN_EFAULT);
            break;
        case 1:     /* send_nmi takes no argument; get_physid: hwdom only */
            c->what = "vcpu_op, send_nmi/get_physid";
            cmd = below(2) ? VCPUOP_send_nmi : VCPUOP_get_physid;
            ok(c, -XEN_EINVAL);
            break;
        default:
            c->what = "vcpu_op, unknown sub-op";
            cmd = VCPUOP_register_vcpu_time_memory_area + 1 + below(0x7fffff00);
            if ( below(2) )
                cmd = -cmd;
            ok(c, -XEN_ENOSYS);
            break;
        }
    }
    c->a[0] = u32_arg(cmd);
}

/* common/memory.c do_memory_op (op = cmd & 0x3f, start_extent above),
 * arch/x86/mm.c arch_memory_op (switch on the whole cmd) and
 * arch/x86/hvm/hypercall.c hvm_memory_op. */
static void gen_memory_op(struct call *c)
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
static void gen_evtchn_op(struct call *c)
{
    int cmd = below(EVTCHNOP_set_priority + 1);
    uint32_t port = 4096 + below(0xffffefff);

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

/* arch/x86/hvm/hvm.c do_hvm_op (a switch on the whole unsigned long):
 * set/get_param and the upcall vector. */
static void gen_hvm_op(struct call *c)
{
    static const uint8_t unknown[] = { 2, 3, 4, 6, 7, 8, 12, 13, 14, 16, 17,
                                       18, 19, 20, 21, 22, 26, 27, 28, 29 };
    uint64_t op = below(2) ? HVMOP_set_param : HVMOP_get_param;

    c->nr = __HYPERVISOR_hvm_op;
    c->a[1] = bad_ptr();
    c->what = "hvm_op, param";
    switch ( below(5) )
    {
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
static void gen_gnttab_op(struct call *c)
{
    static const uint8_t batch[] = { GNTTABOP_map_grant_ref,
        GNTTABOP_unmap_grant_ref, GNTTABOP_copy };
    unsigned int cmd, count = 1 + below(below(2) ? 64 : 0x7fffffff);

    c->nr = __HYPERVISOR_grant_table_op;
    c->a[1] = bad_ptr();
    switch ( below(5) )
    {
    case 0:
        c->what = "grant_table_op, batch at a bad pointer";
        cmd = batch[below(ARRAY_SIZE(batch))];
        ok(c, -XEN_EFAULT);
        break;
    case 1:     /* setup_table and query_size take exactly one */
        c->what = "grant_table_op, setup/query";
        cmd = below(2) ? GNTTABOP_setup_table : GNTTABOP_query_size;
        if ( below(2) )
            count = 1;
        ok(c, count == 1 ? -XEN_EFAULT : -XEN_EINVAL);
        break;
    case 2:
        c->what = "grant_table_op, set/get_version";
        cmd = below(2) ? GNTTABOP_set_version : GNTTABOP_get_version;
        ok(c, -XEN_EFAULT);
        break;
    case 3:     /* a negative count: -EINVAL after the HVM filter */
        c->what = "grant_table_op, negative count";
        cmd = batch[below(ARRAY_SIZE(batch))];
        count = 0x80000000u | rnd();
        ok(c, -XEN_EINVAL);
        break;
    default:    /* what the HVM filter lets through: not these */
        c->what = "grant_table_op, op refused to HVM";
        cmd = below(2) ? (below(2) ? GNTTABOP_dump_table : GNTTABOP_transfer)
                       : GNTTABOP_cache_flush + 1 + below(0xfffffff0);
        if ( below(4) == 0 )            /* continuation bits: whole cmd */
            cmd = GNTTABOP_map_grant_ref | (1 + below(0xfffff)) << GNTTABOP_ARG_SHIFT;
        ok(c, -XEN_ENOSYS);
        break;
    }
    c->a[0] = u32_arg(cmd);
    c->a[2] = u32_arg(count);
}

/* arch/x86/hvm/hypercall.c hvm_physdev_op: a PVH domU has no PIRQs and
 * is not the hardware domain, so every command is -ENOSYS. */
static void gen_physdev_op(struct call *c)
{
    c->what = "physdev_op";
    c->nr = __HYPERVISOR_physdev_op;
    c->a[0] = rnd();
    c->a[1] = bad_ptr();
    ok(c, -XEN_ENOSYS);
}

static void (*const gens[])(struct call *) = {
    gen_unknown, gen_xen_version, gen_console_io, gen_sched_op, gen_vcpu_op,
    gen_memory_op, gen_evtchn_op, gen_hvm_op, gen_gnttab_op, gen_physdev_op,
};

static long issue(const struct call *c)
{
    register uint64_t r10 asm("r10") = c->a[3];
    register uint64_t r8 asm("r8") = c->a[4];
    uint64_t rax = c->nr, rdi = c->a[0], rsi = c->a[1], rdx = c->a[2];

    /* Straight to the instruction: the page's stubs take 32-bit numbers. */
    if ( intel )
        asm volatile ( "vmcall" : "+a" (rax), "+D" (rdi), "+S" (rsi), "+d" (rdx),
                       "+r" (r10), "+r" (r8) :: "memory" );
    else
        asm volatile ( "vmmcall" : "+a" (rax), "+D" (rdi), "+S" (rsi), "+d" (rdx),
                       "+r" (r10), "+r" (r8) :: "memory" );
    return rax;
}

/* Wrong answers by kind of call: how many, and the first of each. */
static struct kind {
    const char *what;
    unsigned long calls, bad;
    struct call first;
    long rc;
} kinds[48];

static struct kind *kind_of(const char *what)
{
    unsigned int i;

    for ( i = 0; i < ARRAY_SIZE(kinds) - 1 && kinds[i].what; i++ )
        if ( kinds[i].what == what )
            break;
    kinds[i].what = what;
    return &kinds[i];
}

void test_main(void)
{
    unsigned long seed = rdtsc(), calls = 100000, bad = 0;
    uint64_t t0;
    long rc;

    if ( !xen_cpuid_base )
        return test_skip("not on a Xen-ABI hypervisor");
    intel = cpuid(0).b == 0x756e6547;
    cmdline_get_ulong(test_cmdline, "seed", &seed);
    cmdline_get_ulong(test_cmdline, "calls", &calls);
    rng = seed;
    /* Xen refuses console_io to a domU that is not the console (XSM). */
    rc = hypercall(__HYPERVISOR_console_io, CONSOLEIO_write, 0, 0);
    console_denied = rc == -XEN_EPERM;
    printk("seed=%lu calls=%lu (repeat with seed=%lu), console_io %s\n", seed,
           calls, seed, console_denied ? "refused" : "taken");

    t0 = rdtsc();
    for ( unsigned long i = 0; i < calls; i++ )
    {
        struct call c = { .n_ok = 0 };
        struct kind *k;
        bool fine = false;

        gens[below(ARRAY_SIZE(gens))](&c);
        rc = issue(&c);
        k = kind_of(c.what);
        k->calls++;
        for ( unsigned int j = 0; j < c.n_ok; j++ )
            fine |= rc == c.ok[j];
        if ( fine )
            continue;
        if ( !k->bad++ )
            k->first = c, k->rc = rc;
        if ( !bad++ )
            test_fail("call %lu, %s: rc %ld, Xen gives %ld", i, c.what, rc, c.ok[0]);
    }
    t0 = rdtsc() - t0;
    for ( struct kind *k = kinds; k < kinds + ARRAY_SIZE(kinds) && k->what; k++ )
    {
        printk("%-48s %6lu calls, %lu wrong\n", k->what, k->calls, k->bad);
        if ( k->bad )
            printk("fail: %s: nr %#lx (%#lx, %#lx, %#lx) rc %ld, Xen gives %ld\n",
                   k->what, k->first.nr, k->first.a[0], k->first.a[1],
                   k->first.a[2], k->rc, k->first.ok[0]);
    }
    printk("%lu hypercalls in %lu ms, %lu with an answer Xen would not give\n",
           calls, tsc_khz() ? (unsigned long)(t0 / tsc_khz()) : 0ul, bad);
}

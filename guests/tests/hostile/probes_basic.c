/* The hostile guest's generators for the hypercall numbers themselves,
 * xen_version, console_io, sched_op, vcpu_op and physdev_op. */
#include "hostile.h"

/* Numbers Xen 4.17's hvm64 table has no handler for (hypercall-defs.c):
 * call_handlers_hvm64's default, -ENOSYS, on the full RAX. */
void gen_unknown(struct call *c)
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
void gen_xen_version(struct call *c)
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
void gen_console_io(struct call *c)
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
void gen_sched_op(struct call *c)
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
void gen_vcpu_op(struct call *c)
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
        switch ( below(6) )
        {
        case 0:
            c->what = "vcpu_op, bad pointer";
            cmd = copying[below(ARRAY_SIZE(copying))];
            ok(c, -XEN_EFAULT);
            break;
        case 2:     /* common_vcpu_op: a period below 1 ms or above
                     * STIME_DELTA_MAX (2^63 - 1 ns) is -EINVAL */
            c->what = "vcpu_op, periodic timer out of range";
            cmd = VCPUOP_set_periodic_timer;
            c->a[2] = hostile_buf();
            buf.period.period_ns = below(2) ? below(1000000) : rnd() | (1ull << 63);
            ok(c, -XEN_EINVAL);
            break;
        case 3:     /* common/domain.c map_vcpu_info: offset past the
                     * page or misaligned (-ENXIO), then a frame that is
                     * not its RAM (-EINVAL). Never a frame it has. */
            c->what = "vcpu_op, register_vcpu_info refused";
            cmd = VCPUOP_register_vcpu_info;
            c->a[2] = hostile_buf();
            buf.vinfo.mfn = rnd() | (1ull << (36 + below(28)));
            if ( below(2) )
            {
                buf.vinfo.offset = below(2) ? 4096 - sizeof(struct vcpu_info) + 1 +
                                              below(0xffffffffu - 4096)
                                            : below(4096 - sizeof(struct vcpu_info)) | 1;
                ok(c, -XEN_ENXIO);
            }
            else
            {
                buf.vinfo.offset = below(4096 / 8 - sizeof(struct vcpu_info) / 8 + 1) * 8;
                ok(c, -XEN_EINVAL);
            }
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

/* arch/x86/hvm/hypercall.c hvm_physdev_op: a PVH domU has no PIRQs and
 * is not the hardware domain, so every command is -ENOSYS. */
void gen_physdev_op(struct call *c)
{
    c->what = "physdev_op";
    c->nr = __HYPERVISOR_physdev_op;
    c->a[0] = rnd();
    c->a[1] = bad_ptr();
    ok(c, -XEN_ENOSYS);
}

/* Copies to a page the guest maps read-only: Xen's copy_to_guest walks
 * the guest's page tables for a write (hvm_copy_to_guest_linear with
 * PFEC_write_access), so each is -EFAULT. What they read there is zero:
 * get_features' submap 0, memory_map's empty buffer. */
void gen_readonly(struct call *c)
{
    static const int writing[] = { XENVER_extraversion, XENVER_compile_info,
        XENVER_capabilities, XENVER_changeset, XENVER_platform_parameters,
        XENVER_get_features, XENVER_guest_handle, XENVER_commandline };

    c->what = "write to a read-only page";
    switch ( below(3) )
    {
    case 0:
        c->nr = __HYPERVISOR_xen_version;
        c->a[0] = u32_arg(writing[below(ARRAY_SIZE(writing))]);
        break;
    case 1:     /* common/domain.c common_vcpu_op */
        c->nr = __HYPERVISOR_vcpu_op;
        c->a[0] = u32_arg(VCPUOP_get_runstate_info);
        c->a[1] = u32_arg(0);
        break;
    default:    /* arch/x86/mm.c: the map header written back */
        c->nr = __HYPERVISOR_memory_op;
        c->a[0] = XENMEM_memory_map;
        break;
    }
    c->a[c->nr == __HYPERVISOR_vcpu_op ? 2 : 1] = ro_ptr();
    ok(c, -XEN_EFAULT);
}


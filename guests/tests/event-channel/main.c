/* Event channels, 2-level ABI, as a PVH domU uses them (public/
 * event_channel.h, xen.h): shared_info mapped with add_to_physmap, the
 * upcall through the domain's callback vector (HVM_PARAM_CALLBACK_IRQ of
 * type vector, what Linux 6.1 sets) and through the per-vCPU upcall
 * vector, IPIs to itself, masking, a loopback interdomain channel, VIRQ
 * binding rules and the error codes Xen 4.17 gives. */
#include "test.h"
#include "cmdline.h"
#include "evtchn.h"
#include <xen/event_channel.h>
#include <xen/hvm/hvm_op.h>
#include <xen/hvm/params.h>
#include <xen/memory.h>

const char test_title[] = "Event channels: upcalls, IPIs, masks, interdomain loopback, VIRQs";

#define CALLBACK_VECTOR EVTCHN_CALLBACK_VECTOR
#define UPCALL_VECTOR   0xf4
#define APIC_PA         0xfee00000ul
#define APIC_EOI        0x0b0
#define APIC_SVR        0x0f0
#define APIC_IRR        0x200

static volatile uint32_t *const apic = (volatile uint32_t *)APIC_PA;
static volatile bool eoi, exit_first;

static long hvm_op(unsigned long op, void *arg)
{
    return hypercall(__HYPERVISOR_hvm_op, op, (unsigned long)arg, 0);
}

/* The framework's scan (common/evtchn.c); through the local APIC's upcall
 * vector the interrupt also wants its EOI. */
static bool upcall(struct cpu_regs *regs)
{
    if ( exit_first )
        cpuid(0);                       /* a VM exit before upcall_pending is cleared */
    evtchn_upcall(regs);
    if ( eoi )
        apic[APIC_EOI / 4] = 0;
    return true;
}

/* The vector's bit in the local APIC's IRR (SDM 11.8.4: 8 registers of
 * 32 bits, 16 bytes apart). */
static int irr(unsigned int vec)
{
    return apic[(APIC_IRR + vec / 32 * 0x10) / 4] >> (vec % 32) & 1;
}

static void expect_rc(const char *what, long rc, long want)
{
    printk("%-44s = %ld\n", what, rc);
    if ( rc != want )
        test_fail("%s: %ld, Xen gives %ld", what, rc, want);
}

static evtchn_port_t bind_ipi(void)
{
    struct evtchn_bind_ipi op = { .vcpu = 0 };
    long rc = evtchn_op(EVTCHNOP_bind_ipi, &op);

    if ( rc )
        test_abort("bind_ipi: %ld", rc);
    return op.port;
}

static long do_close(evtchn_port_t p)
{
    struct evtchn_close op = { .port = p };

    return evtchn_op(EVTCHNOP_close, &op);
}

static long status(domid_t dom, evtchn_port_t p, struct evtchn_status *st)
{
    st->dom = dom;
    st->port = p;
    return evtchn_op(EVTCHNOP_status, st);
}

static void check_ipi_and_mask(evtchn_port_t p)
{
    struct evtchn_unmask um = { .port = p };

    /* IF clear: pending and selector set, the upcall waits for sti. */
    evtchn_forget();
    cli();
    expect_rc("send(ipi) with IF clear", evtchn_send(p), 0);
    printk("with IF clear: %u upcall(s), pending %d, upcall_pending %u\n", evtchn_upcalls,
           evtchn_is_pending(p), shared_info->vcpu_info[0].evtchn_upcall_pending);
    if ( evtchn_upcalls || !evtchn_is_pending(p) || !shared_info->vcpu_info[0].evtchn_upcall_pending )
        test_fail("IPI with IF clear: upcalls %u, pending %d", evtchn_upcalls, evtchn_is_pending(p));
    sti();
    asm volatile ( "nop" );
    printk("after sti: %u upcall(s), port %u seen: %d\n", evtchn_upcalls, p, evtchn_was_seen(p));
    if ( evtchn_upcalls != 1 || !evtchn_was_seen(p) )
        test_fail("IPI not delivered after sti");

    /* Masked: pending set, no selector, no upcall; EVTCHNOP_unmask
     * delivers what the mask held back. */
    evtchn_forget();
    __atomic_fetch_or(&shared_info->evtchn_mask[p / 64], 1UL << (p % 64), __ATOMIC_SEQ_CST);
    expect_rc("send(ipi) while masked", evtchn_send(p), 0);
    if ( evtchn_upcalls || !evtchn_is_pending(p) )
        test_fail("masked IPI: upcalls %u, pending %d", evtchn_upcalls, evtchn_is_pending(p));
    expect_rc("unmask", evtchn_op(EVTCHNOP_unmask, &um), 0);
    printk("after unmask: %u upcall(s), port %u seen: %d, masked %d\n", evtchn_upcalls, p,
           evtchn_was_seen(p), (int)(shared_info->evtchn_mask[p / 64] >> (p % 64) & 1));
    if ( evtchn_upcalls != 1 || !evtchn_was_seen(p) )
        test_fail("unmask did not deliver the held-back event");

    /* The handler leaves to the hypervisor (CPUID) before it clears
     * upcall_pending: the hypervisor must not offer the vector again
     * meanwhile, or the guest takes it a second time once its IRET sets
     * IF (Xen decides when the window opens). */
    evtchn_forget();
    exit_first = true;
    expect_rc("send(ipi), the handler exits first", evtchn_send(p), 0);
    sti();
    asm volatile ( "nop" );
    exit_first = false;
    printk("an exit inside the handler: %u upcall(s), port %u seen: %d\n", evtchn_upcalls, p,
           evtchn_was_seen(p));
    if ( evtchn_upcalls != 1 || !evtchn_was_seen(p) )
        test_fail("an exit inside the upcall handler: %u upcall(s)", evtchn_upcalls);
}

static void check_loopback(void)
{
    struct evtchn_alloc_unbound au = { .dom = DOMID_SELF, .remote_dom = DOMID_SELF };
    struct evtchn_bind_interdomain bi = { .remote_dom = DOMID_SELF };
    struct evtchn_status st;
    domid_t self;

    expect_rc("alloc_unbound(self, remote self)", evtchn_op(EVTCHNOP_alloc_unbound, &au), 0);
    expect_rc("status(unbound)", status(DOMID_SELF, au.port, &st), 0);
    self = st.u.unbound.dom;
    printk("port %u: status %u, waiting for domain %u (ourselves)\n", au.port, st.status, self);
    if ( st.status != EVTCHNSTAT_unbound )
        test_fail("unbound port has status %u", st.status);

    evtchn_forget();
    bi.remote_port = au.port;
    expect_rc("bind_interdomain(self, that port)", evtchn_op(EVTCHNOP_bind_interdomain, &bi), 0);
    printk("bound: local port %u; notified at once: %d\n", bi.local_port, evtchn_was_seen(bi.local_port));
    if ( !evtchn_was_seen(bi.local_port) )
        test_fail("no notification on the freshly bound port (Xen raises one)");
    expect_rc("status(interdomain)", status(DOMID_SELF, au.port, &st), 0);
    if ( st.status != EVTCHNSTAT_interdomain || st.u.interdomain.dom != self ||
         st.u.interdomain.port != bi.local_port )
        test_fail("interdomain status %u dom %u port %u", st.status, st.u.interdomain.dom,
                  st.u.interdomain.port);

    evtchn_forget();
    expect_rc("send on one end", evtchn_send(au.port), 0);
    expect_rc("send on the other", evtchn_send(bi.local_port), 0);
    printk("loopback: both ends seen: %d %d\n", evtchn_was_seen(bi.local_port), evtchn_was_seen(au.port));
    if ( !evtchn_was_seen(bi.local_port) || !evtchn_was_seen(au.port) )
        test_fail("loopback sends did not arrive at the other end");

    /* Close while pending: the pending bit goes, the other end waits
     * unbound for us again, and sends to it are dropped. */
    __atomic_fetch_or(&shared_info->evtchn_mask[0], 1UL << bi.local_port, __ATOMIC_SEQ_CST);
    expect_rc("send to a masked end", evtchn_send(au.port), 0);
    if ( !evtchn_is_pending(bi.local_port) )
        test_fail("masked end not pending");
    expect_rc("close the pending end", do_close(bi.local_port), 0);
    __atomic_fetch_and(&shared_info->evtchn_mask[0], ~(1UL << bi.local_port), __ATOMIC_SEQ_CST);
    printk("closed while pending: pending bit now %d\n", evtchn_is_pending(bi.local_port));
    if ( evtchn_is_pending(bi.local_port) )
        test_fail("closing a port left it pending");
    expect_rc("status(closed end)", status(DOMID_SELF, bi.local_port, &st), 0);
    if ( st.status != EVTCHNSTAT_closed )
        test_fail("closed port has status %u", st.status);
    expect_rc("status(other end)", status(DOMID_SELF, au.port, &st), 0);
    if ( st.status != EVTCHNSTAT_unbound || st.u.unbound.dom != self )
        test_fail("the other end: status %u dom %u", st.status, st.u.unbound.dom);
    expect_rc("send to an unbound port (dropped)", evtchn_send(au.port), 0);
    expect_rc("close the other end", do_close(au.port), 0);
}

static void check_errors(evtchn_port_t ipi)
{
    struct evtchn_bind_virq bv = { .virq = VIRQ_TIMER, .vcpu = 0 };
    struct evtchn_bind_ipi bip = { .vcpu = 1 };
    struct evtchn_bind_vcpu bvc = { .port = ipi, .vcpu = 1 };
    struct evtchn_alloc_unbound au = { .dom = 0x7000, .remote_dom = DOMID_SELF };
    struct evtchn_bind_interdomain bi = { .remote_dom = DOMID_SELF };
    struct evtchn_unmask um = { .port = 60 };
    struct evtchn_status st;
    evtchn_port_t timer;

    expect_rc("bind_virq(VIRQ_TIMER, vcpu 0)", evtchn_op(EVTCHNOP_bind_virq, &bv), 0);
    timer = bv.port;
    expect_rc("bind_virq(VIRQ_TIMER) again", evtchn_op(EVTCHNOP_bind_virq, &bv), -XEN_EEXIST);
    expect_rc("send on a VIRQ port", evtchn_send(timer), -XEN_EINVAL);
    bvc.port = timer;
    bvc.vcpu = 0;
    expect_rc("bind_vcpu of a per-vCPU VIRQ", evtchn_op(EVTCHNOP_bind_vcpu, &bvc), -XEN_EINVAL);
    expect_rc("status(VIRQ port)", status(DOMID_SELF, timer, &st), 0);
    if ( st.status != EVTCHNSTAT_virq || st.u.virq != VIRQ_TIMER )
        test_fail("VIRQ port status %u virq %u", st.status, st.u.virq);
    expect_rc("close(VIRQ port)", do_close(timer), 0);
    bv.virq = VIRQ_DOM_EXC;
    bv.vcpu = 1;
    expect_rc("bind_virq(global VIRQ, vcpu 1)", evtchn_op(EVTCHNOP_bind_virq, &bv), -XEN_EINVAL);
    bv.virq = NR_VIRQS;
    bv.vcpu = 0;
    expect_rc("bind_virq(NR_VIRQS)", evtchn_op(EVTCHNOP_bind_virq, &bv), -XEN_EINVAL);
    bv.virq = VIRQ_TIMER;
    bv.vcpu = 1;
    expect_rc("bind_virq(VIRQ_TIMER, no such vcpu)", evtchn_op(EVTCHNOP_bind_virq, &bv), -XEN_ENOENT);
    expect_rc("bind_ipi(no such vcpu)", evtchn_op(EVTCHNOP_bind_ipi, &bip), -XEN_ENOENT);
    bvc.port = ipi;
    bvc.vcpu = 1;
    expect_rc("bind_vcpu(no such vcpu)", evtchn_op(EVTCHNOP_bind_vcpu, &bvc), -XEN_ENOENT);
    bvc.vcpu = 0;
    expect_rc("bind_vcpu of an IPI port", evtchn_op(EVTCHNOP_bind_vcpu, &bvc), -XEN_EINVAL);
    expect_rc("close(port 0)", do_close(0), -XEN_EINVAL);
    expect_rc("close(free port 60)", do_close(60), -XEN_EINVAL);
    expect_rc("send(free port 60)", evtchn_send(60), -XEN_EINVAL);
    expect_rc("unmask(free port 60, in the first bucket)", evtchn_op(EVTCHNOP_unmask, &um), 0);
    expect_rc("status(free port 60)", status(DOMID_SELF, 60, &st), 0);
    if ( st.status != EVTCHNSTAT_closed )
        test_fail("free port status %u", st.status);
    um.port = 4000;
    expect_rc("unmask(port 4000)", evtchn_op(EVTCHNOP_unmask, &um), -XEN_EINVAL);
    expect_rc("status(port 4000)", status(DOMID_SELF, 4000, &st), -XEN_EINVAL);
    expect_rc("alloc_unbound(no such domain)", evtchn_op(EVTCHNOP_alloc_unbound, &au), -XEN_ESRCH);
    au.dom = DOMID_SELF;
    au.remote_dom = 0x7000;
    expect_rc("alloc_unbound(self, for another domain)", evtchn_op(EVTCHNOP_alloc_unbound, &au), 0);
    bi.remote_port = au.port;
    expect_rc("bind_interdomain(a port for someone else)",
              evtchn_op(EVTCHNOP_bind_interdomain, &bi), -XEN_EINVAL);
    expect_rc("close it", do_close(au.port), 0);
    expect_rc("event_channel_op(99)", evtchn_op(99, &st), -XEN_ENOSYS);
}

/* The upcall vector set, and an event sent, while the local APIC is
 * software-disabled (as after reset): a disabled APIC accepts nothing, so
 * Xen 4.17.7 marks nothing in IRR (hvm_assert_evtchn_irq) and marks the
 * vector when the APIC is enabled with an upcall pending
 * (vlapic_reg_write, SVR). Linux registers its vector before it enables
 * its APIC, whose IRR must then hold no stale bit. */
static void check_upcall_apic_disabled(evtchn_port_t p)
{
    struct xen_hvm_evtchn_upcall_vector uv = { .vcpu = 0, .vector = UPCALL_VECTOR };

    cli();
    apic[APIC_SVR / 4] = 0xff;
    expect_rc("set_evtchn_upcall_vector(0xf4), APIC disabled",
              hvm_op(HVMOP_set_evtchn_upcall_vector, &uv), 0);
    printk("APIC disabled: upcall vector set, IRR bit %d\n", irr(UPCALL_VECTOR));
    if ( irr(UPCALL_VECTOR) )
        test_fail("upcall vector in IRR of a disabled APIC (Xen marks none)");
    expect_rc("send(ipi), APIC disabled", evtchn_send(p), 0);
    printk("APIC disabled: event sent, upcall_pending %u, IRR bit %d\n",
           shared_info->vcpu_info[0].evtchn_upcall_pending, irr(UPCALL_VECTOR));
    if ( !shared_info->vcpu_info[0].evtchn_upcall_pending || irr(UPCALL_VECTOR) )
        test_fail("event while the APIC is disabled: upcall_pending %u, IRR bit %d",
                  shared_info->vcpu_info[0].evtchn_upcall_pending, irr(UPCALL_VECTOR));
    apic[APIC_SVR / 4] = 0x1ff;
    printk("APIC enabled with an upcall pending: IRR bit %d\n", irr(UPCALL_VECTOR));
    if ( !irr(UPCALL_VECTOR) )
        test_fail("enabling the APIC did not mark the pending upcall");
    evtchn_forget();
    sti();
    asm volatile ( "nop" );
    cli();
    printk("APIC enabled, after sti: %u upcall(s), port %u seen: %d\n", evtchn_upcalls, p, evtchn_was_seen(p));
    if ( evtchn_upcalls != 1 || !evtchn_was_seen(p) )
        test_fail("the upcall held back by the disabled APIC: %u upcall(s)", evtchn_upcalls);
}

/* The per-vCPU upcall vector (upcall=vector): delivered through the
 * local APIC, EOI needed; Xen raises one upcall as soon as it is set. It
 * is a run of its own: on a PVH domain a callback vector, once set, cannot
 * be unset (Xen ignores CALLBACK_IRQ types other than vector there), and
 * the two would both deliver. */
static void use_upcall_vector(evtchn_port_t p)
{
    struct xen_hvm_evtchn_upcall_vector uv = { .vcpu = 0, .vector = 0x0f };

    expect_rc("set_evtchn_upcall_vector(0x0f)", hvm_op(HVMOP_set_evtchn_upcall_vector, &uv), -XEN_EINVAL);
    uv.vcpu = 5;
    uv.vector = UPCALL_VECTOR;
    expect_rc("set_evtchn_upcall_vector(no such vcpu)",
              hvm_op(HVMOP_set_evtchn_upcall_vector, &uv), -XEN_ENOENT);
    trap_set_hook(UPCALL_VECTOR, upcall);
    eoi = true;
    check_upcall_apic_disabled(p);
    evtchn_forget();
    uv.vcpu = 0;
    sti();
    expect_rc("set_evtchn_upcall_vector(0xf4)", hvm_op(HVMOP_set_evtchn_upcall_vector, &uv), 0);
    asm volatile ( "nop" );
    cli();
    printk("upcall vector set: %u upcall(s) at once\n", evtchn_upcalls);
    if ( evtchn_upcalls != 1 )
        test_fail("setting the upcall vector raised %u upcalls, Xen raises 1", evtchn_upcalls);
}

/* The callback vector (the default, what Linux 6.1 uses). */
static void use_callback_vector(void)
{
    struct xen_hvm_param cb = { .domid = DOMID_SELF, .index = HVM_PARAM_CALLBACK_IRQ,
                                .value = (uint64_t)HVM_PARAM_CALLBACK_TYPE_VECTOR << 56 | CALLBACK_VECTOR };

    trap_set_hook(CALLBACK_VECTOR, upcall);
    expect_rc("set_param(CALLBACK_IRQ, vector 0xf3)", hvm_op(HVMOP_set_param, &cb), 0);
    cb.value = 0;
    expect_rc("get_param(CALLBACK_IRQ)", hvm_op(HVMOP_get_param, &cb), 0);
    if ( cb.value != ((uint64_t)HVM_PARAM_CALLBACK_TYPE_VECTOR << 56 | CALLBACK_VECTOR) )
        test_fail("CALLBACK_IRQ reads back %#lx", (unsigned long)cb.value);
    cb.index = HVM_PARAM_IDENT_PT;
    expect_rc("set_param(IDENT_PT) by the guest", hvm_op(HVMOP_set_param, &cb), -XEN_EPERM);
    cb.index = HVM_NR_PARAMS;
    expect_rc("set_param(HVM_NR_PARAMS)", hvm_op(HVMOP_set_param, &cb), -XEN_EINVAL);
}

/* The lowest free port: below it only what the toolstack bound for us
 * (Xen's xl: the xenstore and console channels, unbound to dom0). */
static void check_first_port(evtchn_port_t p)
{
    struct evtchn_status st;

    printk("bind_ipi: port %u\n", p);
    for ( evtchn_port_t q = 1; q < p; q++ )
    {
        expect_rc("status(a port below it)", status(DOMID_SELF, q, &st), 0);
        printk("port %u: status %u (dom %u)\n", q, st.status, st.u.unbound.dom);
        if ( st.status == EVTCHNSTAT_closed )
            test_fail("port %u is free but the IPI got %u: not the lowest free", q, p);
    }
}

void test_main(void)
{
    char mode[16] = "callback";
    evtchn_port_t ipi;
    long rc;

    cmdline_get(test_cmdline, "upcall", mode, sizeof(mode));
    if ( (rc = evtchn_map_shared_info()) )
        return test_fail("add_to_physmap(shared_info): %ld", rc);
    printk("upcall through the %s\n", strcmp(mode, "vector") ? "callback vector" : "per-vCPU upcall vector");
    ipi = bind_ipi();
    check_first_port(ipi);
    if ( strcmp(mode, "vector") )
        use_callback_vector();
    else
        use_upcall_vector(ipi);

    check_ipi_and_mask(ipi);
    check_loopback();
    check_errors(ipi);
    cli();
}

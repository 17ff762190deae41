/* Time and timers of a PVH guest (public/xen.h vcpu_time_info and the
 * wallclock in shared_info; public/vcpu.h VCPUOP_*_timer): the pvclock
 * agrees with the TSC, the wallclock is a plausible date, a single-shot
 * timer fires not before its deadline and not much after, a past deadline
 * fires at once (VCPU_SSHOTTMR_future ignored, as Xen 4.17.3+), the legacy
 * set_timer_op, SCHEDOP_block woken by the event, SCHEDOP_poll on a
 * masked port (as Linux's PV spinlocks use it), a periodic timer ticks
 * at its period, and stopped timers stay quiet. VIRQ_TIMER is bound with
 * EVTCHNOP_bind_virq and arrives as the domain's callback vector
 * (HVM_PARAM_CALLBACK_IRQ, type vector), as Linux's PVH guests take it.
 * Last, the runstate area Linux reads its steal time from.
 * Command line: late_ms=<how late a timer may fire, 100 by default: an
 * emulated machine is slow> */
#include "test.h"
#include "pvclock.h"

#include <xen/memory.h>
#include <xen/vcpu.h>
#include <xen/sched.h>
#include <xen/event_channel.h>
#include <xen/hvm/hvm_op.h>
#include <xen/hvm/params.h>

const char test_title[] = "Time and timers: pvclock, wallclock, single-shot and periodic VIRQ_TIMER";

#define CALLBACK_VECTOR 0xf3
#define YEAR_2024       1704067200ULL       /* 2024-01-01 00:00:00 UTC */
#define YEAR_2100       4102444800ULL

static shared_info_t *shared;
static uint8_t shared_page[4096] __aligned(4096);
static evtchn_port_t timer_port;
static volatile unsigned int ticks;
static volatile uint64_t last_tick_ns;
static uint64_t late_ns;

static uint64_t pvclock_ns(void)
{
    return pvclock_read(&shared->vcpu_info[0].time, NULL, NULL);
}

/* The callback vector: evtchn_upcall_pending, then the selector, then the
 * pending bits (public/xen.h's 2-level protocol, in the guest's order). */
static bool upcall(struct cpu_regs *regs)
{
    vcpu_info_t *vi = &shared->vcpu_info[0];
    xen_ulong_t sel;

    (void)regs;
    vi->evtchn_upcall_pending = 0;
    sel = __atomic_exchange_n(&vi->evtchn_pending_sel, 0, __ATOMIC_SEQ_CST);
    for ( unsigned int w = 0; sel; w++, sel >>= 1 )
    {
        xen_ulong_t bits;

        if ( !(sel & 1) )
            continue;
        bits = __atomic_exchange_n(&shared->evtchn_pending[w], 0, __ATOMIC_SEQ_CST) &
               ~shared->evtchn_mask[w];
        if ( w == timer_port / (sizeof(xen_ulong_t) * 8) &&
             (bits >> (timer_port % (sizeof(xen_ulong_t) * 8)) & 1) )
        {
            last_tick_ns = pvclock_ns();
            ticks++;
        }
    }
    return true;
}

static long vcpu_op(int cmd, void *arg)
{
    return hypercall(__HYPERVISOR_vcpu_op, cmd, 0, (unsigned long)arg);
}

static long singleshot(uint64_t deadline, uint32_t flags)
{
    struct vcpu_set_singleshot_timer s = { .timeout_abs_ns = deadline, .flags = flags };

    return vcpu_op(VCPUOP_set_singleshot_timer, &s);
}

/* Waits with interrupts on until ticks reaches want or the clock reaches
 * until_ns. It spins rather than halts: a wait for an event that must not
 * come has nothing to wake it (SCHEDOP_block is checked on its own). */
static void wait_until(unsigned int want, uint64_t until_ns)
{
    asm volatile ( "sti" ::: "memory" );
    while ( ticks < want && pvclock_ns() < until_ns )
        asm volatile ( "pause" ::: "memory" );
    asm volatile ( "cli" ::: "memory" );
}

static bool setup_events(void)
{
    struct xen_add_to_physmap xatp = { .domid = DOMID_SELF, .space = XENMAPSPACE_shared_info,
                                       .idx = 0, .gpfn = (uint64_t)shared_page >> 12 };
    struct evtchn_bind_virq bind = { .virq = VIRQ_TIMER, .vcpu = 0 };
    struct xen_hvm_param cb = { .domid = DOMID_SELF, .index = HVM_PARAM_CALLBACK_IRQ,
                                .value = (uint64_t)HVM_PARAM_CALLBACK_TYPE_VECTOR << 56 |
                                         CALLBACK_VECTOR };
    long rc;

    if ( (rc = hypercall(__HYPERVISOR_memory_op, XENMEM_add_to_physmap, (unsigned long)&xatp, 0)) )
    {
        test_fail("add_to_physmap shared_info: %ld", rc);
        return false;
    }
    shared = (shared_info_t *)shared_page;
    trap_set_hook(CALLBACK_VECTOR, upcall);
    if ( (rc = hypercall(__HYPERVISOR_event_channel_op, EVTCHNOP_bind_virq,
                         (unsigned long)&bind, 0)) )
    {
        test_fail("bind_virq VIRQ_TIMER: %ld", rc);
        return false;
    }
    timer_port = bind.port;
    if ( (rc = hypercall(__HYPERVISOR_hvm_op, HVMOP_set_param, (unsigned long)&cb, 0)) )
    {
        test_fail("set_param CALLBACK_IRQ (vector %#x): %ld", CALLBACK_VECTOR, rc);
        return false;
    }
    printk("VIRQ_TIMER on port %u, callback vector %#x\n", timer_port, CALLBACK_VECTOR);
    return true;
}

/* Two readings 10 ms apart by the TSC agree with its rate within 1 %. A
 * hypervisor may re-stamp the record meanwhile (Xen does each second,
 * and its system time then steps to its platform timer, by whole ms under
 * an emulator): a window with a new record is reported and tried again. */
static void check_pvclock(void)
{
    const struct vcpu_time_info *t = &shared->vcpu_info[0].time;
    uint64_t khz = tsc_khz(), tsc0, tsc1, ns0, ns1, want = 0;
    uint32_t ver0, ver1;

    printk("pvclock: version %u, mul %#x, shift %d, flags %#x (TSC_STABLE %s), tsc %lu kHz\n",
           t->version, t->tsc_to_system_mul, t->tsc_shift, t->flags,
           t->flags & XEN_PVCLOCK_TSC_STABLE_BIT ? "set" : "clear", khz);
    if ( !khz )
        return test_fail("no TSC rate in the time leaf");
    if ( !t->tsc_to_system_mul || (t->version & 1) )
        return test_fail("no pvclock record (mul %#x, version %u)", t->tsc_to_system_mul,
                         t->version);
    for ( unsigned int tries = 0; tries < 5; tries++ )
    {
        ns0 = pvclock_read(&shared->vcpu_info[0].time, &ver0, &tsc0);
        while ( rdtsc() - tsc0 < khz * 10 )
            ;
        ns1 = pvclock_read(&shared->vcpu_info[0].time, &ver1, &tsc1);
        want = (tsc1 - tsc0) * 1000000 / khz;
        printk("pvclock advanced %lu ns while the TSC advanced %lu ticks (%lu ns), "
               "record %u -> %u\n", ns1 - ns0, tsc1 - tsc0, want, ver0, ver1);
        if ( ver0 == ver1 )
            break;
    }
    if ( ns1 <= ns0 || (ns1 - ns0) * 100 < want * 99 || (ns1 - ns0) * 100 > want * 101 )
        test_fail("pvclock advanced %lu ns for %lu ns of TSC", ns1 - ns0, want);
}

/* HVMOP_get_time: the system time, as the pvclock shows it. */
static void check_get_time(void)
{
    xen_hvm_get_time_t t;
    uint64_t before = pvclock_ns(), after;
    long rc = hypercall(__HYPERVISOR_hvm_op, HVMOP_get_time, (unsigned long)&t, 0);

    after = pvclock_ns();
    if ( rc || t.now + 1000000 < before || t.now > after + 1000000 )
        test_fail("HVMOP_get_time: rc %ld, %lu outside [%lu, %lu] +- 1 ms", rc, t.now, before, after);
}

static void check_wallclock(void)
{
    uint32_t ver;
    uint64_t sec, nsec, now;

    do {
        ver = shared->wc_version;
        asm volatile ( "lfence" ::: "memory" );
        sec = shared->wc_sec | (uint64_t)shared->wc_sec_hi << 32;
        nsec = shared->wc_nsec;
        asm volatile ( "lfence" ::: "memory" );
    } while ( (ver & 1) || ver != shared->wc_version );
    now = sec * 1000000000 + nsec + pvclock_ns();
    printk("wallclock: version %u, boot at %lu.%09lu, now %lu s since 1970\n", ver, sec, nsec,
           now / 1000000000);
    if ( now / 1000000000 < YEAR_2024 || now / 1000000000 >= YEAR_2100 )
        test_fail("wallclock %lu s is not a date in 2024-2099", now / 1000000000);
}

static void check_singleshot(void)
{
    uint64_t deadline = pvclock_ns() + 20000000;
    unsigned int before = ticks;
    long rc;

    if ( (rc = singleshot(deadline, VCPU_SSHOTTMR_future)) )
        return test_fail("set_singleshot_timer 20 ms ahead: %ld", rc);
    wait_until(before + 1, deadline + late_ns + 1000000000);
    if ( ticks != before + 1 )
        return test_fail("the single-shot timer fired %u times, not once", ticks - before);
    printk("single-shot: fired %ld us after its deadline\n",
           (long)(last_tick_ns - deadline) / 1000);
    if ( last_tick_ns < deadline )
        test_fail("single-shot fired %lu ns before its deadline", deadline - last_tick_ns);
    else if ( last_tick_ns - deadline > late_ns )
        test_fail("single-shot fired %lu us late", (last_tick_ns - deadline) / 1000);

    /* A deadline long past (1 us after boot: the record's extrapolation
     * may be ms off the hypervisor's own clock, under an emulator) fires
     * at once, VCPU_SSHOTTMR_future or not: Xen 4.17.3 and later ignore
     * the flag (4.17.0 returned -ETIME), and so does ours. */
    for ( unsigned int flags = 0; flags <= VCPU_SSHOTTMR_future; flags += VCPU_SSHOTTMR_future )
    {
        before = ticks;
        if ( (rc = singleshot(1000, flags)) )
            test_fail("past deadline, flags %#x: %ld, not 0", flags, rc);
        wait_until(before + 1, pvclock_ns() + late_ns + 1000000000);
        if ( ticks != before + 1 )
            test_fail("a past deadline (flags %#x) fired %u times, not once", flags,
                      ticks - before);
    }
    printk("past deadlines: fired at once, with and without VCPU_SSHOTTMR_future\n");

    /* The legacy set_timer_op arms the same timer; 0 stops it. */
    before = ticks;
    deadline = pvclock_ns() + 20000000;
    if ( (rc = hypercall(__HYPERVISOR_set_timer_op, deadline, 0, 0)) )
        test_fail("set_timer_op 20 ms ahead: %ld", rc);
    wait_until(before + 1, deadline + late_ns + 1000000000);
    printk("set_timer_op: fired %u time(s), %ld us after its deadline\n", ticks - before,
           (long)(last_tick_ns - deadline) / 1000);
    if ( ticks != before + 1 || last_tick_ns < deadline )
        test_fail("set_timer_op: %u events, the last %ld ns after the deadline",
                  ticks - before, (long)(last_tick_ns - deadline));
    before = ticks;
    deadline = pvclock_ns() + 20000000;
    if ( (rc = hypercall(__HYPERVISOR_set_timer_op, deadline, 0, 0)) ||
         (rc = hypercall(__HYPERVISOR_set_timer_op, 0, 0, 0)) )
        test_fail("set_timer_op then set_timer_op(0): %ld", rc);
    wait_until(before + 1, deadline + 30000000);
    if ( ticks != before )
        test_fail("set_timer_op(0) did not stop the timer");

    /* Stopped before its deadline: silent. */
    before = ticks;
    deadline = pvclock_ns() + 20000000;
    if ( (rc = singleshot(deadline, VCPU_SSHOTTMR_future)) ||
         (rc = vcpu_op(VCPUOP_stop_singleshot_timer, NULL)) )
        test_fail("set/stop single-shot: %ld", rc);
    wait_until(before + 1, deadline + 30000000);
    if ( ticks != before )
        test_fail("a stopped single-shot timer fired");
}

/* SCHEDOP_block with interrupts off returns once the timer's event is
 * pending (the vCPU is kicked), and the upcall comes with STI. */
static void check_block(void)
{
    uint64_t deadline = pvclock_ns() + 20000000, woke;
    unsigned int before = ticks;
    long rc;

    if ( (rc = singleshot(deadline, VCPU_SSHOTTMR_future)) )
        return test_fail("set_singleshot_timer for block: %ld", rc);
    rc = hypercall(__HYPERVISOR_sched_op, SCHEDOP_block, 0, 0);
    woke = pvclock_ns();
    printk("SCHEDOP_block: rc %ld, woke %ld us after the deadline, upcall_pending %u\n", rc,
           (long)(woke - deadline) / 1000, shared->vcpu_info[0].evtchn_upcall_pending);
    if ( rc || woke < deadline || !shared->vcpu_info[0].evtchn_upcall_pending )
        test_fail("SCHEDOP_block returned %ld before the timer's event", rc);
    asm volatile ( "sti; nop; cli" ::: "memory" );
    if ( ticks != before + 1 )
        test_fail("the event pending at block's return was not delivered");
}

static long sched_poll(evtchn_port_t *ports, unsigned int nr, uint64_t timeout)
{
    struct sched_poll p = { .nr_ports = nr, .timeout = timeout };

    set_xen_guest_handle(p.ports, ports);
    return hypercall(__HYPERVISOR_sched_op, SCHEDOP_poll, (unsigned long)&p, 0);
}

/* SCHEDOP_poll, as Linux's PV spinlocks use it: interrupts off, the port
 * masked. It returns at once for a pending port and for bad arguments
 * (Xen's codes), after its timeout when nothing comes, and when the port
 * becomes pending though masked: no upcall, only the poll's own wake-up. */
static void check_poll(void)
{
    const unsigned int w = timer_port / (sizeof(xen_ulong_t) * 8);
    const xen_ulong_t bit = (xen_ulong_t)1 << (timer_port % (sizeof(xen_ulong_t) * 8));
    evtchn_port_t ports[2] = { timer_port, 60 };
    uint64_t deadline, woke;
    long rc;

    if ( (rc = sched_poll(ports, 129, 0)) != -XEN_EINVAL )
        test_fail("poll of 129 ports: %ld, not -EINVAL", rc);
    if ( (rc = sched_poll((evtchn_port_t *)GB(16), 1, 0)) != -XEN_EFAULT )
        test_fail("poll of ports at an unmapped address: %ld, not -EFAULT", rc);
    if ( (rc = sched_poll(&ports[1], 1, 0)) != -XEN_EINVAL )
        test_fail("poll of a free port: %ld, not -EINVAL", rc);

    __atomic_fetch_or(&shared->evtchn_mask[w], bit, __ATOMIC_SEQ_CST);
    /* Pending (a past deadline fires at once): returns at once, before it
     * would look at the free port behind it. */
    singleshot(1000, 0);
    deadline = pvclock_ns() + late_ns;
    while ( !(shared->evtchn_pending[w] & bit) && pvclock_ns() < deadline )
        asm volatile ( "pause" ::: "memory" );
    if ( (rc = sched_poll(ports, 2, 0)) )
        test_fail("poll of a pending port: %ld, not 0", rc);
    __atomic_fetch_and(&shared->evtchn_pending[w], ~bit, __ATOMIC_SEQ_CST);

    /* Nothing comes: back after the timeout. */
    deadline = pvclock_ns() + 20000000;
    rc = sched_poll(ports, 1, deadline);
    woke = pvclock_ns();
    printk("SCHEDOP_poll, 20 ms timeout: rc %ld, back %ld us after it\n", rc,
           (long)(woke - deadline) / 1000);
    if ( rc || woke < deadline || woke - deadline > late_ns )
        test_fail("poll with a 20 ms timeout: rc %ld, back %ld us after it", rc,
                  (long)(woke - deadline) / 1000);

    /* The masked port becomes pending 20 ms on; the timeout is 2 s away. */
    deadline = pvclock_ns() + 20000000;
    singleshot(deadline, 0);
    rc = sched_poll(ports, 1, deadline + 2000000000);
    woke = pvclock_ns();
    printk("SCHEDOP_poll, masked port: rc %ld, woke %ld us after its event, pending %d, "
           "upcall_pending %u\n", rc, (long)(woke - deadline) / 1000,
           !!(shared->evtchn_pending[w] & bit), shared->vcpu_info[0].evtchn_upcall_pending);
    if ( rc || woke < deadline || woke - deadline > late_ns ||
         !(shared->evtchn_pending[w] & bit) || shared->vcpu_info[0].evtchn_upcall_pending )
        test_fail("poll was not woken by its masked port's event alone");
    __atomic_fetch_and(&shared->evtchn_pending[w], ~bit, __ATOMIC_SEQ_CST);
    __atomic_fetch_and(&shared->evtchn_mask[w], ~bit, __ATOMIC_SEQ_CST);
}

#define PERIOD_NS 10000000ul

static void check_periodic(void)
{
    struct vcpu_set_periodic_timer p = { .period_ns = 500000 };
    uint64_t start, end, first, span;
    unsigned int n;
    long rc;

    if ( (rc = vcpu_op(VCPUOP_set_periodic_timer, &p)) != -XEN_EINVAL )
        test_fail("periodic timer of 500 us: %ld, not -EINVAL (1 ms minimum)", rc);
    p.period_ns = PERIOD_NS;
    ticks = 0;
    start = pvclock_ns();
    if ( (rc = vcpu_op(VCPUOP_set_periodic_timer, &p)) )
        return test_fail("periodic timer of 10 ms: %ld", rc);
    /* Xen's first event comes at once (the period counts from the last
     * event, none yet), then one each period: 11 ticks make 10 periods.
     * Each may come late on a loaded host (late_ms), never early: the
     * span is at least 9 periods (one of slack for the first's delivery). */
    wait_until(1, start + late_ns);
    first = last_tick_ns;
    wait_until(11, first + 10 * (PERIOD_NS + late_ns));
    n = ticks;
    span = last_tick_ns - first;
    if ( (rc = vcpu_op(VCPUOP_stop_periodic_timer, NULL)) )
        test_fail("stop_periodic_timer: %ld", rc);
    end = pvclock_ns();
    printk("periodic 10 ms: %u ticks, the first %lu us after it was set, then %u periods in %lu ms\n",
           n, n ? (first - start) / 1000 : 0, n ? n - 1 : 0, span / 1000000);
    if ( n < 11 )
        test_fail("periodic 10 ms: %u ticks in %lu ms", n, (end - start) / 1000000);
    else if ( first - start > late_ns )
        test_fail("periodic 10 ms: the first tick %lu us after it was set", (first - start) / 1000);
    else if ( span < 9 * PERIOD_NS )
        test_fail("periodic 10 ms: 10 periods in %lu us, too short", span / 1000);
    wait_until(~0u, end + 30000000);
    if ( ticks != n )
        test_fail("%u ticks after stop_periodic_timer", ticks - n);
}

/* The runstate area (VCPUOP_register_runstate_memory_area) and its
 * update flag (vm_assist): filled at registration, refreshed when the vCPU
 * is switched out and back, with the time blocked counted; a null address
 * stops the updates. HVM domains may set only the runstate flag. */
static struct vcpu_runstate_info runstate;

static void check_runstate(void)
{
    struct vcpu_register_runstate_memory_area area = { .addr.v = &runstate };
    uint64_t entry0, blocked0;
    long rc;

    if ( (rc = hypercall(__HYPERVISOR_vm_assist, VMASST_CMD_enable,
                         VMASST_TYPE_writable_pagetables, 0)) != -XEN_EINVAL )
        test_fail("vm_assist writable_pagetables on HVM: %ld, not -EINVAL", rc);
    if ( (rc = hypercall(__HYPERVISOR_vm_assist, 7, VMASST_TYPE_runstate_update_flag, 0)) !=
         -XEN_ENOSYS )
        test_fail("vm_assist command 7: %ld, not -ENOSYS", rc);
    if ( (rc = hypercall(__HYPERVISOR_vm_assist, VMASST_CMD_enable,
                         VMASST_TYPE_runstate_update_flag, 0)) )
        return test_fail("vm_assist runstate_update_flag: %ld", rc);
    if ( (rc = vcpu_op(VCPUOP_register_runstate_memory_area, (void *)GB(16))) != -XEN_EFAULT )
        test_fail("register_runstate_memory_area from an unmapped address: %ld", rc);
    runstate.state = 0xff;
    if ( (rc = vcpu_op(VCPUOP_register_runstate_memory_area, &area)) )
        return test_fail("register_runstate_memory_area: %ld", rc);
    entry0 = runstate.state_entry_time;
    blocked0 = runstate.time[RUNSTATE_blocked];
    if ( runstate.state != RUNSTATE_running || (entry0 & XEN_RUNSTATE_UPDATE) ||
         entry0 > pvclock_ns() )
        test_fail("runstate at registration: state %d, entry %#lx", runstate.state, entry0);
    singleshot(pvclock_ns() + 20000000, 0);
    hypercall(__HYPERVISOR_sched_op, SCHEDOP_block, 0, 0);
    asm volatile ( "sti; nop; cli" ::: "memory" );
    printk("runstate after a 20 ms block: state %d, blocked %lu -> %lu us, entry +%lu us\n",
           runstate.state, blocked0 / 1000, runstate.time[RUNSTATE_blocked] / 1000,
           (runstate.state_entry_time - entry0) / 1000);
    if ( runstate.state != RUNSTATE_running || (runstate.state_entry_time & XEN_RUNSTATE_UPDATE) ||
         runstate.time[RUNSTATE_blocked] < blocked0 + 10000000 ||
         runstate.state_entry_time <= entry0 )
        test_fail("the runstate area was not refreshed across SCHEDOP_block");
    area.addr.v = NULL;
    if ( (rc = vcpu_op(VCPUOP_register_runstate_memory_area, &area)) )
        test_fail("register_runstate_memory_area(NULL): %ld", rc);
    runstate.state = 0xff;
    singleshot(pvclock_ns() + 5000000, 0);
    hypercall(__HYPERVISOR_sched_op, SCHEDOP_block, 0, 0);
    asm volatile ( "sti; nop; cli" ::: "memory" );
    if ( runstate.state != 0xff )
        test_fail("the runstate area is still written after registering NULL");
}

/* ---- VCPUOP_register_vcpu_time_memory_area: a second copy of the time
 * record at an address of the guest's choosing, kept as vcpu_info's is. */
static struct vcpu_time_info time_area __aligned(64);

static void read_record(const volatile struct vcpu_time_info *t, struct vcpu_time_info *out)
{
    do {
        out->version = t->version;
        asm volatile ( "lfence" ::: "memory" );
        out->tsc_timestamp = t->tsc_timestamp;
        out->system_time = t->system_time;
        out->tsc_to_system_mul = t->tsc_to_system_mul;
        out->tsc_shift = t->tsc_shift;
        asm volatile ( "lfence" ::: "memory" );
    } while ( (out->version & 1) || out->version != t->version );
}

/* Whether the area holds the record vcpu_info holds (read again if an
 * update came between the two reads). */
static bool area_matches(uint32_t *version)
{
    struct vcpu_time_info a, v;

    for ( unsigned int i = 0; i < 3; i++ )
    {
        read_record(&time_area, &a);
        read_record(&shared->vcpu_info[0].time, &v);
        *version = a.version;
        if ( a.version == v.version )
            return a.tsc_timestamp == v.tsc_timestamp && a.system_time == v.system_time &&
                   a.tsc_to_system_mul == v.tsc_to_system_mul && a.tsc_shift == v.tsc_shift;
    }
    return false;
}

/* Blocked (and so switched out and in) for about ns. */
static void block_for(uint64_t ns)
{
    unsigned int before = ticks;

    singleshot(pvclock_ns() + ns, 0);
    while ( ticks == before )
    {
        hypercall(__HYPERVISOR_sched_op, SCHEDOP_block, 0, 0);
        asm volatile ( "sti; nop; cli" ::: "memory" );
    }
}

static void check_time_area(void)
{
    struct vcpu_register_time_memory_area area;
    uint32_t first, later;
    bool same;
    long rc;

    set_xen_guest_handle(area.addr.h, &time_area);
    rc = vcpu_op(VCPUOP_register_vcpu_time_memory_area, &area);
    same = area_matches(&first);
    printk("time area: rc %ld, filled at once: %d, the record of vcpu_info: %d\n", rc,
           first != 0, same);
    if ( rc || !first || !same )
        return test_fail("register_vcpu_time_memory_area: rc %ld, version %u, same %d", rc,
                         first, same);
    /* Over a second (Xen refreshes a record on calibration, each second,
     * and writes it when the vCPU is switched in). */
    block_for(1200000000);
    same = area_matches(&later);
    printk("time area after 1.2 s blocked: version advanced: %d, the record of vcpu_info: %d\n",
           later != first, same);
    if ( later == first || !same )
        test_fail("time area not kept: version %u -> %u, same %d", first, later, same);
    /* A null handle stops the copies. */
    set_xen_guest_handle(area.addr.h, NULL);
    rc = vcpu_op(VCPUOP_register_vcpu_time_memory_area, &area);
    first = time_area.version;
    block_for(1200000000);
    printk("time area unregistered: rc %ld, left as it was: %d\n", rc,
           time_area.version == first);
    if ( rc || time_area.version != first )
        test_fail("time area written after a null registration: rc %ld", rc);
}

void test_main(void)
{
    unsigned long late_ms = 100;

    if ( !xen_cpuid_base )
        return test_skip("not on a Xen-ABI hypervisor");
    cmdline_get_ulong(test_cmdline, "late_ms", &late_ms);
    late_ns = late_ms * 1000000;
    if ( !setup_events() )
        return;
    check_pvclock();
    check_get_time();
    check_wallclock();
    check_singleshot();
    check_block();
    check_poll();
    check_periodic();
    check_runstate();
    check_time_area();
}

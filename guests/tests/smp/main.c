/* A second vCPU started, stopped and restarted by hypercall (public/
 * vcpu.h), as a PVH guest may instead of INIT-SIPI: VCPUOP_initialise
 * with a vcpu_hvm_context (public/hvm/hvm_vcpu.h, 64-bit mode: our page
 * tables, our stack), VCPUOP_up, VCPUOP_down (by another vCPU and by the
 * vCPU itself), VCPUOP_is_up and the runstate of a vCPU that is down;
 * event-channel IPIs between the two vCPUs, each delivered on the vCPU its
 * port is bound to; the refusals Xen 4.17 gives (no such vCPU, up before
 * initialise, a context it rejects, initialising a vCPU twice). At the end
 * both vCPUs go down and Xen powers the domain off. Needs vcpus=2. */
#include "test.h"
#include "evtchn.h"
#include <xen/hvm/hvm_vcpu.h>
#include <xen/vcpu.h>

const char test_title[] = "SMP: VCPUOP_initialise/up/down/is_up, event-channel IPIs between vCPUs";

#define PING_PONGS      1000

static uint8_t ap_stack[8192] __aligned(16);

/* The second vCPU's GDT: head.S's in a form lgdt takes in long mode. */
static const uint64_t ap_gdt[3] __aligned(16) = {
    0, 0x00af9b000000ffff /* 0x08: 64-bit code */, 0x00cf93000000ffff /* 0x10: data */,
};
const struct { uint16_t limit; uint64_t base; } __attribute__((packed)) ap_gdtr = {
    sizeof(ap_gdt) - 1, (uintptr_t)ap_gdt,
};

/* Shared between the vCPUs. ap_cmd: what vCPU 1 is asked to do next. */
enum { AP_RUN, AP_DOWN_SELF };
static volatile unsigned int ap_started, ap_cmd, ap_vcpu_id = ~0u, ap_back;
static volatile long ap_down_rc = 1;
static volatile uint64_t ap_ticks;
static evtchn_port_t to_ap, to_bsp;             /* bound to vCPU 1, to vCPU 0 */
static volatile unsigned int got[2][2];         /* [port: to_ap, to_bsp][vCPU] */

void ap_main(void);
/* VCPUOP_initialise starts here: CS has selector 0, so a GDT of our own
 * and a far return give it one an IRET can come back to. */
asm ( ".pushsection .text\n"
      "ap_entry:\n"
      "    lgdt ap_gdtr(%rip)\n"
      "    pushq $0x08\n"
      "    leaq 1f(%rip), %rax\n"
      "    pushq %rax\n"
      "    lretq\n"
      "1:  movl $0x10, %eax\n"
      "    movl %eax, %ds\n"
      "    movl %eax, %es\n"
      "    movl %eax, %ss\n"
      "    xorl %eax, %eax\n"
      "    movl %eax, %fs\n"
      "    movl %eax, %gs\n"
      "    call ap_main\n"
      "2:  hlt\n"
      "    jmp 2b\n"
      ".popsection" );
extern const char ap_entry[];

static long vcpu_op(int cmd, unsigned int vcpu, void *arg)
{
    return hypercall(__HYPERVISOR_vcpu_op, (unsigned long)cmd, vcpu, (unsigned long)arg);
}

static unsigned int my_vcpu(void)
{
    return cpuid(xen_cpuid_base + 4).b;         /* XEN_HVM_CPUID_VCPU_ID_PRESENT */
}

static void expect_rc(const char *what, long rc, long want)
{
    printk("%-44s = %ld\n", what, rc);
    if ( rc != want )
        test_fail("%s: %ld, Xen gives %ld", what, rc, want);
}

static void send(evtchn_port_t p)
{
    long rc = evtchn_send(p);

    if ( rc )
        test_fail("send on port %u: %ld", p, rc);
}

/* Each port an upcall takes, on the vCPU that took it; vCPU 1 answers
 * each IPI on to_ap with one on to_bsp (the ping-pong). */
static void on_port(unsigned int vcpu, evtchn_port_t p)
{
    unsigned int me = vcpu & 1;

    if ( p == to_ap )
    {
        got[0][me]++;
        if ( me == 1 )
            send(to_bsp);
    }
    else if ( p == to_bsp )
        got[1][me]++;
}

void ap_main(void)
{
    trap_load_idt();
    ap_vcpu_id = my_vcpu();
    __atomic_store_n(&ap_started, 1, __ATOMIC_SEQ_CST);
    sti();
    for ( ;; )
    {
        ap_ticks++;
        if ( ap_cmd == AP_DOWN_SELF )
        {
            ap_cmd = AP_RUN;
            ap_down_rc = vcpu_op(VCPUOP_down, 1, NULL);
            ap_back = 1;                        /* only once it is up again */
        }
        pause();
    }
}

static void delay_ms(unsigned int ms)
{
    uint64_t end = rdtsc() + (uint64_t)ms * tsc_khz();

    while ( rdtsc() < end )
        pause();
}

/* Waits (interrupts on) until *p reaches want, or about ms milliseconds. */
static bool wait_for(volatile unsigned int *p, unsigned int want, unsigned int ms)
{
    uint64_t end = rdtsc() + (uint64_t)ms * tsc_khz();

    sti();
    while ( *p < want && rdtsc() < end )
        pause();
    cli();
    return *p >= want;
}

static struct vcpu_hvm_context ap_context(void)
{
    struct vcpu_hvm_context c = { .mode = VCPU_HVM_MODE_64B };
    struct vcpu_hvm_x86_64 *r = &c.cpu_regs.x86_64;

    r->rip = (uintptr_t)ap_entry;
    r->rsp = (uintptr_t)ap_stack + sizeof(ap_stack);
    r->rflags = 2;
    r->cr0 = 0x80010011;                        /* PG, WP, ET, PE: as head.S */
    r->cr3 = read_cr3();
    r->cr4 = 1u << 5;                           /* PAE */
    r->efer = 1u << 8;                          /* LME */
    return c;
}

static unsigned int runstate_of(unsigned int vcpu)
{
    struct vcpu_runstate_info rs;

    if ( vcpu_op(VCPUOP_get_runstate_info, vcpu, &rs) )
        return ~0u;
    return (unsigned int)rs.state;
}

static void refusals_before_start(void)
{
    struct vcpu_hvm_context c = ap_context();

    expect_rc("is_up(vCPU 1) before it is started", vcpu_op(VCPUOP_is_up, 1, NULL), 0);
    expect_rc("is_up(vCPU 2: none)", vcpu_op(VCPUOP_is_up, 2, NULL), -XEN_ENOENT);
    expect_rc("up(vCPU 1) before initialise", vcpu_op(VCPUOP_up, 1, NULL), -XEN_EINVAL);
    expect_rc("initialise(vCPU 0: running)", vcpu_op(VCPUOP_initialise, 0, &c), -XEN_EEXIST);
    expect_rc("initialise(vCPU 2: none)", vcpu_op(VCPUOP_initialise, 2, &c), -XEN_ENOENT);
    expect_rc("initialise from an unmapped address",
              vcpu_op(VCPUOP_initialise, 1, (void *)0x0000700000000000ul), -XEN_EFAULT);
    c.mode = 2;
    expect_rc("initialise, mode 2", vcpu_op(VCPUOP_initialise, 1, &c), -XEN_EINVAL);
    c = ap_context();
    c.cpu_regs.x86_64.cr0 = 0x11;
    expect_rc("initialise, 64-bit without CR0.PG", vcpu_op(VCPUOP_initialise, 1, &c), -XEN_EINVAL);
    c = ap_context();
    c.cpu_regs.x86_64.rip = 0x0000800000000000ul;
    expect_rc("initialise, non-canonical RIP", vcpu_op(VCPUOP_initialise, 1, &c), -XEN_EINVAL);
    c = ap_context();
    c.cpu_regs.x86_64.efer |= 1u << 12;         /* SVME: no nested virtualisation */
    expect_rc("initialise, EFER.SVME", vcpu_op(VCPUOP_initialise, 1, &c), -XEN_EINVAL);
    /* A refused context leaves it as it was: still startable. */
    expect_rc("up(vCPU 1) after the refusals", vcpu_op(VCPUOP_up, 1, NULL), -XEN_EINVAL);
}

static void start_ap(void)
{
    struct vcpu_hvm_context c = ap_context();

    expect_rc("initialise(vCPU 1)", vcpu_op(VCPUOP_initialise, 1, &c), 0);
    expect_rc("is_up(vCPU 1) after initialise", vcpu_op(VCPUOP_is_up, 1, NULL), 0);
    if ( runstate_of(1) != RUNSTATE_offline )
        test_fail("vCPU 1 initialised, not up: runstate %u", runstate_of(1));
    delay_ms(20);
    if ( ap_started )
        test_fail("vCPU 1 ran before VCPUOP_up");
    expect_rc("initialise(vCPU 1) again", vcpu_op(VCPUOP_initialise, 1, &c), -XEN_EEXIST);
    expect_rc("up(vCPU 1)", vcpu_op(VCPUOP_up, 1, NULL), 0);
    if ( !wait_for(&ap_started, 1, 2000) )
        return test_fail("vCPU 1 did not start within 2 s");
    printk("vCPU 1 started: CPUID says vCPU %u, is_up %ld\n", ap_vcpu_id,
           vcpu_op(VCPUOP_is_up, 1, NULL));
    if ( ap_vcpu_id != 1 )
        test_fail("the started vCPU calls itself %u", ap_vcpu_id);
    expect_rc("up(vCPU 1) while up", vcpu_op(VCPUOP_up, 1, NULL), 0);
}

static evtchn_port_t bind_ipi(unsigned int vcpu)
{
    struct evtchn_bind_ipi op = { .vcpu = vcpu };
    long rc = evtchn_op(EVTCHNOP_bind_ipi, &op);

    if ( rc )
        test_abort("bind_ipi(vCPU %u): %ld", vcpu, rc);
    return op.port;
}

static void ipis(void)
{
    uint64_t t0, t1;
    unsigned int i;

    to_ap = bind_ipi(1);
    to_bsp = bind_ipi(0);
    /* One each way: vCPU 1 answers on to_bsp, which only vCPU 0 takes. */
    send(to_ap);
    if ( !wait_for(&got[1][0], 1, 2000) )
        return test_fail("no answer to an IPI to vCPU 1: to_ap %u/%u, to_bsp %u/%u",
                         got[0][0], got[0][1], got[1][0], got[1][1]);
    t0 = rdtsc();
    for ( i = 0; i < PING_PONGS; i++ )
    {
        send(to_ap);
        if ( !wait_for(&got[1][0], i + 2, 2000) )
            return test_fail("ping-pong %u: no answer", i);
    }
    t1 = rdtsc();
    printk("IPIs: to vCPU 1 taken by vCPU 0/1: %u/%u, to vCPU 0 taken by vCPU 0/1: %u/%u\n",
           got[0][0], got[0][1], got[1][0], got[1][1]);
    if ( got[0][0] || got[0][1] != PING_PONGS + 1 || got[1][1] || got[1][0] != PING_PONGS + 1 )
        test_fail("IPIs taken on the wrong vCPU or lost");
    printk("IPI ping-pong between vCPUs: %u round trips, %lu ns each\n", PING_PONGS,
           tsc_khz() ? (unsigned long)((t1 - t0) * 1000000 / tsc_khz() / PING_PONGS) : 0);
}

/* vCPU 0 takes vCPU 1 down: it stops, an IPI to it waits, and up brings
 * it back where it was with the IPI delivered. */
static void down_and_up(void)
{
    struct vcpu_hvm_context c = ap_context();
    unsigned int before = got[0][1];
    uint64_t ticks;

    expect_rc("down(vCPU 1) by vCPU 0", vcpu_op(VCPUOP_down, 1, NULL), 0);
    delay_ms(20);                               /* it leaves its pCPU */
    expect_rc("is_up(vCPU 1) after down", vcpu_op(VCPUOP_is_up, 1, NULL), 0);
    ticks = ap_ticks;
    delay_ms(50);
    printk("vCPU 1 down: runstate %u, ran on: %s\n", runstate_of(1),
           ap_ticks == ticks ? "no" : "yes");
    if ( ap_ticks != ticks )
        test_fail("vCPU 1 still runs after VCPUOP_down");
    if ( runstate_of(1) != RUNSTATE_offline )
        test_fail("vCPU 1 down: runstate %u, not offline", runstate_of(1));
    expect_rc("initialise(vCPU 1) while down", vcpu_op(VCPUOP_initialise, 1, &c), -XEN_EEXIST);
    send(to_ap);
    delay_ms(20);
    if ( got[0][1] != before )
        test_fail("an IPI reached vCPU 1 while it was down");
    expect_rc("up(vCPU 1) again", vcpu_op(VCPUOP_up, 1, NULL), 0);
    if ( !wait_for(&got[0][1], before + 1, 2000) )
        test_fail("the IPI sent while vCPU 1 was down never came");
    ticks = ap_ticks;
    delay_ms(20);
    printk("vCPU 1 up again: is_up %ld, runs on: %s, pending IPI taken: %s\n",
           vcpu_op(VCPUOP_is_up, 1, NULL), ap_ticks != ticks ? "yes" : "no",
           got[0][1] == before + 1 ? "yes" : "no");
    if ( ap_ticks == ticks )
        test_fail("vCPU 1 does not run after VCPUOP_up");
}

/* vCPU 1 takes itself down; its hypercall returns 0 once vCPU 0 brings it
 * up again. */
static void down_self(void)
{
    unsigned int i;

    ap_back = 0;
    ap_cmd = AP_DOWN_SELF;
    for ( i = 0; i < 200 && vcpu_op(VCPUOP_is_up, 1, NULL); i++ )
        delay_ms(10);
    expect_rc("is_up(vCPU 1) after it downed itself", vcpu_op(VCPUOP_is_up, 1, NULL), 0);
    if ( ap_back )
        test_fail("vCPU 1's VCPUOP_down returned while it was down");
    expect_rc("up(vCPU 1) after its own down", vcpu_op(VCPUOP_up, 1, NULL), 0);
    if ( !wait_for(&ap_back, 1, 2000) )
        return test_fail("vCPU 1 did not come back from its own VCPUOP_down");
    printk("vCPU 1 back from its own VCPUOP_down: rc %ld\n", ap_down_rc);
    if ( ap_down_rc )
        test_fail("vCPU 1's VCPUOP_down returned %ld", ap_down_rc);
}

/* After the result line: vCPU 1 down, then the last vCPU: Xen powers the
 * domain off. If it did not, this vCPU would wait here for ever (with
 * interrupts on, so no HLT-with-IF-clear takes it down instead). */
static void __noreturn last_down(void)
{
    vcpu_op(VCPUOP_down, 1, NULL);
    vcpu_op(VCPUOP_down, 0, NULL);
    for ( ;; )
        asm volatile ( "sti; hlt" );
}

void test_main(void)
{
    if ( !xen_cpuid_base )
        return test_skip("not on a Xen-ABI hypervisor");
    if ( !tsc_khz() )
        return test_skip("no TSC rate in Xen's time leaf");
    if ( vcpu_op(VCPUOP_is_up, 1, NULL) == -XEN_ENOENT )
        return test_skip("one vCPU: start it with vcpus=2");
    if ( evtchn_map_shared_info() )
        return test_fail("add_to_physmap(shared_info) failed");
    evtchn_multi_vcpu = true;
    evtchn_port_handler = on_port;
    if ( evtchn_use_callback_vector() )
        return test_fail("set_param(CALLBACK_IRQ) failed");
    refusals_before_start();
    start_ap();
    if ( test_failed() )
        return;
    ipis();
    down_and_up();
    down_self();
    test_set_exit(last_down);
}

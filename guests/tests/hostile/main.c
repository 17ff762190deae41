/* A hostile guest: at least 10^5 hypercalls with random numbers, sub-ops,
 * pointers and counts, each of which must come back with the answer Xen
 * 4.17 gives (RELEASE-4.17.7: arch/x86/hvm/hypercall.c and hypercall-defs.c
 * for the HVM table, then each handler named in probes_*.c). Every call is
 * built so that Xen refuses it: pointers that do not reach this domain's
 * RAM (non-canonical, Xen's own virtual range, unmapped above 4 GiB, guest
 * frames beyond its RAM where other domains' and the hypervisor's machine
 * frames are) or reach it read-only, domain IDs that do not exist, ports,
 * vCPUs, handles, params, indexes and counts out of range. The expected set
 * of each call is the exact path Xen's source takes for those arguments,
 * never "any negative value"; the reference agrees (scenario abi-micro).
 *
 * Not probed, on purpose: SCHEDOP_shutdown, VCPUOP_down, VCPUOP_initialise,
 * its own increase_reservation, add_to_physmap, setup_table and the params
 * it may set (they end or reshape this domain legitimately), SCHEDOP_block
 * (sleeps until an event this guest never binds), yield, is_up, stop
 * timers, set_timer_op and XENVER_version/pagesize(NULL) (they succeed: no
 * error to check); the numbers Xen's HVM table has beyond those probed
 * (platform_op, multicall, vm_assist, mmuext_op, xsm_op, sysctl, domctl,
 * argo, xenpmu, dm_op, hypfs, paging_domctl_cont): their answers depend on
 * Xen's build options and XSM, and ours has not all of them yet.
 *
 * Command line: seed=<n> (default: from the TSC; printed, so a run can be
 * repeated exactly), calls=<n> (default 100000). */
#include "hostile.h"

const char test_title[] = "Hostile hypercalls: random numbers, sub-ops, pointers, counts";

#define SPECIAL_START 0xfc000000ul      /* libxl's ACPI and special pages */
#define RO_ALIAS      GB(3)             /* a hole, remapped read-only */

static uint64_t rng;
bool console_denied;
static bool intel;
union hostile_buf buf __aligned(64);
/* Seen only through the read-only alias: must stay zero. */
static uint8_t ro_target[MB(2)] __aligned(MB(2));

/* splitmix64: one 64-bit state, reproducible from the seed. */
uint64_t rnd(void)
{
    uint64_t z = (rng += 0x9e3779b97f4a7c15ull);

    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

uint64_t below(uint64_t n)
{
    return rnd() % n;
}

uint64_t u32_arg(uint32_t v)
{
    return (rnd() << 32) | v;
}

void ok(struct call *c, long rc)
{
    c->ok[c->n_ok++] = rc;
}

void expect_status(struct call *c, int16_t *first, unsigned int stride,
                   unsigned int n, int16_t want)
{
    c->status = first;
    c->stride = stride;
    c->n_status = n;
    c->want_status = want;
}

/* The first status that is not the one wanted, or the wanted one. */
static int16_t status_seen(const struct call *c)
{
    for ( unsigned int i = 0; i < c->n_status; i++ )
    {
        int16_t st = *(int16_t *)((uint8_t *)c->status + i * c->stride);

        if ( st != c->want_status )
            return st;
    }
    return c->want_status;
}

static bool far_from_memmap(uint64_t a)
{
    return !in_memmap(a) && !in_memmap(a + 4095) && a + 4096 <= SPECIAL_START &&
           (a + 4096 <= RO_ALIAS || a >= RO_ALIAS + MB(2));
}

uint64_t bad_ptr(void)
{
    uint64_t a;

    switch ( below(6) )
    {
    case 5:     /* the emulated local APIC, IO-APIC, HPET: MMIO, no RAM */
        return (below(3) == 0 ? 0xfee00000ul : below(2) ? 0xfec00000ul : 0xfed00000ul) +
               below(KB(3));
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

domid_t no_domain(void)
{
    /* Or a reserved one (DOMID_IO, DOMID_XEN, ..., DOMID_IDLE) but
     * DOMID_SELF: Xen keeps its system domains out of the table that
     * rcu_lock_domain_by_id() searches (common/domain.c domain_create). */
    if ( below(4) == 0 )
        return DOMID_FIRST_RESERVED + 1 + below(0x7fff - DOMID_FIRST_RESERVED);
    return 0x7000 + below(DOMID_FIRST_RESERVED - 0x7000);
}

uint64_t ro_ptr(void)
{
    return RO_ALIAS + below(MB(2) - KB(4));
}

uint64_t hostile_buf(void)
{
    for ( unsigned int i = 0; i < sizeof(buf.raw); i++ )
        buf.raw[i] = rnd();
    return (uint64_t)&buf;
}

static void (*const gens[])(struct call *) = {
    gen_unknown, gen_xen_version, gen_console_io, gen_sched_op, gen_vcpu_op,
    gen_memory_op, gen_evtchn_op, gen_hvm_op, gen_gnttab_op, gen_physdev_op,
    gen_readonly,
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
    int16_t status;
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
    struct kind *k;
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

    pt_map_2m(RO_ALIAS, (uint64_t)ro_target, PTE_PRESENT);

    t0 = rdtsc();
    for ( unsigned long i = 0; i < calls; i++ )
    {
        struct call c = { .n_ok = 0 };
        int16_t st;
        bool fine = false;

        gens[below(ARRAY_SIZE(gens))](&c);
        rc = issue(&c);
        k = kind_of(c.what);
        k->calls++;
        for ( unsigned int j = 0; j < c.n_ok; j++ )
            fine |= rc == c.ok[j];
        st = status_seen(&c);
        fine &= st == c.want_status;
        if ( fine )
            continue;
        if ( !k->bad++ )
            k->first = c, k->rc = rc, k->status = st;
        if ( !bad++ )
            test_fail("call %lu, %s: rc %ld, Xen gives %ld", i, c.what, rc, c.ok[0]);
    }
    t0 = rdtsc() - t0;
    for ( unsigned int i = 0; i < sizeof(ro_target); i++ )
        if ( ro_target[i] )
        {
            test_fail("byte %#x of the read-only page was written", i);
            break;
        }
    /* Few lines: Xen rate-limits a domU's console. */
    for ( k = kinds; k < kinds + ARRAY_SIZE(kinds) && k->what; k++ )
        if ( k->bad )
            printk("fail: %s: %lu of %lu wrong, first nr %#lx (%#lx, %#lx, %#lx) rc %ld status %d, Xen gives %ld status %d\n",
                   k->what, k->bad, k->calls, k->first.nr, k->first.a[0],
                   k->first.a[1], k->first.a[2], k->rc, k->status,
                   k->first.ok[0], k->first.want_status);
    printk("%u kinds of call, %lu hypercalls in %lu ms, %lu with an answer Xen would not give\n",
           (unsigned int)(k - kinds), calls,
           tsc_khz() ? (unsigned long)(t0 / tsc_khz()) : 0ul, bad);
}

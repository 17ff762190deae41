/* memory_op as a PVH domU sees it (public/memory.h; Xen 4.17's
 * common/memory.c and arch/x86/mm.c define the answers): the memory map,
 * its reservation, giving pages back and getting them again, shared_info
 * mapped over its own RAM, and the refusals. A frame given back is a hole:
 * with no device model, Xen completes accesses there itself (reads
 * all-ones, writes dropped), as for memory beyond the domain (test npt).
 * A frame populated again is RAM, but not necessarily zero: Xen 4.17
 * scrubs only a dying domain's pages (common/page_alloc.c: a live domain
 * clears what it cares about before freeing), so it may hand back the
 * guest's own old contents. Ours zeroes; the test only prints which.
 *
 * Command line: mem=<MiB> (its configured memory: checked against the
 * memory map and reservation), foreign=<domid> (an existing domain that is
 * not this one: every operation on it must be refused). */
#include "test.h"

#include <xen/memory.h>
#include <xen/hvm/hvm_op.h>

const char test_title[] = "memory_op: memory map, reservation, populate/decrease, shared_info";

/* Xen keeps a preempted call's progress in cmd above the sub-op (its
 * xen/hypercall.h, not public; a continuation shows it to the guest). */
#define MEMOP_EXTENT_SHIFT 6
#define BAD_VA (1UL << 39)              /* canonical, not mapped by head.S */
#define NR_BIG 512

/* An e820 entry as the BIOS gives it: public/memory.h's xen_memory_map
 * buffer holds these, packed (20 bytes). */
struct e820entry {
    uint64_t addr, size;
    uint32_t type;
} __attribute__((packed));

/* Pages this test gives back and takes again; nothing else lives there. */
static uint8_t pages[9][4096] __aligned(4096);
static uint8_t big[NR_BIG * 4096] __aligned(MB(2));
static xen_pfn_t big_list[NR_BIG];
static struct e820entry map[16];

static long memory_op(unsigned long cmd, const void *arg)
{
    return hypercall(__HYPERVISOR_memory_op, cmd, (unsigned long)arg, 0);
}

static xen_pfn_t gfn_of(const void *p)
{
    return (uintptr_t)p >> 12;
}

static long query(unsigned int op, domid_t domid)
{
    struct xen_memory_domain d = { .domid = domid };

    return memory_op(op, &d);
}

static long reservation_flags(unsigned long cmd, xen_pfn_t *list, unsigned long n,
                              unsigned int order, domid_t domid, unsigned int flags)
{
    struct xen_memory_reservation r = { .nr_extents = n, .extent_order = order,
                                        .mem_flags = flags, .domid = domid };

    set_xen_guest_handle(r.extent_start, list);
    return memory_op(cmd, &r);
}

static long reservation(unsigned long cmd, xen_pfn_t *list, unsigned long n,
                        unsigned int order, domid_t domid)
{
    struct xen_memory_reservation r = { .nr_extents = n, .extent_order = order,
                                        .domid = domid };

    set_xen_guest_handle(r.extent_start, list);
    return memory_op(cmd, &r);
}

static long tot_pages(void)
{
    return query(XENMEM_current_reservation, DOMID_SELF);
}

static uint32_t peek(const void *p)
{
    return *(const volatile uint32_t *)p;
}

static void poke(void *p, uint32_t v)
{
    *(volatile uint32_t *)p = v;
}

static bool page_is_zero(const uint8_t *p)
{
    for ( unsigned int i = 0; i < 4096; i++ )
        if ( ((const volatile uint8_t *)p)[i] )
            return false;
    return true;
}

/* RAM again: a write is kept (a hole would read all-ones). */
static bool page_is_ram(uint8_t *p)
{
    uint32_t old = peek(p);

    poke(p, 0x5a5a0001);
    if ( peek(p) != 0x5a5a0001 )
        return false;
    poke(p, old);
    return true;
}

/* The memory map: the one in hvm_start_info, entry for entry. */
static uint64_t check_memory_map(void)
{
    const struct hvm_memmap_table_entry *e = (const void *)(uintptr_t)start_info->memmap_paddr;
    struct xen_memory_map m = { .nr_entries = ARRAY_SIZE(map) };
    uint64_t ram = 0;
    long rc;

    set_xen_guest_handle(m.buffer, map);
    rc = memory_op(XENMEM_memory_map, &m);
    printk("memory_map: rc %ld, %u entries\n", rc, m.nr_entries);
    if ( rc )
        return test_fail("memory_map: rc %ld", rc), 0;
    for ( unsigned int i = 0; i < m.nr_entries; i++ )
    {
        printk("  %#lx - %#lx type %u\n", map[i].addr, map[i].addr + map[i].size,
               map[i].type);
        if ( map[i].type == XEN_HVM_MEMMAP_TYPE_RAM )
            ram += map[i].size;
    }
    if ( m.nr_entries != start_info->memmap_entries )
        test_fail("memory_map: %u entries, start info has %u", m.nr_entries,
                  start_info->memmap_entries);
    for ( unsigned int i = 0; i < m.nr_entries && i < start_info->memmap_entries; i++ )
        if ( map[i].addr != e[i].addr || map[i].size != e[i].size || map[i].type != e[i].type )
            test_fail("memory_map: entry %u differs from the start info's", i);
    if ( !ram || (uintptr_t)big + sizeof(big) > ram_end() )
        test_fail("memory_map: RAM %#lx does not cover the test's own memory", ram);

    /* A short buffer gets what fits; bad pointers are -EFAULT. */
    m.nr_entries = 1;
    rc = memory_op(XENMEM_memory_map, &m);
    if ( rc || m.nr_entries != 1 )
        test_fail("memory_map into 1 entry: rc %ld, %u entries", rc, m.nr_entries);
    set_xen_guest_handle(m.buffer, (void *)BAD_VA);
    m.nr_entries = ARRAY_SIZE(map);
    if ( (rc = memory_op(XENMEM_memory_map, &m)) != -XEN_EFAULT )
        test_fail("memory_map into an unmapped buffer: rc %ld", rc);
    if ( (rc = memory_op(XENMEM_memory_map, (void *)BAD_VA)) != -XEN_EFAULT )
        test_fail("memory_map with an unmapped argument: rc %ld", rc);
    return ram >> 12;
}

static void check_reservation(uint64_t ram_pages)
{
    long cur = tot_pages(), max = query(XENMEM_maximum_reservation, DOMID_SELF);
    long top = memory_op(XENMEM_maximum_ram_page, NULL);
    long gpfn = query(XENMEM_maximum_gpfn, DOMID_SELF);
    unsigned long mem_mb;

    printk("current_reservation %ld, maximum_reservation %ld, maximum_ram_page %#lx, "
           "maximum_gpfn %#lx, RAM in the map %lu pages\n", cur, max, top, gpfn, ram_pages);
    if ( cur <= 0 || max < cur )
        test_fail("reservation: current %ld, maximum %ld", cur, max);
    /* Every RAM page of the map is populated; beyond it only a few special
     * pages (Xen: xenstore, console, ACPI tables). */
    if ( (uint64_t)cur < ram_pages || (uint64_t)cur > ram_pages + 256 )
        test_fail("current_reservation %ld, but the map has %lu RAM pages", cur, ram_pages);
    if ( cmdline_get_ulong(test_cmdline, "mem", &mem_mb) &&
         (ram_pages != mem_mb << 8 || (unsigned long)max < mem_mb << 8) )
        test_fail("mem=%lu MiB, but %lu RAM pages in the map, maximum %ld", mem_mb,
                  ram_pages, max);
    if ( top <= max )
        test_fail("maximum_ram_page %#lx: not above this domain's maximum", top);
    if ( gpfn < (long)((ram_end() >> 12) - 1) )
        test_fail("maximum_gpfn %#lx below the end of RAM", gpfn);
    if ( (cur = query(XENMEM_current_reservation | (1 << MEMOP_EXTENT_SHIFT), DOMID_SELF))
         != -XEN_EINVAL )
        test_fail("current_reservation with continuation bits: %ld", cur);
    if ( (cur = memory_op(XENMEM_current_reservation, (void *)BAD_VA)) != -XEN_EFAULT )
        test_fail("current_reservation, unmapped argument: %ld", cur);
    if ( (cur = query(XENMEM_current_reservation, 0x7000)) != -XEN_ESRCH )
        test_fail("current_reservation of no domain: %ld, not -ESRCH", cur);
}

/* A page given back is a hole; populated again it reads zero. */
static void check_decrease_populate(void)
{
    long before = tot_pages(), rc;
    xen_pfn_t list[2] = { gfn_of(pages[0]), gfn_of(pages[1]) };

    poke(pages[0], 0x600dcafe);
    poke(pages[1], 0x600dcafe);
    rc = reservation(XENMEM_decrease_reservation, list, 1, 0, DOMID_SELF);
    printk("decrease_reservation of gfn %#lx: %ld, tot_pages %ld -> %ld\n", list[0], rc,
           before, tot_pages());
    if ( rc != 1 || tot_pages() != before - 1 )
        test_fail("decrease one page: rc %ld, tot_pages %ld -> %ld", rc, before, tot_pages());
    printk("the hole reads %#x\n", peek(pages[0]));
    if ( peek(pages[0]) != 0xffffffff )
        test_fail("a page given back reads %#x, not all-ones", peek(pages[0]));
    poke(pages[0], 0x12345678);
    if ( peek(pages[0]) != 0xffffffff )
        test_fail("a write to a page given back was kept: %#x", peek(pages[0]));
    if ( (rc = reservation(XENMEM_decrease_reservation, list, 1, 0, DOMID_SELF)) != 0 )
        test_fail("decrease of a gfn it does not have: %ld, not 0", rc);

    /* Resumed at extent 1 (a continuation's cmd): extent 0 stays. */
    list[0] = gfn_of(pages[2]);
    poke(pages[2], 0x600dcafe);
    rc = reservation(XENMEM_decrease_reservation | (1 << MEMOP_EXTENT_SHIFT), list, 2, 0,
                     DOMID_SELF);
    if ( rc != 2 || peek(pages[2]) != 0x600dcafe || peek(pages[1]) != 0xffffffff )
        test_fail("decrease from extent 1: rc %ld, extent 0 %#x, extent 1 %#x", rc,
                  peek(pages[2]), peek(pages[1]));
    if ( tot_pages() != before - 2 )
        test_fail("tot_pages %ld after two pages given back, not %ld", tot_pages(), before - 2);

    list[0] = gfn_of(pages[0]);
    rc = reservation(XENMEM_populate_physmap, list, 2, 0, DOMID_SELF);
    printk("populate_physmap of 2 pages: %ld, tot_pages %ld, contents %s\n", rc, tot_pages(),
           page_is_zero(pages[0]) && page_is_zero(pages[1]) ? "zero" : "not zero");
    if ( rc != 2 || tot_pages() != before )
        test_fail("populate 2 pages: rc %ld, tot_pages %ld, not %ld", rc, tot_pages(), before);
    if ( !page_is_ram(pages[0]) || !page_is_ram(pages[1]) )
        test_fail("a populated page keeps no write");
}

/* A 2 MiB extent, and 512 extents in one call (which a hypervisor may
 * preempt and continue). */
static void check_big_extents(void)
{
    long before = tot_pages(), rc;
    xen_pfn_t gfn = gfn_of(big);

    if ( (rc = reservation(XENMEM_decrease_reservation, &gfn, 1, 10, DOMID_SELF)) != 0 )
        test_fail("decrease of an order-10 extent: %ld, not 0 (domU limit 9)", rc);
    rc = reservation(XENMEM_decrease_reservation, &gfn, 1, 9, DOMID_SELF);
    if ( rc != 1 || tot_pages() != before - NR_BIG || peek(big + MB(1)) != 0xffffffff )
        test_fail("decrease of a 2 MiB extent: rc %ld, tot_pages %ld", rc, tot_pages());
    rc = reservation(XENMEM_populate_physmap, &gfn, 1, 9, DOMID_SELF);
    if ( rc != 1 || tot_pages() != before || !page_is_ram(big + MB(1)) )
        test_fail("populate of a 2 MiB extent: rc %ld, tot_pages %ld", rc, tot_pages());

    for ( unsigned int i = 0; i < NR_BIG; i++ )
        big_list[i] = gfn + i;
    rc = reservation(XENMEM_decrease_reservation, big_list, NR_BIG, 0, DOMID_SELF);
    printk("decrease_reservation of %u pages: %ld, tot_pages %ld\n", NR_BIG, rc, tot_pages());
    if ( rc != NR_BIG || tot_pages() != before - NR_BIG )
        test_fail("decrease of %u pages: rc %ld", NR_BIG, rc);
    rc = reservation(XENMEM_populate_physmap, big_list, NR_BIG, 0, DOMID_SELF);
    if ( rc != NR_BIG || tot_pages() != before )
        test_fail("populate of %u pages: rc %ld, tot_pages %ld", NR_BIG, rc, tot_pages());
    for ( unsigned int i = 0; i < NR_BIG; i++ )
        if ( !page_is_ram(big + i * 4096) )
            return test_fail("page %u of the list is no RAM after populate", i);
}

/* increase_reservation: a page for the domain at no gfn (a translated
 * guest learns no frame number); here in place of one given back. */
static void check_increase(void)
{
    long before = tot_pages(), rc;
    xen_pfn_t gfn = gfn_of(pages[8]), out = ~0UL;

    if ( (rc = reservation(XENMEM_decrease_reservation, &gfn, 1, 0, DOMID_SELF)) != 1 )
        return test_fail("decrease for increase: %ld", rc);
    rc = reservation(XENMEM_increase_reservation, &out, 1, 0, DOMID_SELF);
    printk("increase_reservation: %ld, tot_pages %ld, list entry %#lx, gfn reads %#x\n", rc,
           tot_pages(), out, peek(pages[8]));
    if ( rc != 1 || tot_pages() != before || out != ~0UL || peek(pages[8]) != 0xffffffff )
        test_fail("increase_reservation: rc %ld, tot_pages %ld, entry %#lx", rc, tot_pages(),
                  out);
}

static void check_denials(void)
{
    xen_pfn_t gfn = gfn_of(pages[3]);
    unsigned long foreign;
    long rc;

    poke(pages[3], 0x600dcafe);
    if ( (rc = reservation(XENMEM_decrease_reservation, &gfn, 1, 0, 0x7000)) != 0 )
        test_fail("decrease for no domain: %ld, not 0", rc);
    if ( (rc = reservation(XENMEM_decrease_reservation, (void *)BAD_VA, 1, 0, DOMID_SELF)) )
        test_fail("decrease with an unmapped list: %ld, not 0", rc);
    if ( (rc = memory_op(XENMEM_decrease_reservation, (void *)BAD_VA)) != 0 )
        test_fail("decrease with an unmapped argument: %ld, not 0", rc);
    if ( cmdline_get_ulong(test_cmdline, "foreign", &foreign) )
    {
        if ( (rc = reservation(XENMEM_decrease_reservation, &gfn, 1, 0, foreign)) != 0 )
            test_fail("decrease for d%lu: %ld, not 0", foreign, rc);
        if ( (rc = reservation(XENMEM_populate_physmap, &gfn, 1, 0, foreign)) != 0 )
            test_fail("populate for d%lu: %ld, not 0", foreign, rc);
        if ( (rc = query(XENMEM_current_reservation, foreign)) != -XEN_EPERM )
            test_fail("current_reservation of d%lu: %ld, not -EPERM", foreign, rc);
    }
    if ( peek(pages[3]) != 0x600dcafe )
        test_fail("a refused decrease took the page");
    /* Flags a domU may not ask for: 12 address bits, an exact host node. */
    if ( (rc = reservation_flags(XENMEM_populate_physmap, &gfn, 1, 0, DOMID_SELF,
                                 XENMEMF_address_bits(12))) != 0 )
        test_fail("populate below 4 KiB of address: %ld, not 0", rc);
    if ( (rc = reservation_flags(XENMEM_populate_physmap, &gfn, 1, 0, DOMID_SELF,
                                 XENMEMF_exact_node(1))) != 0 )
        test_fail("populate on an exact node: %ld, not 0", rc);
    if ( (rc = memory_op(63, NULL)) != -XEN_ENOSYS )
        test_fail("unknown sub-op 63: %ld, not -ENOSYS", rc);
    if ( (rc = memory_op(XENMEM_machine_memory_map, map)) != -XEN_ENOSYS )
        test_fail("machine_memory_map from a domU: %ld, not -ENOSYS", rc);
}


static long add_to_physmap(domid_t domid, unsigned int space, unsigned long idx, xen_pfn_t gpfn)
{
    struct xen_add_to_physmap x = { .domid = domid, .space = space, .idx = idx, .gpfn = gpfn };

    return memory_op(XENMEM_add_to_physmap, &x);
}

static long remove_from_physmap(domid_t domid, xen_pfn_t gpfn, unsigned long start)
{
    struct xen_remove_from_physmap x = { .domid = domid, .gpfn = gpfn };

    return memory_op(XENMEM_remove_from_physmap | (start << MEMOP_EXTENT_SHIFT), &x);
}

/* Frames moved between gfns (XENMAPSPACE_gmfn, gmfn_range) and taken out
 * of the physmap (XENMEM_remove_from_physmap, which frees nothing). */
static void check_move_remove(void)
{
    uint8_t *a = pages[4], *b = pages[5], *c = pages[6], *d = pages[7];
    struct xen_add_to_physmap x = { .domid = DOMID_SELF, .space = XENMAPSPACE_gmfn_range,
                                    .size = 2, .idx = gfn_of(c), .gpfn = gfn_of(a) };
    long before = tot_pages(), rc;
    xen_pfn_t holes[2] = { gfn_of(a), gfn_of(d) };

    poke(a, 0xaaaa0004);
    poke(b, 0xbbbb0005);
    poke(c, 0xcccc0006);
    poke(d, 0xdddd0007);
    /* a's frame to b's gfn: b's RAM is given back, a is a hole. */
    rc = add_to_physmap(DOMID_SELF, XENMAPSPACE_gmfn, gfn_of(a), gfn_of(b));
    printk("gmfn %#lx -> %#lx: %ld, there %#x, left behind %#x, tot_pages %ld -> %ld\n",
           gfn_of(a), gfn_of(b), rc, peek(b), peek(a), before, tot_pages());
    if ( rc || peek(b) != 0xaaaa0004 || peek(a) != 0xffffffff || tot_pages() != before - 1 )
        test_fail("gmfn move: rc %ld, %#x at the new gfn, %#x at the old one", rc, peek(b),
                  peek(a));
    if ( (rc = add_to_physmap(DOMID_SELF, XENMAPSPACE_gmfn, gfn_of(a), gfn_of(c))) != -XEN_EINVAL )
        test_fail("gmfn move of a hole: %ld, not -EINVAL", rc);
    /* A range of two resumed at 1 (a continuation's cmd): only d moves, to b. */
    rc = memory_op(XENMEM_add_to_physmap | (1UL << MEMOP_EXTENT_SHIFT), &x);
    if ( rc || peek(b) != 0xdddd0007 || peek(d) != 0xffffffff || peek(c) != 0xcccc0006 ||
         tot_pages() != before - 2 )
        test_fail("gmfn_range from 1: rc %ld, b %#x, c %#x, d %#x, tot_pages %ld", rc, peek(b),
                  peek(c), peek(d), tot_pages());
    x.size = 1;
    if ( (rc = memory_op(XENMEM_add_to_physmap | (2UL << MEMOP_EXTENT_SHIFT), &x)) != -XEN_EILSEQ )
        test_fail("gmfn_range resumed beyond its size: %ld, not -EILSEQ", rc);

    rc = remove_from_physmap(DOMID_SELF, gfn_of(c), 0);
    printk("remove_from_physmap %#lx: %ld, reads %#x, tot_pages %ld\n", gfn_of(c), rc, peek(c),
           tot_pages());
    if ( rc || peek(c) != 0xffffffff || tot_pages() != before - 2 )
        test_fail("remove_from_physmap: rc %ld, reads %#x, tot_pages %ld", rc, peek(c),
                  tot_pages());
    if ( (rc = remove_from_physmap(DOMID_SELF, gfn_of(c), 0)) != -XEN_ENOENT )
        test_fail("remove_from_physmap of a hole: %ld, not -ENOENT", rc);
    if ( (rc = remove_from_physmap(0x7000, gfn_of(b), 0)) != -XEN_ESRCH )
        test_fail("remove_from_physmap for no domain: %ld, not -ESRCH", rc);
    if ( (rc = remove_from_physmap(DOMID_SELF, gfn_of(b), 1)) != -XEN_EINVAL )
        test_fail("remove_from_physmap with continuation bits: %ld, not -EINVAL", rc);
    /* a and d back; c's frame is still the domain's, unmapped. */
    rc = reservation(XENMEM_populate_physmap, holes, 2, 0, DOMID_SELF);
    if ( rc != 2 || tot_pages() != before )
        test_fail("populate the moved-from holes: rc %ld, tot_pages %ld, not %ld", rc,
                  tot_pages(), before);
}

/* shared_info over its own RAM (Linux does this at boot): the RAM page
 * goes, the page is there and writable, and it moves when mapped again. */
static void check_shared_info(void)
{
    long before = tot_pages(), rc;
    shared_info_t *s = (shared_info_t *)pages[2], *t = (shared_info_t *)pages[3];
    unsigned long foreign;
    bool pending = false;

    if ( (rc = add_to_physmap(DOMID_SELF, XENMAPSPACE_shared_info, 0, gfn_of(s))) )
        return test_fail("add_to_physmap shared_info: %ld", rc);
    printk("shared_info at gfn %#lx: tot_pages %ld -> %ld, vcpu_info[0].time.version %u, "
           "wc_sec %u\n", gfn_of(s), before, tot_pages(), s->vcpu_info[0].time.version,
           s->wc_sec);
    if ( tot_pages() != before - 1 )
        test_fail("the RAM under shared_info was not given back: tot_pages %ld", tot_pages());
    for ( unsigned int i = 0; i < ARRAY_SIZE(s->evtchn_pending); i++ )
        pending |= s->evtchn_pending[i] != 0;
    if ( pending || s->vcpu_info[0].evtchn_upcall_pending || s->vcpu_info[0].time.version & 1 )
        test_fail("shared_info: events pending or a time update torn");
    s->vcpu_info[0].arch.pad = 0x5ca1ab1e;
    if ( s->vcpu_info[0].arch.pad != 0x5ca1ab1e )
        test_fail("vcpu_info[0] is not writable");

    if ( (rc = add_to_physmap(DOMID_SELF, XENMAPSPACE_shared_info, 0, gfn_of(t))) )
        test_fail("add_to_physmap shared_info again: %ld", rc);
    if ( t->vcpu_info[0].arch.pad != 0x5ca1ab1e || peek(s) != 0xffffffff )
        test_fail("shared_info did not move: new place %#lx, old place %#x",
                  t->vcpu_info[0].arch.pad, peek(s));
    if ( tot_pages() != before - 2 )
        test_fail("tot_pages %ld after shared_info moved over RAM, not %ld", tot_pages(),
                  before - 2);

    if ( (rc = add_to_physmap(DOMID_SELF, XENMAPSPACE_shared_info, 1, gfn_of(s))) != -XEN_EINVAL )
        test_fail("shared_info idx 1: %ld, not -EINVAL", rc);
    if ( (rc = add_to_physmap(DOMID_SELF, 99, 0, gfn_of(s))) != -XEN_EINVAL )
        test_fail("space 99: %ld, not -EINVAL", rc);
    if ( (rc = add_to_physmap(DOMID_SELF, XENMAPSPACE_gmfn_foreign, 0, gfn_of(s))) !=
         -XEN_ENOSYS )
        test_fail("gmfn_foreign by add_to_physmap: %ld, not -ENOSYS", rc);
    if ( (rc = add_to_physmap(0x7000, XENMAPSPACE_shared_info, 0, gfn_of(s))) != -XEN_ESRCH )
        test_fail("shared_info of no domain: %ld, not -ESRCH", rc);
    if ( cmdline_get_ulong(test_cmdline, "foreign", &foreign) &&
         (rc = add_to_physmap(foreign, XENMAPSPACE_shared_info, 0, gfn_of(s))) != -XEN_EPERM )
        test_fail("shared_info of d%lu: %ld, not -EPERM", foreign, rc);
    if ( (rc = memory_op(XENMEM_add_to_physmap, (void *)BAD_VA)) != -XEN_EFAULT )
        test_fail("add_to_physmap, unmapped argument: %ld", rc);
    if ( (rc = memory_op(XENMEM_add_to_physmap | (0x10000UL << MEMOP_EXTENT_SHIFT), NULL)) !=
         -XEN_EDOM )
        test_fail("add_to_physmap, progress beyond 16 bits: %ld, not -EDOM", rc);
}

/* HVMOP_pagetable_dying, a hint for shadow paging that Linux gives at
 * boot: with nested paging Xen refuses it (-EINVAL for itself, -ESRCH for
 * a domain that does not exist). */
static void check_pagetable_dying(void)
{
    struct xen_hvm_pagetable_dying a = { .domid = DOMID_SELF, .gpa = 0x1000 };
    long rc = hypercall(__HYPERVISOR_hvm_op, HVMOP_pagetable_dying, (unsigned long)&a, 0);

    printk("pagetable_dying: %ld\n", rc);
    if ( rc != -XEN_EINVAL )
        test_fail("pagetable_dying with nested paging: %ld, not -EINVAL", rc);
    a.domid = 0x7fe0;
    if ( (rc = hypercall(__HYPERVISOR_hvm_op, HVMOP_pagetable_dying, (unsigned long)&a, 0)) !=
         -XEN_ESRCH )
        test_fail("pagetable_dying for no domain: %ld, not -ESRCH", rc);
}

void test_main(void)
{
    uint64_t ram_pages;

    if ( !xen_cpuid_base )
        return test_skip("not on a Xen-ABI hypervisor");
    if ( start_info->version < 1 || !start_info->memmap_paddr )
        return test_skip("no memory map in hvm_start_info to compare with");
    ram_pages = check_memory_map();
    check_reservation(ram_pages);
    check_decrease_populate();
    check_big_extents();
    check_increase();
    check_denials();
    check_move_remove();
    check_shared_info();
    check_pagetable_dying();
}

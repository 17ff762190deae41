/* Grant tables v1 as a PVH domU sees them (public/grant_table.h; Xen
 * 4.17's common/grant_table.c defines the answers): its table's size,
 * its frames mapped by add_to_physmap, a grant to itself mapped at a free
 * gfn (read-write and read-only), copies between grants and frames, and
 * the denials with their GNTST_* codes.
 *
 * A domain may map its own grant: Xen then unmaps the frame from the gfn
 * it was granted at (p2m_add_page removes the M2P alias), so each map
 * here grants a page of its own that the test never touches again
 * through its first gfn. A write through a read-only mapping is dropped
 * (Xen emulates it as a write to a discard-write p2m type): no fault,
 * the page unchanged.
 * Version 2 is refused with -ENOSYS: on Xen when the domain's
 * max_grant_version is 1 (xl's max_grant_version=1; Xen's default for a
 * domU is 2), on ours always. */
#include "test.h"
#include "gnttab.h"

#include <xen/grant_table.h>
#include <xen/memory.h>

const char test_title[] = "grant tables v1: setup, frames, self-grants, copy, denials";

#define FRAME_GFN GNTTAB_FRAME_GFN
#define MAP_GFN   0x80010UL
#define NO_DOMAIN 0x7000

static uint8_t pages[5][4096] __aligned(4096);
static xen_pfn_t frames[2];
static domid_t self;

static void expect(const char *what, long got, long want)
{
    printk("%s: %ld\n", what, got);
    if ( got != want )
        test_fail("%s: %ld, expected %ld", what, got, want);
}

static void table(void)
{
    struct gnttab_query_size q = { .dom = DOMID_SELF };
    struct gnttab_setup_table s = { .dom = DOMID_SELF, .nr_frames = 2 };
    struct xen_add_to_physmap x = { .domid = DOMID_SELF, .space = XENMAPSPACE_grant_table,
                                    .idx = 0, .gpfn = FRAME_GFN };
    struct gnttab_set_version v = { .version = 2 };
    struct gnttab_get_version g = { .dom = DOMID_SELF };

    expect("query_size rc", gnttab_op(GNTTABOP_query_size, &q, 1), 0);
    printk("query_size: status %d, %u of %u frames\n", q.status, q.nr_frames, q.max_nr_frames);
    if ( q.status != GNTST_okay || q.nr_frames != 1 || q.max_nr_frames != 64 )
        test_fail("query_size: status %d, %u of %u frames", q.status, q.nr_frames,
                  q.max_nr_frames);
    set_xen_guest_handle(s.frame_list, frames);
    expect("setup_table rc", gnttab_op(GNTTABOP_setup_table, &s, 1), 0);
    expect("setup_table status", s.status, GNTST_okay);
    expect("frame 1 before it is mapped is nowhere", frames[1] == ~(xen_pfn_t)0, 1);
    expect("add_to_physmap grant frame 0", hypercall(__HYPERVISOR_memory_op,
           XENMEM_add_to_physmap, (unsigned long)&x, 0), 0);
    expect("setup_table rc", gnttab_op(GNTTABOP_setup_table, &s, 1), 0);
    expect("frame 0 at its gfn", frames[0] == FRAME_GFN, 1);
    q.dom = DOMID_SELF;
    gnttab_op(GNTTABOP_query_size, &q, 1);
    expect("nr_frames after setup of 2", q.nr_frames, 2);
    s.nr_frames = 65;
    gnttab_op(GNTTABOP_setup_table, &s, 1);
    expect("setup_table of 65 frames", s.status, GNTST_general_error);
    q.dom = NO_DOMAIN;
    gnttab_op(GNTTABOP_query_size, &q, 1);
    expect("query_size of no domain", q.status, GNTST_bad_domain);
    expect("setup_table count 2", gnttab_op(GNTTABOP_setup_table, &s, 2), -XEN_EINVAL);
    expect("set_version 2", gnttab_op(GNTTABOP_set_version, &v, 1), -XEN_ENOSYS);
    expect("version after", v.version, 1);
    v.version = 3;
    expect("set_version 3", gnttab_op(GNTTABOP_set_version, &v, 1), -XEN_EINVAL);
    v.version = 1;
    expect("set_version 1", gnttab_op(GNTTABOP_set_version, &v, 1), 0);
    expect("get_version", gnttab_op(GNTTABOP_get_version, &g, 1), 0);
    expect("version", g.version, 1);
    g.dom = NO_DOMAIN;
    expect("get_version of no domain", gnttab_op(GNTTABOP_get_version, &g, 1), -XEN_ESRCH);
    /* An HVM domain's calls pass Xen's filter (hvm_grant_table_op) first:
     * it knows no continuation bits, nor transfer or unmap_and_replace. */
    expect("continuation bits in cmd", gnttab_op(GNTTABOP_query_size | (1u << 12), &q, 1),
           -XEN_ENOSYS);
    expect("unmap_and_replace", gnttab_op(GNTTABOP_unmap_and_replace, &q, 1), -XEN_ENOSYS);
    expect("negative count", gnttab_op(GNTTABOP_map_grant_ref, &q, 0x80000000u), -XEN_EINVAL);
}

/* Writes v at p: 0, or the exception it raised. */
static exinfo_t write_safe(volatile uint32_t *p, uint32_t v)
{
    exinfo_t ex = 0;

    asm volatile ( "1: movl %k1, (%2); 2:\n" _ASM_EXTABLE(1b, 2b)
                   : "+D" (ex) : "r" (v), "r" (p) : "memory" );
    return ex;
}

static void self_maps(void)
{
    volatile uint32_t *m = (volatile uint32_t *)(MAP_GFN << 12);
    struct gnttab_map_grant_ref op;
    exinfo_t ex;

    /* Read-write. */
    memset(pages[0], 0x5a, 4096);
    gnttab_grant(10, self, pages[0], GTF_permit_access);
    op = gnttab_map(self, 10, MAP_GFN, GNTMAP_host_map);
    expect("map of its own grant", op.status, GNTST_okay);
    printk("handle %u, flags now %#x\n", op.handle, gnttab_entry(10)->flags);
    expect("reading|writing set", gnttab_entry(10)->flags,
           GTF_permit_access | GTF_reading | GTF_writing);
    expect("data through the mapping", m[0] == 0x5a5a5a5a, 1);
    m[1] = 0x12345678;
    expect("written through the mapping", m[1], 0x12345678);
    expect("unmap", gnttab_unmap(MAP_GFN, op.handle), GNTST_okay);
    expect("flags after unmap", gnttab_entry(10)->flags, GTF_permit_access);
    expect("unmap twice", gnttab_unmap(MAP_GFN, op.handle), GNTST_bad_handle);
    expect("the unmapped gfn is a hole", m[0], 0xffffffff);
    expect("bad handle", gnttab_unmap(MAP_GFN, 0x7fffffff), GNTST_bad_handle);

    /* Read-only grant: a writable map is refused, a read-only one holds. */
    memset(pages[1], 0xa5, 4096);
    gnttab_grant(11, self, pages[1], GTF_permit_access | GTF_readonly);
    op = gnttab_map(self, 11, MAP_GFN, GNTMAP_host_map);
    expect("writable map of a read-only grant", op.status, GNTST_general_error);
    expect("flags untouched", gnttab_entry(11)->flags, GTF_permit_access | GTF_readonly);
    op = gnttab_map(self, 11, MAP_GFN, GNTMAP_host_map | GNTMAP_readonly);
    expect("read-only map", op.status, GNTST_okay);
    expect("reading set", gnttab_entry(11)->flags, GTF_permit_access | GTF_readonly | GTF_reading);
    ex = write_safe(m, 0);
    printk("write through the read-only mapping: vector %u ec %#x\n",
           ex ? EXINFO_VEC(ex) : 0u, ex ? EXINFO_EC(ex) : 0u);
    if ( ex )
        test_fail("write through a read-only mapping: exinfo %#lx, expected none",
                  (unsigned long)ex);
    expect("page unchanged", m[0], 0xa5a5a5a5);
    expect("unmap read-only", gnttab_unmap(MAP_GFN, op.handle), GNTST_okay);
    expect("flags after", gnttab_entry(11)->flags, GTF_permit_access | GTF_readonly);
}

static void denials(void)
{
    struct gnttab_map_grant_ref op;

    gnttab_entry(12)->flags = GTF_invalid;
    op = gnttab_map(self, 12, MAP_GFN, GNTMAP_host_map);
    expect("map of a ref never granted", op.status, GNTST_general_error);
    gnttab_grant(13, (domid_t)(self + 1), pages[2], GTF_permit_access);
    op = gnttab_map(self, 13, MAP_GFN, GNTMAP_host_map);
    expect("map of a grant to another domain", op.status, GNTST_general_error);
    gnttab_grant(14, self, pages[2], GTF_permit_access);
    gnttab_entry(14)->flags = GTF_invalid;                 /* revoked */
    op = gnttab_map(self, 14, MAP_GFN, GNTMAP_host_map);
    expect("map of a revoked grant", op.status, GNTST_general_error);
    op = gnttab_map(NO_DOMAIN, 14, MAP_GFN, GNTMAP_host_map);
    expect("map from no domain", op.status, GNTST_bad_domain);
    op = gnttab_map(DOMID_SELF, 14, MAP_GFN, GNTMAP_host_map);
    expect("map from DOMID_SELF", op.status, GNTST_bad_domain);
    op = gnttab_map(self, 2 * 512, MAP_GFN, GNTMAP_host_map);
    expect("map of a ref past the table", op.status, GNTST_bad_gntref);
    op = gnttab_map(self, 14, MAP_GFN, 0);
    expect("map with no flags", op.status, GNTST_bad_gntref);
    expect("the gfn is still a hole", *(volatile uint32_t *)(MAP_GFN << 12), 0xffffffff);
}

static int16_t copy1(uint16_t flags, domid_t sd, uint64_t s, uint16_t soff, domid_t dd,
                     uint64_t d, uint16_t doff, uint16_t len)
{
    struct gnttab_copy op = { .flags = flags, .len = len };
    long rc;

    op.source.domid = sd;
    op.source.offset = soff;
    op.dest.domid = dd;
    op.dest.offset = doff;
    if ( flags & GNTCOPY_source_gref )
        op.source.u.ref = (grant_ref_t)s;
    else
        op.source.u.gmfn = s;
    if ( flags & GNTCOPY_dest_gref )
        op.dest.u.ref = (grant_ref_t)d;
    else
        op.dest.u.gmfn = d;
    rc = gnttab_op(GNTTABOP_copy, &op, 1);
    if ( rc )
        test_fail("copy: rc %ld", rc);
    return op.status;
}

static void copies(void)
{
    static struct gnttab_copy batch[100];
    uint8_t *a = pages[3], *b = pages[4];

    memcpy(a, "grant copy", 10);
    gnttab_grant(20, self, b, GTF_permit_access);
    gnttab_grant(21, self, a, GTF_permit_access | GTF_readonly);
    expect("copy gmfn -> gref", copy1(GNTCOPY_dest_gref, DOMID_SELF, gfn_of(a), 0, self, 20,
                                      100, 10), GNTST_okay);
    expect("data arrived", memcmp(b + 100, "grant copy", 10), 0);
    expect("copy gref -> gmfn", copy1(GNTCOPY_source_gref, self, 20, 100, DOMID_SELF,
                                      gfn_of(a), 200, 10), GNTST_okay);
    expect("data back", memcmp(a + 200, "grant copy", 10), 0);
    expect("copy gref -> gref", copy1(GNTCOPY_source_gref | GNTCOPY_dest_gref, self, 21, 0,
                                      self, 20, 300, 10), GNTST_okay);
    expect("data there", memcmp(b + 300, "grant copy", 10), 0);
    expect("flags after copies", gnttab_entry(20)->flags, GTF_permit_access);
    expect("copy by frame of a named domain", copy1(0, self, gfn_of(a), 0, DOMID_SELF,
                                                    gfn_of(b), 0, 8), GNTST_permission_denied);
    expect("copy into a read-only grant", copy1(GNTCOPY_dest_gref, DOMID_SELF, gfn_of(a), 0,
                                                self, 21, 0, 8), GNTST_general_error);
    expect("copy past the page", copy1(GNTCOPY_dest_gref, DOMID_SELF, gfn_of(a), 0, self, 20,
                                       4000, 200), GNTST_bad_copy_arg);
    expect("copy of a bad ref", copy1(GNTCOPY_source_gref, self, 5000, 0, DOMID_SELF,
                                      gfn_of(b), 0, 8), GNTST_bad_gntref);
    expect("copy from no domain", copy1(GNTCOPY_source_gref, NO_DOMAIN, 20, 0, DOMID_SELF,
                                        gfn_of(b), 0, 8), GNTST_bad_domain);
    expect("copy of a hole", copy1(0, DOMID_SELF, MAP_GFN, 0, DOMID_SELF, gfn_of(b), 0, 8),
           GNTST_bad_page);
    for ( unsigned int i = 0; i < 100; i++ )
    {
        batch[i] = (struct gnttab_copy){ .flags = GNTCOPY_dest_gref, .len = 8 };
        batch[i].source.domid = DOMID_SELF;
        batch[i].source.u.gmfn = gfn_of(a);
        batch[i].dest.domid = self;
        batch[i].dest.u.ref = 20;
        batch[i].dest.offset = (uint16_t)(i * 8);
        batch[i].status = 99;
    }
    expect("a batch of 100 copies", gnttab_op(GNTTABOP_copy, batch, 100), 0);
    for ( unsigned int i = 0; i < 100; i++ )
        if ( batch[i].status != GNTST_okay )
            test_fail("batch copy %u: status %d", i, batch[i].status);
    expect("last of the batch", memcmp(b + 99 * 8, "grant co", 8), 0);
}

void test_main(void)
{
    if ( !xen_cpuid_base )
        return test_skip("not on a Xen-ABI hypervisor");
    self = (domid_t)cpuid(xen_cpuid_base + 4).c;
    printk("domid %u\n", self);
    table();
    if ( test_failed() )
        return;
    self_maps();
    denials();
    copies();
}

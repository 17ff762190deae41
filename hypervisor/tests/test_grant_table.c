/* Grant tables v1 (common/grant_table_*.c) on fake domains: entry flags as
 * Xen sets them, maptrack handles in Xen's order, page references, the
 * denials with their GNTST_* codes, copies, and destruction. */
#include <check.h>
#include "suites.h"
#include "gnttab_fake.h"

#define A 0                             /* slots: A is d1 (granter), B d2 */
#define B 1

static unsigned long free0;

static void setup(void)
{
    fk_reset();
    free0 = fk_heap.free_pages;
    ck_assert_int_eq(fk_create(A, 1, 16), 0);
    ck_assert_int_eq(fk_create(B, 2, 16), 0);
}

static struct gnttab_map_grant_ref map_op(domid_t dom, grant_ref_t ref, unsigned long gfn,
                                          uint16_t flags)
{
    return (struct gnttab_map_grant_ref){ .host_addr = (uint64_t)gfn << 12, .flags = flags,
                                          .ref = ref, .dom = dom, .handle = 0xdead };
}

static int16_t unmap(int slot, unsigned int handle, unsigned long gfn)
{
    struct gnttab_unmap_grant_ref op = { .host_addr = (uint64_t)gfn << 12, .handle = handle };

    gnttab_unmap_grant_ref(&fk_dom[slot].gt, &op);
    return op.status;
}

static uint32_t count(int slot, unsigned long gfn)
{
    return fk_ft[fk_mfn(slot, gfn)].count;
}

START_TEST(table_starts_with_one_frame_and_grows)
{
    struct grant_table *gt = &fk_dom[A].gt;
    unsigned long mfn, old;

    ck_assert_uint_eq(gt->nr_grant_frames, 1);
    ck_assert_uint_eq(gt->max_grant_frames, 64);
    ck_assert_uint_eq(nr_grant_entries(gt), 512);
    ck_assert_int_eq(gnttab_setup(gt, 4), GNTST_okay);
    ck_assert_uint_eq(gt->nr_grant_frames, 4);
    ck_assert_int_eq(gnttab_setup(gt, 65), GNTST_general_error);
    ck_assert_uint_eq(gnttab_frame_gfn(gt, 2), INVALID_GFN);
    /* Frames are the domain's xenheap pages, not in tot_pages. */
    ck_assert_uint_eq(fk_dom[A].mem.xenheap_pages, 4);
    ck_assert_uint_eq(fk_dom[A].mem.tot_pages, 16);
    /* add_to_physmap grows the table to the frame it names. */
    ck_assert_int_eq(gnttab_map_frame(gt, 9, &mfn, &old), 0);
    ck_assert_uint_eq(gt->nr_grant_frames, 10);
    ck_assert_uint_eq(old, INVALID_GFN);
    ck_assert_int_eq(p2m_set_entry(&fk_dom[A].p2m, 100, mfn, 0, p2m_ram_rw), 0);
    gnttab_set_frame_gfn(gt, 9, 100);
    ck_assert_uint_eq(gnttab_frame_gfn(gt, 9), 100);
    ck_assert_int_eq(gnttab_map_frame(gt, 64, &mfn, &old), -XEN_EINVAL);
    /* Xen takes idx as unsigned int: 2^32 + 9 is frame 9. */
    ck_assert_int_eq(gnttab_map_frame(gt, (1UL << 32) + 9, &mfn, &old), 0);
    ck_assert_uint_eq(old, 100);
    /* Unmapped behind its back: no longer believed. */
    p2m_set_entry(&fk_dom[A].p2m, 100, INVALID_MFN, 0, p2m_invalid);
    ck_assert_uint_eq(gnttab_frame_gfn(gt, 9), INVALID_GFN);
}
END_TEST

START_TEST(set_version_v1_only)
{
    ck_assert_int_eq(gnttab_set_version(&fk_dom[A].gt, 1), 0);
    ck_assert_int_eq(gnttab_set_version(&fk_dom[A].gt, 2), -XEN_ENOSYS);
    ck_assert_int_eq(gnttab_set_version(&fk_dom[A].gt, 0), -XEN_EINVAL);
    ck_assert_int_eq(gnttab_set_version(&fk_dom[A].gt, 3), -XEN_EINVAL);
}
END_TEST

START_TEST(map_sets_flags_takes_a_reference_and_unmap_undoes_it)
{
    struct gnttab_map_grant_ref op = map_op(1, 10, 200, GNTMAP_host_map);
    grant_entry_v1_t *e = shared_entry_v1(&fk_dom[A].gt, 10);
    unsigned long mfn = fk_mfn(A, 5);
    p2m_type_t t;

    fk_grant(A, 10, 2, 5, GTF_permit_access);
    ck_assert_uint_eq(count(A, 5), 1);
    gnttab_map_grant_ref(&fk_dom[B].gt, &op);
    ck_assert_int_eq(op.status, GNTST_okay);
    ck_assert_uint_eq(op.handle, 0);
    ck_assert_uint_eq(op.dev_bus_addr, (uint64_t)mfn << 12);
    ck_assert_uint_eq(e->flags, GTF_permit_access | GTF_reading | GTF_writing);
    ck_assert_uint_eq(fk_ft[mfn].count, 2);
    ck_assert_uint_eq(p2m_get_entry(&fk_dom[B].p2m, 200, &t, NULL), mfn);
    ck_assert_int_eq(t, p2m_grant_map_rw);
    /* Data written through the mapping is the granter's page. */
    fk_mem[mfn][7] = 0x5a;
    ck_assert_int_eq(unmap(B, 0, 200), GNTST_okay);
    ck_assert_uint_eq(e->flags, GTF_permit_access);
    ck_assert_uint_eq(fk_ft[mfn].count, 1);
    ck_assert_uint_eq(p2m_get_entry(&fk_dom[B].p2m, 200, &t, NULL), INVALID_MFN);
    ck_assert_int_eq(unmap(B, 0, 200), GNTST_bad_handle);
    ck_assert_int_eq(unmap(B, 5000, 200), GNTST_bad_handle);
}
END_TEST

START_TEST(readonly_grants_and_mappings)
{
    struct gnttab_map_grant_ref rw = map_op(1, 11, 200, GNTMAP_host_map);
    struct gnttab_map_grant_ref ro = map_op(1, 11, 201, GNTMAP_host_map | GNTMAP_readonly);
    grant_entry_v1_t *e = shared_entry_v1(&fk_dom[A].gt, 11);
    p2m_type_t t;

    fk_grant(A, 11, 2, 6, GTF_permit_access | GTF_readonly);
    gnttab_map_grant_ref(&fk_dom[B].gt, &rw);
    ck_assert_int_eq(rw.status, GNTST_general_error);
    ck_assert_uint_eq(e->flags, GTF_permit_access | GTF_readonly);
    ck_assert_uint_eq(rw.handle, 0xdead);       /* untouched on failure */
    gnttab_map_grant_ref(&fk_dom[B].gt, &ro);
    ck_assert_int_eq(ro.status, GNTST_okay);
    ck_assert_uint_eq(e->flags, GTF_permit_access | GTF_readonly | GTF_reading);
    p2m_get_entry(&fk_dom[B].p2m, 201, &t, NULL);
    ck_assert_int_eq(t, p2m_grant_map_ro);
    /* The failed attempt gave its handle back: the next one is 1. */
    ck_assert_uint_eq(ro.handle, 1);
    ck_assert_int_eq(unmap(B, 1, 201), GNTST_okay);
    ck_assert_uint_eq(e->flags, GTF_permit_access | GTF_readonly);
}
END_TEST

START_TEST(denials)
{
    struct grant_table *b = &fk_dom[B].gt;
    struct gnttab_map_grant_ref op;
    unsigned long free_before;
    unsigned int h;

    fk_grant(A, 12, 3, 5, GTF_permit_access);     /* granted to d3, not d2 */
    op = map_op(1, 12, 200, GNTMAP_host_map);
    gnttab_map_grant_ref(b, &op);
    ck_assert_int_eq(op.status, GNTST_general_error);
    ck_assert_uint_eq(shared_entry_v1(&fk_dom[A].gt, 12)->flags, GTF_permit_access);
    fk_grant(A, 13, 2, 5, GTF_invalid);           /* revoked */
    op = map_op(1, 13, 200, GNTMAP_host_map);
    gnttab_map_grant_ref(b, &op);
    ck_assert_int_eq(op.status, GNTST_general_error);
    op = map_op(9, 13, 200, GNTMAP_host_map);
    gnttab_map_grant_ref(b, &op);
    ck_assert_int_eq(op.status, GNTST_bad_domain);
    op = map_op(DOMID_SELF, 13, 200, GNTMAP_host_map);
    gnttab_map_grant_ref(b, &op);
    ck_assert_int_eq(op.status, GNTST_bad_domain);
    op = map_op(1, 512, 200, GNTMAP_host_map);
    gnttab_map_grant_ref(b, &op);
    ck_assert_int_eq(op.status, GNTST_bad_gntref);
    op = map_op(1, 13, 200, 0);
    gnttab_map_grant_ref(b, &op);
    ck_assert_int_eq(op.status, GNTST_bad_gntref);
    op = map_op(1, 13, 200, GNTMAP_device_map);
    gnttab_map_grant_ref(b, &op);
    ck_assert_int_eq(op.status, GNTST_general_error);
    fk_grant(A, 14, 2, 300, GTF_permit_access);   /* no RAM there */
    op = map_op(1, 14, 200, GNTMAP_host_map);
    gnttab_map_grant_ref(b, &op);
    ck_assert_int_eq(op.status, GNTST_bad_page);
    ck_assert_uint_eq(shared_entry_v1(&fk_dom[A].gt, 14)->flags, GTF_permit_access);
    ck_assert_uint_eq(b->nr_mappings, 0);
    /* A grant mapped over another grant mapping crashes the mapper. */
    free_before = fk_heap.free_pages;
    fk_grant(A, 15, 2, 5, GTF_permit_access);
    op = map_op(1, 15, 200, GNTMAP_host_map);
    gnttab_map_grant_ref(b, &op);
    ck_assert_int_eq(op.status, GNTST_okay);
    h = op.handle;
    op = map_op(1, 15, 200, GNTMAP_host_map);
    gnttab_map_grant_ref(b, &op);
    ck_assert_int_eq(op.status, GNTST_general_error);
    ck_assert_uint_eq(fk_crashes, 1);
    ck_assert_uint_eq(count(A, 5), 2);
    ck_assert_uint_eq(fk_heap.free_pages, free_before);
    /* The wrong address: the mapping stays. */
    ck_assert_int_eq(unmap(B, h, 201), GNTST_general_error);
    ck_assert_int_eq(unmap(B, h, 200), GNTST_okay);
}
END_TEST

START_TEST(handles_come_in_xens_order)
{
    struct grant_table *b = &fk_dom[B].gt;
    struct gnttab_map_grant_ref op;

    fk_grant(A, 20, 2, 5, GTF_permit_access | GTF_readonly);
    for (unsigned int i = 0; i < 3; i++) {
        op = map_op(1, 20, 200 + i, GNTMAP_host_map | GNTMAP_readonly);
        gnttab_map_grant_ref(b, &op);
        ck_assert_uint_eq(op.handle, i);
    }
    ck_assert_int_eq(unmap(B, 1, 201), GNTST_okay);
    op = map_op(1, 20, 201, GNTMAP_host_map | GNTMAP_readonly);
    gnttab_map_grant_ref(b, &op);
    ck_assert_uint_eq(op.handle, 3);                /* freed ones go last */
    ck_assert_uint_eq(count(A, 5), 4);
}
END_TEST

START_TEST(pin_counter_stops_at_128)
{
    struct grant_table *b = &fk_dom[B].gt;
    struct gnttab_map_grant_ref op;

    fk_grant(A, 21, 2, 5, GTF_permit_access);
    for (unsigned int i = 0; i < 128; i++) {
        op = map_op(1, 21, 1000 + i, GNTMAP_host_map | GNTMAP_readonly);
        gnttab_map_grant_ref(b, &op);
        ck_assert_int_eq(op.status, GNTST_okay);
    }
    op = map_op(1, 21, 2000, GNTMAP_host_map | GNTMAP_readonly);
    gnttab_map_grant_ref(b, &op);
    ck_assert_int_eq(op.status, GNTST_general_error);
    /* Counters are separate: a writable mapping still goes. */
    op = map_op(1, 21, 2000, GNTMAP_host_map);
    gnttab_map_grant_ref(b, &op);
    ck_assert_int_eq(op.status, GNTST_okay);
    ck_assert_uint_eq(count(A, 5), 130);
}
END_TEST

START_TEST(self_grant_unmaps_the_granted_gfn)
{
    struct gnttab_map_grant_ref op = map_op(1, 22, 300, GNTMAP_host_map);
    unsigned long mfn = fk_mfn(A, 7);

    fk_grant(A, 22, 1, 7, GTF_permit_access);
    gnttab_map_grant_ref(&fk_dom[A].gt, &op);
    ck_assert_int_eq(op.status, GNTST_okay);
    ck_assert_uint_eq(fk_mfn(A, 300), mfn);
    ck_assert_uint_eq(fk_mfn(A, 7), INVALID_MFN);
    ck_assert_int_eq(unmap(A, op.handle, 300), GNTST_okay);
    ck_assert_uint_eq(fk_ft[mfn].count, 1);         /* still the domain's */
}
END_TEST

static int16_t copy(int slot, uint16_t flags, domid_t sd, uint64_t s, uint16_t soff,
                    domid_t dd, uint64_t d, uint16_t doff, uint16_t len)
{
    struct gnttab_copy op = { .flags = flags, .len = len };

    op.source.domid = sd;
    op.source.offset = soff;
    op.dest.domid = dd;
    op.dest.offset = doff;
    if (flags & GNTCOPY_source_gref)
        op.source.u.ref = (grant_ref_t)s;
    else
        op.source.u.gmfn = s;
    if (flags & GNTCOPY_dest_gref)
        op.dest.u.ref = (grant_ref_t)d;
    else
        op.dest.u.gmfn = d;
    gnttab_copy_one(&fk_dom[slot].gt, &op);
    return op.status;
}

START_TEST(copy_between_grants_and_frames)
{
    uint8_t *a5 = fk_mem[fk_mfn(A, 5)], *b3 = fk_mem[fk_mfn(B, 3)];

    fk_grant(A, 30, 2, 5, GTF_permit_access);
    fk_grant(A, 31, 2, 6, GTF_permit_access | GTF_readonly);
    memcpy(b3 + 100, "hello", 5);
    /* gmfn -> gref, then gref -> gmfn */
    ck_assert_int_eq(copy(B, GNTCOPY_dest_gref, DOMID_SELF, 3, 100, 1, 30, 10, 5),
                     GNTST_okay);
    ck_assert_mem_eq(a5 + 10, "hello", 5);
    ck_assert_int_eq(copy(B, GNTCOPY_source_gref, 1, 30, 10, DOMID_SELF, 3, 0, 5),
                     GNTST_okay);
    ck_assert_mem_eq(b3, "hello", 5);
    ck_assert_uint_eq(shared_entry_v1(&fk_dom[A].gt, 30)->flags, GTF_permit_access);
    ck_assert_uint_eq(count(A, 5), 1);
    /* gref -> gref */
    ck_assert_int_eq(copy(B, GNTCOPY_source_gref | GNTCOPY_dest_gref, 1, 31, 0, 1, 30, 0, 8),
                     GNTST_okay);
    /* The denials. */
    ck_assert_int_eq(copy(B, 0, 1, 5, 0, DOMID_SELF, 3, 0, 8), GNTST_permission_denied);
    /* A frame of no domain, at either end: the domain is looked up first
     * (what the reference answers). */
    ck_assert_int_eq(copy(B, 0, 9, 5, 0, DOMID_SELF, 3, 0, 8), GNTST_bad_domain);
    ck_assert_int_eq(copy(B, 0, DOMID_SELF, 3, 0, 9, 5, 0, 8), GNTST_bad_domain);
    ck_assert_int_eq(copy(B, GNTCOPY_source_gref, 9, 30, 0, DOMID_SELF, 3, 0, 8),
                     GNTST_bad_domain);
    ck_assert_int_eq(copy(B, GNTCOPY_source_gref, 1, 4096, 0, DOMID_SELF, 3, 0, 8),
                     GNTST_bad_gntref);
    ck_assert_int_eq(copy(B, GNTCOPY_dest_gref, DOMID_SELF, 3, 0, 1, 31, 0, 8),
                     GNTST_general_error);              /* read-only grant */
    ck_assert_int_eq(copy(B, GNTCOPY_dest_gref, DOMID_SELF, 3, 0, 1, 30, 4000, 200),
                     GNTST_bad_copy_arg);
    ck_assert_int_eq(copy(B, 0, DOMID_SELF, 999, 0, DOMID_SELF, 3, 0, 8), GNTST_bad_page);
    ck_assert_uint_eq(shared_entry_v1(&fk_dom[A].gt, 30)->flags, GTF_permit_access);
    ck_assert_uint_eq(shared_entry_v1(&fk_dom[A].gt, 31)->flags,
                      GTF_permit_access | GTF_readonly);
    ck_assert_uint_eq(count(A, 5), 1);
    ck_assert_uint_eq(count(B, 3), 1);
}
END_TEST

START_TEST(mapper_destroyed_releases_its_mappings)
{
    struct gnttab_map_grant_ref op = map_op(1, 40, 200, GNTMAP_host_map);

    fk_grant(A, 40, 2, 5, GTF_permit_access);
    gnttab_map_grant_ref(&fk_dom[B].gt, &op);
    ck_assert_int_eq(op.status, GNTST_okay);
    ck_assert_uint_eq(fk_kill(B), 0);
    fk_reap(B);
    ck_assert_uint_eq(shared_entry_v1(&fk_dom[A].gt, 40)->flags, GTF_permit_access);
    ck_assert_uint_eq(active_entry(&fk_dom[A].gt, 40)->pin, 0);
    ck_assert_uint_eq(count(A, 5), 1);
    ck_assert_uint_eq(fk_kill(A), 0);
    fk_reap(A);
    ck_assert_uint_eq(fk_heap.free_pages, free0);
    ck_assert_int_eq(fk_xen_pages, 0);
}
END_TEST

START_TEST(granter_destroyed_waits_for_the_unmap)
{
    struct gnttab_map_grant_ref op = map_op(1, 41, 200, GNTMAP_host_map);

    fk_grant(A, 41, 2, 5, GTF_permit_access);
    gnttab_map_grant_ref(&fk_dom[B].gt, &op);
    ck_assert_uint_eq(fk_kill(A), 1);               /* its page is still mapped */
    /* Dying: its grants can no longer be taken. */
    fk_grant(A, 42, 2, 6, GTF_permit_access);
    struct gnttab_map_grant_ref op2 = map_op(1, 42, 201, GNTMAP_host_map);

    gnttab_map_grant_ref(&fk_dom[B].gt, &op2);
    ck_assert_int_eq(op2.status, GNTST_bad_page);
    ck_assert_int_eq(unmap(B, op.handle, 200), GNTST_okay);
    ck_assert_uint_eq(fk_dom[A].mem.tot_pages + fk_dom[A].mem.xenheap_pages, 0);
    fk_reap(A);
    ck_assert_uint_eq(fk_kill(B), 0);
    fk_reap(B);
    ck_assert_uint_eq(fk_heap.free_pages, free0);
    ck_assert_int_eq(fk_xen_pages, 0);
}
END_TEST

/* 100 domains, each mapping and copying its neighbour's grant, destroyed
 * in an order that leaves mapped pages behind: the heap ends as it began. */
START_TEST(hundred_domains_leave_the_heap_as_it_was)
{
    fk_kill(A);
    fk_kill(B);
    fk_reap(A);
    fk_reap(B);
    fk_reset();
    free0 = fk_heap.free_pages;
    for (int i = 0; i < FK_DOMS; i++)
        ck_assert_int_eq(fk_create(i, (domid_t)(i + 1), 2), 0);
    for (int i = 0; i < FK_DOMS; i++) {
        int n = (i + 1) % FK_DOMS;
        struct gnttab_map_grant_ref op = map_op((domid_t)(i + 1), 8, 50, GNTMAP_host_map);

        fk_grant(i, 8, (domid_t)(n + 1), 1, GTF_permit_access);
        gnttab_map_grant_ref(&fk_dom[n].gt, &op);
        ck_assert_int_eq(op.status, GNTST_okay);
        ck_assert_int_eq(copy(n, GNTCOPY_source_gref, (domid_t)(i + 1), 8, 0, DOMID_SELF, 0,
                              0, 64), GNTST_okay);
    }
    unsigned long held = 0;

    for (int i = 0; i < FK_DOMS; i += 2)
        held += fk_kill(i);
    ck_assert_uint_eq(held, FK_DOMS / 2);           /* each still mapped by i+1 */
    for (int i = 1; i < FK_DOMS; i += 2) {
        ck_assert_uint_eq(fk_kill(i), 0);       /* its mapper i-1... is dead */
        fk_reap(i);
    }
    for (int i = 0; i < FK_DOMS; i += 2) {
        ck_assert_uint_eq(fk_dom[i].mem.tot_pages + fk_dom[i].mem.xenheap_pages, 0);
        fk_reap(i);
    }
    ck_assert_uint_eq(fk_heap.free_pages, free0);
    ck_assert_int_eq(fk_xen_pages, 0);
}
END_TEST

Suite *grant_table_suite(void)
{
    Suite *s = suite_create("grant_table");
    TCase *tc = tcase_create("core");

    tcase_add_checked_fixture(tc, setup, NULL);
    tcase_add_test(tc, table_starts_with_one_frame_and_grows);
    tcase_add_test(tc, set_version_v1_only);
    tcase_add_test(tc, map_sets_flags_takes_a_reference_and_unmap_undoes_it);
    tcase_add_test(tc, readonly_grants_and_mappings);
    tcase_add_test(tc, denials);
    tcase_add_test(tc, handles_come_in_xens_order);
    tcase_add_test(tc, pin_counter_stops_at_128);
    tcase_add_test(tc, self_grant_unmaps_the_granted_gfn);
    tcase_add_test(tc, copy_between_grants_and_frames);
    tcase_add_test(tc, mapper_destroyed_releases_its_mappings);
    tcase_add_test(tc, granter_destroyed_waits_for_the_unmap);
    tcase_add_test(tc, hundred_domains_leave_the_heap_as_it_was);
    suite_add_tcase(s, tc);
    return s;
}

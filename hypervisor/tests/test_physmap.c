/* memory_op's physmap changes (common/physmap.c) on fake memory: the real
 * p2m (p2m-pt.c) over fake table pages and the real domain heap
 * (domheap.c) over a fake frame table. */
#include <check.h>
#include <string.h>
#include "suites.h"
#include <xen/physmap.h>
#include <xen/domheap.h>
#include <public/errno.h>

#define NFRAMES 4096
#define NTABLES 16
static struct page_info ft[NFRAMES];
static struct heap h;
static struct domheap dom, other;
static uint64_t tables[NTABLES][512];
static bool table_used[NTABLES];
static struct p2m_domain p2m;
static struct physmap pm;
static unsigned int flushes, crashes, preempt_after, preempt_calls;
static uint64_t list[8];
static unsigned int list_len;

static uint64_t t_alloc(void *ctx)
{
    (void)ctx;
    for (int i = 0; i < NTABLES; i++)
        if (!table_used[i]) {
            table_used[i] = true;
            memset(tables[i], 0, sizeof(tables[i]));
            return 0x100000 + ((uint64_t)i << 12);
        }
    return 0;
}

static void t_free(void *ctx, uint64_t maddr)
{
    (void)ctx;
    table_used[(maddr - 0x100000) >> 12] = false;
}

static void *t_map(void *ctx, uint64_t maddr)
{
    (void)ctx;
    return tables[(maddr - 0x100000) >> 12];
}

static const struct p2m_pt_ops table_ops = { t_alloc, t_free, t_map };

static unsigned long f_lookup(void *ctx, unsigned long gfn, p2m_type_t *t)
{
    (void)ctx;
    return p2m_get_entry(&p2m, gfn, t, NULL);
}

static int f_set_entry(void *ctx, unsigned long gfn, unsigned long mfn, unsigned int order,
                       p2m_type_t t)
{
    int rc = p2m_set_entry(&p2m, gfn, mfn, order, t);

    (void)ctx;
    flushes += !rc;
    return rc;
}

static unsigned long f_alloc(void *ctx, unsigned int order)
{
    (void)ctx;
    return domheap_alloc(&h, &dom, order);
}

static int f_free_page(void *ctx, unsigned long mfn)
{
    (void)ctx;
    return domheap_free_page(&h, &dom, mfn);
}

static bool f_get_page(void *ctx, unsigned long mfn)
{
    (void)ctx;
    return domheap_get_page(&h, mfn, &dom);
}

static void f_put_page(void *ctx, unsigned long mfn)
{
    (void)ctx;
    domheap_put_page(&h, mfn);
}

static void f_crash(void *ctx, const char *why)
{
    (void)ctx;
    (void)why;
    crashes++;
}

static const struct physmap_ops ops = {
    f_lookup, f_set_entry, f_alloc, f_free_page, f_get_page, f_put_page, f_crash,
};

static int f_read_gfn(void *ctx, unsigned int i, uint64_t *gfn)
{
    (void)ctx;
    if (i >= list_len)
        return -1;                      /* past the guest's readable list */
    *gfn = list[i];
    return 0;
}

static bool f_preempt(void *ctx)
{
    (void)ctx;
    return ++preempt_calls == preempt_after;
}

static struct memop_args args(unsigned int n, unsigned int order)
{
    return (struct memop_args){ .nr_extents = n, .extent_order = order, .max_order = 9,
                                .read_gfn = f_read_gfn, .preempt_check = f_preempt };
}

static void setup(void)
{
    memset(ft, 0, sizeof(ft));
    memset(table_used, 0, sizeof(table_used));
    heap_init(&h, ft, NFRAMES);
    init_heap_pages(&h, 16, NFRAMES - 16);
    dom = (struct domheap){ .max_pages = 2048 };
    other = (struct domheap){ .max_pages = 16 };
    ck_assert_int_eq(p2m_pt_init(&p2m, &table_ops, NULL), 0);
    pm = (struct physmap){ &ops, NULL, INVALID_MFN, INVALID_GFN };
    flushes = crashes = preempt_calls = 0;
    preempt_after = 0;
    list_len = 0;
}

static void teardown(void)
{
    p2m_pt_teardown(&p2m);
}

static void set_list(unsigned int n, const uint64_t *gfns)
{
    memcpy(list, gfns, n * sizeof(*gfns));
    list_len = n;
}

START_TEST(populate_then_decrease_moves_tot_pages)
{
    unsigned long free0 = h.free_pages;
    struct memop_args a = args(3, 0);
    p2m_type_t t;

    set_list(3, (uint64_t[]){ 10, 11, 12 });
    populate_physmap(&pm, &a);
    ck_assert_uint_eq(a.nr_done, 3);
    ck_assert_uint_eq(dom.tot_pages, 3);
    ck_assert_uint_ne(p2m_get_entry(&p2m, 11, &t, NULL), INVALID_MFN);
    ck_assert_int_eq(t, p2m_ram_rw);

    a = args(1, 0);
    set_list(1, (uint64_t[]){ 11 });
    decrease_reservation(&pm, &a);
    ck_assert_uint_eq(a.nr_done, 1);
    ck_assert_uint_eq(dom.tot_pages, 2);
    ck_assert_uint_eq(p2m_get_entry(&p2m, 11, &t, NULL), INVALID_MFN);
    ck_assert_int_eq(t, p2m_invalid);
    ck_assert_uint_eq(h.free_pages, free0 - 2);
    ck_assert(flushes >= 4);            /* every change was followed by a flush */
}
END_TEST

START_TEST(decrease_stops_at_a_gfn_it_does_not_have)
{
    struct memop_args a = args(3, 0);

    set_list(2, (uint64_t[]){ 20, 21 });
    a.nr_extents = 2;
    populate_physmap(&pm, &a);
    ck_assert_int_eq(guest_remove_page(&pm, 99), -XEN_ENOENT);
    a = args(3, 0);
    set_list(3, (uint64_t[]){ 20, 99, 21 });
    decrease_reservation(&pm, &a);
    ck_assert_uint_eq(a.nr_done, 1);
    ck_assert_uint_eq(dom.tot_pages, 1);
    /* Twice the same frame: the second is not there any more. */
    a = args(2, 0);
    set_list(2, (uint64_t[]){ 21, 21 });
    decrease_reservation(&pm, &a);
    ck_assert_uint_eq(a.nr_done, 1);
    ck_assert_uint_eq(dom.tot_pages, 0);
}
END_TEST

START_TEST(extent_orders_and_alignment)
{
    struct memop_args a = args(2, 9);
    p2m_type_t t;
    unsigned int order;

    set_list(2, (uint64_t[]){ 512, 1100 });     /* aligned, then not */
    populate_physmap(&pm, &a);
    ck_assert_uint_eq(a.nr_done, 2);
    ck_assert_uint_eq(dom.tot_pages, 1024);
    p2m_get_entry(&p2m, 600, &t, &order);
    ck_assert_uint_eq(order, 9);                /* one 2 MiB entry */
    p2m_get_entry(&p2m, 1100 + 511, &t, &order);
    ck_assert_int_eq(t, p2m_ram_rw);
    /* One page out of the 2 MiB entry: split, the rest stays. */
    ck_assert_int_eq(guest_remove_page(&pm, 700), 0);
    ck_assert_uint_eq(dom.tot_pages, 1023);
    p2m_get_entry(&p2m, 701, &t, &order);
    ck_assert_int_eq(t, p2m_ram_rw);
    ck_assert_uint_eq(order, 0);
    /* An order above the caller's maximum does nothing. */
    a = args(1, 10);
    set_list(1, (uint64_t[]){ 2048 });
    populate_physmap(&pm, &a);
    ck_assert_uint_eq(a.nr_done, 0);
    decrease_reservation(&pm, &a);
    ck_assert_uint_eq(a.nr_done, 0);
    /* An order-1 extent with one page missing is not done. */
    a = args(1, 1);
    set_list(1, (uint64_t[]){ 700 });
    decrease_reservation(&pm, &a);
    ck_assert_uint_eq(a.nr_done, 0);
}
END_TEST

START_TEST(preempted_lists_continue_where_they_stopped)
{
    struct memop_args a = args(6, 0);

    set_list(6, (uint64_t[]){ 1, 2, 3, 4, 5, 6 });
    preempt_after = 3;                  /* checked before extents 1, 2, 3 */
    populate_physmap(&pm, &a);
    ck_assert(a.preempted);
    ck_assert_uint_eq(a.nr_done, 3);
    ck_assert_uint_eq(dom.tot_pages, 3);
    /* The continuation: same list, from where it stopped. */
    unsigned int done = a.nr_done;

    a = args(6, 0);
    a.nr_done = done;
    populate_physmap(&pm, &a);
    ck_assert(!a.preempted);
    ck_assert_uint_eq(a.nr_done, 6);
    ck_assert_uint_eq(dom.tot_pages, 6);
    /* An unreadable list entry ends the call with what was done. */
    a = args(8, 0);
    decrease_reservation(&pm, &a);
    ck_assert_uint_eq(a.nr_done, 6);
    ck_assert_uint_eq(dom.tot_pages, 0);
}
END_TEST

START_TEST(pages_it_does_not_own_stay)
{
    unsigned long theirs = domheap_alloc(&h, &other, 0), mfn;
    p2m_type_t t;

    /* Another domain's page granted in, and a passed-through MMIO frame. */
    ck_assert_int_eq(p2m_set_entry(&p2m, 30, theirs, 0, p2m_grant_map_rw), 0);
    ck_assert_int_eq(p2m_set_entry(&p2m, 31, 0xfee00, 0, p2m_mmio_direct), 0);
    ck_assert_int_eq(guest_remove_page(&pm, 30), -XEN_ENXIO);
    ck_assert_int_eq(guest_remove_page(&pm, 31), -XEN_EPERM);
    ck_assert_ptr_eq(domheap_owner(&h, theirs), &other);
    ck_assert_uint_eq(ft[theirs].count, 1);
    mfn = p2m_get_entry(&p2m, 30, &t, NULL);
    ck_assert_uint_eq(mfn, theirs);
    /* Populating over them crashes the domain, as on Xen. */
    ck_assert_int_eq(guest_physmap_populate(&pm, 30, 0), -XEN_EPERM);
    ck_assert_uint_eq(crashes, 1);
    ck_assert_uint_eq(dom.tot_pages, 0);        /* the new page went back */
    /* Beyond the p2m: nothing is kept. */
    ck_assert_int_eq(guest_physmap_populate(&pm, P2M_MAX_GFN, 1), -XEN_EINVAL);
    ck_assert_uint_eq(dom.tot_pages, 0);
}
END_TEST

START_TEST(shared_info_replaces_ram_and_moves)
{
    unsigned long free0 = h.free_pages, si = alloc_heap_pages(&h, 0), ram10;
    struct memop_args a = args(2, 0);
    p2m_type_t t;

    ck_assert_int_eq(domheap_share_xen_page(&h, &dom, si), 0);
    pm.shared_info_mfn = si;
    set_list(2, (uint64_t[]){ 10, 20 });
    populate_physmap(&pm, &a);
    ram10 = p2m_get_entry(&p2m, 10, &t, NULL);
    ck_assert_int_eq(physmap_add_shared_info(&pm, 1, 10), -XEN_EINVAL);   /* idx 1 */
    ck_assert_int_eq(physmap_add_shared_info(&pm, 0, INVALID_GFN), -XEN_EINVAL);
    /* Over RAM: the RAM page goes back to the heap. */
    ck_assert_int_eq(physmap_add_shared_info(&pm, 0, 10), 0);
    ck_assert_uint_eq(p2m_get_entry(&p2m, 10, &t, NULL), si);
    ck_assert_int_eq(t, p2m_ram_rw);
    ck_assert_uint_eq(dom.tot_pages, 1);
    ck_assert_ptr_null(domheap_owner(&h, ram10));
    ck_assert_uint_eq(pm.shared_info_gfn, 10);
    /* Again elsewhere: it leaves gfn 10. */
    ck_assert_int_eq(physmap_add_shared_info(&pm, 0, 20), 0);
    ck_assert_uint_eq(p2m_get_entry(&p2m, 10, &t, NULL), INVALID_MFN);
    ck_assert_uint_eq(p2m_get_entry(&p2m, 20, &t, NULL), si);
    ck_assert_uint_eq(dom.tot_pages, 0);
    /* Decrease there only unhooks it: still the domain's. */
    a = args(1, 0);
    set_list(1, (uint64_t[]){ 20 });
    decrease_reservation(&pm, &a);
    ck_assert_uint_eq(a.nr_done, 1);
    ck_assert_uint_eq(pm.shared_info_gfn, INVALID_GFN);
    ck_assert_ptr_eq(domheap_owner(&h, si), &dom);
    ck_assert_uint_eq(dom.xenheap_pages, 1);
    /* Mapped again, then RAM populated over it: unhooked too. */
    ck_assert_int_eq(physmap_add_shared_info(&pm, 0, 40), 0);
    ck_assert_int_eq(guest_physmap_populate(&pm, 40, 0), 0);
    ck_assert_uint_eq(pm.shared_info_gfn, INVALID_GFN);
    /* Destruction frees everything, shared_info included. */
    ck_assert_uint_eq(domheap_relinquish(&h, &dom), 0);
    ck_assert_uint_eq(h.free_pages, free0);
}
END_TEST

START_TEST(gmfn_moves_and_remove_unmaps)
{
    unsigned long free0 = h.free_pages, si = alloc_heap_pages(&h, 0), a10, theirs;
    struct memop_args a = args(4, 0);
    p2m_type_t t;

    ck_assert_int_eq(domheap_share_xen_page(&h, &dom, si), 0);
    pm.shared_info_mfn = si;
    set_list(4, (uint64_t[]){ 10, 11, 12, 13 });
    populate_physmap(&pm, &a);
    a10 = p2m_get_entry(&p2m, 10, &t, NULL);
    /* gfn 10's frame to gfn 11: 11's RAM is freed, 10 is a hole. */
    ck_assert_int_eq(physmap_add_gmfn(&pm, 10, 11), 0);
    ck_assert_uint_eq(p2m_get_entry(&p2m, 11, &t, NULL), a10);
    ck_assert_uint_eq(p2m_get_entry(&p2m, 10, &t, NULL), INVALID_MFN);
    ck_assert_uint_eq(dom.tot_pages, 3);
    ck_assert_int_eq(physmap_add_gmfn(&pm, 10, 20), -XEN_EINVAL);    /* a hole */
    ck_assert_int_eq(physmap_add_gmfn(&pm, 11, INVALID_GFN), -XEN_EINVAL);
    theirs = domheap_alloc(&h, &other, 0);
    ck_assert_int_eq(p2m_set_entry(&p2m, 30, theirs, 0, p2m_grant_map_rw), 0);
    ck_assert_int_eq(physmap_add_gmfn(&pm, 30, 31), -XEN_EINVAL);    /* not its own */
    /* shared_info moves like any frame of its own. */
    ck_assert_int_eq(physmap_add_shared_info(&pm, 0, 40), 0);
    ck_assert_int_eq(physmap_add_gmfn(&pm, 40, 41), 0);
    ck_assert_uint_eq(pm.shared_info_gfn, 41);
    ck_assert_uint_eq(p2m_get_entry(&p2m, 40, &t, NULL), INVALID_MFN);
    /* A range, resumed at 1: only its second frame moves; the preempted
     * one reports its progress. */
    ck_assert_int_eq(physmap_add_gmfn_range(&pm, 12, 50, 2, 1, f_preempt, NULL), 0);
    ck_assert_uint_eq(p2m_get_entry(&p2m, 12, &t, NULL) != INVALID_MFN, 1);
    ck_assert_uint_eq(p2m_get_entry(&p2m, 13, &t, NULL), INVALID_MFN);
    ck_assert_uint_ne(p2m_get_entry(&p2m, 51, &t, NULL), INVALID_MFN);
    preempt_calls = 0;
    preempt_after = 1;
    ck_assert_int_eq(physmap_add_gmfn_range(&pm, 51, 60, 3, 0, f_preempt, NULL), 1);
    ck_assert_int_eq(physmap_add_gmfn_range(&pm, 51, 60, 1, 2, f_preempt, NULL), -XEN_EILSEQ);
    ck_assert_int_eq(physmap_add_gmfn_range(&pm, 51, ~0UL - 1, 3, 0, f_preempt, NULL),
                     -XEN_EOVERFLOW);
    /* remove_from_physmap: unmapped, still the domain's and counted. */
    ck_assert_int_eq(physmap_remove(&pm, 11), 0);
    ck_assert_int_eq(physmap_remove(&pm, 11), -XEN_ENOENT);
    ck_assert_int_eq(physmap_remove(&pm, 30), -XEN_ENOENT);          /* a grant */
    ck_assert_ptr_eq(domheap_owner(&h, a10), &dom);
    ck_assert_uint_eq(dom.tot_pages, 3);
    ck_assert_int_eq(physmap_remove(&pm, 41), 0);
    ck_assert_uint_eq(pm.shared_info_gfn, INVALID_GFN);
    ck_assert_uint_eq(domheap_relinquish(&h, &dom), 0);
    ck_assert_uint_eq(domheap_relinquish(&h, &other), 0);
    ck_assert_uint_eq(h.free_pages, free0);
}
END_TEST

Suite *physmap_suite(void)
{
    Suite *s = suite_create("physmap");
    TCase *tc = tcase_create("memory_op");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, populate_then_decrease_moves_tot_pages);
    tcase_add_test(tc, decrease_stops_at_a_gfn_it_does_not_have);
    tcase_add_test(tc, extent_orders_and_alignment);
    tcase_add_test(tc, preempted_lists_continue_where_they_stopped);
    tcase_add_test(tc, pages_it_does_not_own_stay);
    tcase_add_test(tc, shared_info_replaces_ram_and_moves);
    tcase_add_test(tc, gmfn_moves_and_remove_unmaps);
    suite_add_tcase(s, tc);
    return s;
}

/* Domain page ownership and reference counts (common/domheap.c). */
#include <check.h>
#include <xen/domheap.h>
#include "suites.h"

#define NPAGES 4096
static struct page_info ft[NPAGES];
static struct heap h;

static void setup(void)
{
    heap_init(&h, ft, NPAGES);
    init_heap_pages(&h, 16, NPAGES - 16);
}

START_TEST(alloc_assigns_and_counts)
{
    struct domheap d = { .max_pages = 64 };
    unsigned long free0 = h.free_pages, mfn = domheap_alloc(&h, &d, 3);

    ck_assert_uint_ne(mfn, INVALID_MFN);
    ck_assert_uint_eq(d.tot_pages, 8);
    ck_assert_uint_eq(h.free_pages, free0 - 8);
    for (int i = 0; i < 8; i++) {
        ck_assert_ptr_eq(domheap_owner(&h, mfn + i), &d);
        ck_assert_uint_eq(ft[mfn + i].count, 1);
    }
    ck_assert_ptr_null(domheap_owner(&h, 0));
    ck_assert_ptr_null(domheap_owner(&h, NPAGES + 1));
}
END_TEST

START_TEST(max_pages_is_enforced)
{
    struct domheap d = { .max_pages = 10 };

    ck_assert_uint_ne(domheap_alloc(&h, &d, 3), INVALID_MFN);
    ck_assert_uint_eq(domheap_alloc(&h, &d, 2), INVALID_MFN);    /* 8 + 4 > 10 */
    ck_assert_uint_ne(domheap_alloc(&h, &d, 1), INVALID_MFN);
    ck_assert_uint_eq(domheap_alloc(&h, &d, 0), INVALID_MFN);
    ck_assert_uint_eq(d.tot_pages, 10);
}
END_TEST

START_TEST(pages_of_a_block_are_freed_singly)
{
    struct domheap d = { .max_pages = 64 };
    unsigned long free0 = h.free_pages, mfn = domheap_alloc(&h, &d, 2);

    ck_assert_int_eq(domheap_free_page(&h, &d, mfn + 2), 0);
    ck_assert_uint_eq(d.tot_pages, 3);
    ck_assert_ptr_null(domheap_owner(&h, mfn + 2));
    ck_assert_int_eq(domheap_free_page(&h, &d, mfn + 2), -1);    /* twice */
    for (int i = 0; i < 4; i++)
        if (i != 2)
            ck_assert_int_eq(domheap_free_page(&h, &d, mfn + i), 0);
    ck_assert_uint_eq(d.tot_pages, 0);
    ck_assert_ptr_null(d.page_list);
    ck_assert_uint_eq(h.free_pages, free0);
}
END_TEST

START_TEST(a_reference_keeps_the_page)
{
    struct domheap a = { .max_pages = 8 }, b = { .max_pages = 8 };
    unsigned long free0 = h.free_pages, mfn = domheap_alloc(&h, &a, 0);

    /* Only the owner's pages can be taken for it. */
    ck_assert(!domheap_get_page(&h, mfn, &b));
    ck_assert(domheap_get_page(&h, mfn, &a));
    ck_assert_int_eq(domheap_free_page(&h, &b, mfn), -1);       /* not b's */
    ck_assert_int_eq(domheap_free_page(&h, &a, mfn), 0);
    /* Given back, but still held: still a's and still counted. */
    ck_assert_ptr_eq(domheap_owner(&h, mfn), &a);
    ck_assert_uint_eq(a.tot_pages, 1);
    ck_assert_uint_eq(h.free_pages, free0 - 1);
    domheap_put_page(&h, mfn);
    ck_assert_ptr_null(domheap_owner(&h, mfn));
    ck_assert_uint_eq(a.tot_pages, 0);
    ck_assert_uint_eq(h.free_pages, free0);
    /* A freed page cannot be taken again. */
    ck_assert(!domheap_get_page(&h, mfn, &a));
}
END_TEST

START_TEST(destruction_waits_for_held_pages)
{
    struct domheap d = { .max_pages = 32 };
    unsigned long free0 = h.free_pages, mfn = domheap_alloc(&h, &d, 4);

    ck_assert(domheap_get_page(&h, mfn + 5, &d));
    ck_assert(domheap_get_page(&h, mfn + 9, &d));
    ck_assert_uint_eq(domheap_relinquish(&h, &d), 2);
    ck_assert_uint_eq(domheap_alloc(&h, &d, 0), INVALID_MFN);    /* dying */
    ck_assert(!domheap_get_page(&h, mfn + 5, &d));
    domheap_put_page(&h, mfn + 5);
    ck_assert_uint_eq(d.tot_pages, 1);
    domheap_put_page(&h, mfn + 9);
    ck_assert_uint_eq(d.tot_pages, 0);
    ck_assert_uint_eq(h.free_pages, free0);
}
END_TEST

/* shared_info: a xenheap page the domain owns but cannot give back; its
 * destruction frees it. */
START_TEST(shared_xen_page_is_owned_not_counted)
{
    struct domheap d = { .max_pages = 1 }, e = { .max_pages = 1 };
    unsigned long free0 = h.free_pages, xen = alloc_heap_pages(&h, 0);

    ck_assert_int_eq(domheap_share_xen_page(&h, &d, xen), 0);
    ck_assert_int_eq(domheap_share_xen_page(&h, &e, xen), -1);  /* owned already */
    ck_assert_int_eq(domheap_share_xen_page(&h, &d, 3), -1);    /* not allocated */
    ck_assert_ptr_eq(domheap_owner(&h, xen), &d);
    ck_assert_uint_eq(d.tot_pages, 0);
    ck_assert_uint_eq(d.xenheap_pages, 1);
    /* Not in tot_pages, so the whole reservation is still there. */
    ck_assert_uint_ne(domheap_alloc(&h, &d, 0), INVALID_MFN);
    /* decrease_reservation cannot give it back; a reference can be taken. */
    ck_assert_int_eq(domheap_free_page(&h, &d, xen), -1);
    ck_assert(domheap_get_page(&h, xen, &d));
    ck_assert_uint_eq(domheap_relinquish(&h, &d), 1);           /* still held */
    ck_assert_uint_eq(h.free_pages, free0 - 1);
    domheap_put_page(&h, xen);
    ck_assert_uint_eq(d.xenheap_pages, 0);
    ck_assert_ptr_null(domheap_owner(&h, xen));
    ck_assert_uint_eq(h.free_pages, free0);
    /* A dying domain gets no new shared page. */
    ck_assert_int_eq(domheap_share_xen_page(&h, &d, alloc_heap_pages(&h, 0)), -1);
}
END_TEST

/* The acceptance test: 100 domains created and destroyed, with pages
 * of every order and cross references, leave the heap as it was. */
START_TEST(hundred_domains_leave_no_trace)
{
    static struct domheap d[100];
    unsigned long free0 = h.free_pages, blocks0[MAX_ORDER + 1];

    memcpy(blocks0, h.free_blocks, sizeof(blocks0));
    for (int round = 0; round < 3; round++) {
        for (int i = 0; i < 100; i++) {
            d[i] = (struct domheap){ .max_pages = 40 };
            ck_assert_uint_ne(domheap_alloc(&h, &d[i], (unsigned)(i % 4)), INVALID_MFN);
            ck_assert_uint_ne(domheap_alloc(&h, &d[i], 0), INVALID_MFN);
            /* and its shared_info page */
            ck_assert_int_eq(domheap_share_xen_page(&h, &d[i], alloc_heap_pages(&h, 0)), 0);
        }
        /* Every domain holds a reference on its neighbour's first page. */
        for (int i = 0; i < 100; i++) {
            struct domheap *n = &d[(i + 1) % 100];

            ck_assert(domheap_get_page(&h, (unsigned long)(n->page_list - ft), n));
        }
        for (int i = 0; i < 100; i++)
            ck_assert_uint_eq(domheap_relinquish(&h, &d[i]), 1);
        for (int i = 0; i < 100; i++)
            domheap_put_page(&h, (unsigned long)(d[i].page_list - ft));
        for (int i = 0; i < 100; i++)
            ck_assert_uint_eq(d[i].tot_pages + d[i].xenheap_pages, 0);
        ck_assert_uint_eq(h.free_pages, free0);
    }
    /* Buddies merged back: the same blocks as before. */
    ck_assert_mem_eq(blocks0, h.free_blocks, sizeof(blocks0));
}
END_TEST

Suite *domheap_suite(void)
{
    Suite *s = suite_create("domheap");
    TCase *tc = tcase_create("ownership");

    tcase_add_checked_fixture(tc, setup, NULL);
    tcase_add_test(tc, alloc_assigns_and_counts);
    tcase_add_test(tc, max_pages_is_enforced);
    tcase_add_test(tc, pages_of_a_block_are_freed_singly);
    tcase_add_test(tc, a_reference_keeps_the_page);
    tcase_add_test(tc, destruction_waits_for_held_pages);
    tcase_add_test(tc, shared_xen_page_is_owned_not_counted);
    tcase_add_test(tc, hundred_domains_leave_no_trace);
    suite_add_tcase(s, tc);
    return s;
}

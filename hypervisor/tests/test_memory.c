/* Boot allocator, buddy allocator and xmalloc bookkeeping. */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include "suites.h"
#include <xen/bootmem.h>
#include <xen/page_alloc.h>
#include <xen/xmalloc.h>

static struct bootmem bm;

START_TEST(bootmem_add_reserve)
{
    memset(&bm, 0, sizeof(bm));
    bootmem_add(&bm, 0, 0x9fc00);                /* shrinks to 0x9f000 */
    bootmem_add(&bm, 0x100000, 0x20000000);
    ck_assert_uint_eq(bm.nr, 2);
    ck_assert_uint_eq(bm.range[0].end, 0x9f000);
    bootmem_reserve(&bm, 0, 0x100000);           /* low memory */
    ck_assert_uint_eq(bm.nr, 1);
    bootmem_reserve(&bm, 0x19e000, 0x19e00c);    /* a module: grows to a page */
    ck_assert_uint_eq(bm.nr, 2);
    ck_assert_uint_eq(bm.range[0].end, 0x19e000);
    ck_assert_uint_eq(bm.range[1].start, 0x19f000);
    ck_assert_uint_eq(bootmem_free_bytes(&bm), 0x20000000 - 0x100000 - 0x1000);
}
END_TEST

START_TEST(bootmem_add_merges_and_handles_overlap)
{
    memset(&bm, 0, sizeof(bm));
    bootmem_add(&bm, 0x200000, 0x300000);
    bootmem_add(&bm, 0x100000, 0x200000);        /* touches: merged */
    ck_assert_uint_eq(bm.nr, 1);
    bootmem_add(&bm, 0x280000, 0x400000);        /* overlaps: no double count */
    ck_assert_uint_eq(bm.nr, 1);
    ck_assert_uint_eq(bootmem_free_bytes(&bm), 0x300000);
}
END_TEST

START_TEST(bootmem_alloc_top_down_aligned)
{
    paddr_t a, b;

    memset(&bm, 0, sizeof(bm));
    bootmem_add(&bm, 0x100000, 0x800000);
    a = bootmem_alloc(&bm, 3, 4, 0x800000);
    ck_assert_uint_eq(a, 0x7fc000);             /* 3 pages, 16 KiB aligned */
    ck_assert_uint_eq(a % 0x4000, 0);
    b = bootmem_alloc(&bm, 1, 1, 0x200000);      /* below a limit */
    ck_assert_uint_eq(b, 0x1ff000);
    ck_assert_uint_eq(bootmem_alloc(&bm, 0x10000, 1, ~0ULL), 0);   /* too big */
    ck_assert_uint_eq(bootmem_free_bytes(&bm), 0x700000 - 3 * 0x1000 - 0x1000);
}
END_TEST

START_TEST(bootmem_overflow_flagged)
{
    memset(&bm, 0, sizeof(bm));
    for (unsigned int i = 0; i < BOOTMEM_MAX_RANGES + 2; i++)
        bootmem_add(&bm, (paddr_t)i * 0x10000, (paddr_t)i * 0x10000 + 0x1000);
    ck_assert_uint_eq(bm.nr, BOOTMEM_MAX_RANGES);
    ck_assert(bm.overflow);
}
END_TEST

#define NPAGES 4096
static struct page_info ft[NPAGES];
static struct heap h;

START_TEST(buddy_init_counts_and_orders)
{
    heap_init(&h, ft, NPAGES);
    init_heap_pages(&h, 1, 1023);                /* unaligned start */
    init_heap_pages(&h, 1024, 1024);
    ck_assert_uint_eq(h.free_pages, 2047);
    ck_assert_uint_eq(h.free_blocks[10], 1);     /* 1024-2047 */
    ck_assert_uint_eq(h.free_blocks[0], 1);      /* frame 1 */
    ck_assert_uint_eq(h.free_blocks[9], 1);      /* 512-1023 */
}
END_TEST

START_TEST(buddy_split_and_merge_back)
{
    unsigned long a, b, c;

    heap_init(&h, ft, NPAGES);
    init_heap_pages(&h, 0, 1024);
    ck_assert_uint_eq(h.free_blocks[10], 1);
    a = alloc_heap_pages(&h, 0);
    b = alloc_heap_pages(&h, 0);
    c = alloc_heap_pages(&h, 3);
    ck_assert_uint_ne(a, b);
    ck_assert_uint_eq(c % 8, 0);
    ck_assert_uint_eq(h.free_pages, 1024 - 10);
    ck_assert_int_eq(free_heap_pages(&h, a, 0), 0);
    ck_assert_int_eq(free_heap_pages(&h, c, 3), 0);
    ck_assert_int_eq(free_heap_pages(&h, b, 0), 0);
    ck_assert_uint_eq(h.free_pages, 1024);
    ck_assert_uint_eq(h.free_blocks[10], 1);     /* fully merged again */
    for (unsigned int o = 0; o < 10; o++)
        ck_assert_uint_eq(h.free_blocks[o], 0);
}
END_TEST

START_TEST(buddy_rejects_bad_frees)
{
    unsigned long a;

    heap_init(&h, ft, NPAGES);
    init_heap_pages(&h, 0, 64);
    a = alloc_heap_pages(&h, 2);
    ck_assert_int_eq(free_heap_pages(&h, a, 1), -1);        /* wrong order */
    ck_assert_int_eq(free_heap_pages(&h, a + 1, 0), -1);    /* not a head */
    ck_assert_int_eq(free_heap_pages(&h, NPAGES + 5, 0), -1);
    ck_assert_int_eq(free_heap_pages(&h, a, 2), 0);
    ck_assert_int_eq(free_heap_pages(&h, a, 2), -1);        /* double free */
    ck_assert_uint_eq(h.free_pages, 64);
}
END_TEST

START_TEST(buddy_exhaustion_and_holes)
{
    unsigned long got = 0;

    heap_init(&h, ft, NPAGES);
    init_heap_pages(&h, 0, 16);
    init_heap_pages(&h, 32, 16);                 /* 16-31 is a hole (not RAM) */
    while (alloc_heap_pages(&h, 0) != INVALID_MFN)
        got++;
    ck_assert_uint_eq(got, 32);
    ck_assert_uint_eq(alloc_heap_pages(&h, MAX_ORDER + 1), INVALID_MFN);
    /* Frees never merge across the hole. */
    for (unsigned long m = 0; m < 48; m++)
        if (m < 16 || m >= 32)
            ck_assert_int_eq(free_heap_pages(&h, m, 0), 0);
    ck_assert_uint_eq(h.free_blocks[4], 2);
    ck_assert_uint_eq(h.free_blocks[5], 0);
}
END_TEST

static unsigned int pages_out;

static void *test_get_pages(unsigned int order)
{
    pages_out += 1u << order;
    return aligned_alloc(4096, 4096UL << order);
}

static void test_put_pages(void *p, unsigned int order)
{
    pages_out -= 1u << order;
    free(p);
}

START_TEST(xmalloc_classes_and_reuse)
{
    struct xmem_pool pool = { .get_pages = test_get_pages, .put_pages = test_put_pages };
    void *a = xmem_pool_alloc(&pool, 10), *b = xmem_pool_alloc(&pool, 10), *c;

    ck_assert_ptr_nonnull(a);
    ck_assert_ptr_ne(a, b);
    ck_assert_uint_eq((uintptr_t)a % 16, 0);
    memset(a, 0xaa, 10);
    ck_assert_uint_eq(pool.bytes_in_use, 64);    /* two 32-byte objects */
    ck_assert_int_eq(xmem_pool_free(&pool, a), 0);
    c = xmem_pool_alloc(&pool, 16);
    ck_assert_ptr_eq(c, a);                      /* LIFO reuse */
    ck_assert_int_eq(xmem_pool_free(&pool, b), 0);
    ck_assert_int_eq(xmem_pool_free(&pool, c), 0);
    ck_assert_uint_eq(pool.bytes_in_use, 0);
    for (unsigned int i = 0; i < XMEM_NR_CLASSES; i++)
        while (pool.free_list[i]) {             /* give the pages back */
            void *p = pool.free_list[i];

            pool.free_list[i] = *(void **)((char *)p + 16);
            if (((uintptr_t)p & 4095) == 0)
                test_put_pages(p, 0);
        }
}
END_TEST

START_TEST(xmalloc_large_and_bad_frees)
{
    struct xmem_pool pool = { .get_pages = test_get_pages, .put_pages = test_put_pages };
    unsigned int before = pages_out;
    char *big = xmem_pool_alloc(&pool, 5000);   /* 5016 bytes: order 1 */

    ck_assert_ptr_nonnull(big);
    ck_assert_uint_eq(pages_out - before, 2);
    memset(big, 0, 5000);
    ck_assert_int_eq(xmem_pool_free(&pool, big + 16), -1);  /* not an object */
    ck_assert_int_eq(xmem_pool_free(&pool, big + 1), -1);   /* misaligned */
    ck_assert_int_eq(xmem_pool_free(&pool, big), 0);
    ck_assert_uint_eq(pages_out, before);
    ck_assert_int_eq(xmem_pool_free(&pool, NULL), 0);
    ck_assert_ptr_null(xmem_pool_alloc(&pool, (size_t)1 << 31));
}
END_TEST

START_TEST(xmalloc_double_free_detected)
{
    struct xmem_pool pool = { .get_pages = test_get_pages, .put_pages = test_put_pages };
    void *a = xmem_pool_alloc(&pool, 100);

    ck_assert_int_eq(xmem_pool_free(&pool, a), 0);
    ck_assert_int_eq(xmem_pool_free(&pool, a), -1);
    free((void *)((uintptr_t)a & ~4095UL));
}
END_TEST

Suite *memory_suite(void)
{
    Suite *s = suite_create("memory");
    TCase *tc = tcase_create("allocators");

    tcase_add_test(tc, bootmem_add_reserve);
    tcase_add_test(tc, bootmem_add_merges_and_handles_overlap);
    tcase_add_test(tc, bootmem_alloc_top_down_aligned);
    tcase_add_test(tc, bootmem_overflow_flagged);
    tcase_add_test(tc, buddy_init_counts_and_orders);
    tcase_add_test(tc, buddy_split_and_merge_back);
    tcase_add_test(tc, buddy_rejects_bad_frees);
    tcase_add_test(tc, buddy_exhaustion_and_holes);
    tcase_add_test(tc, xmalloc_classes_and_reuse);
    tcase_add_test(tc, xmalloc_large_and_bad_frees);
    tcase_add_test(tc, xmalloc_double_free_detected);
    suite_add_tcase(s, tc);
    return s;
}

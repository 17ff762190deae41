/* The p2m (NPT tables) on fake machine memory that hands out table pages,
 * counts them and can run out on demand. */
#include <check.h>
#include <string.h>
#include "suites.h"
#include <asm/p2m.h>
#include <public/errno.h>

#define NPAGES 64
static uint64_t pages[NPAGES][512];
static bool used[NPAGES];
static int live, allocs_left;           /* allocs_left < 0: unlimited */

/* Machine addresses 1 MiB + index * 4K: nonzero, page aligned. */
static uint64_t fake_alloc(void *ctx)
{
    (void)ctx;
    if (allocs_left == 0)
        return 0;
    for (int i = 0; i < NPAGES; i++)
        if (!used[i]) {
            used[i] = true;
            memset(pages[i], 0xa5, sizeof(pages[i]));
            memset(pages[i], 0, sizeof(pages[i]));
            live++;
            if (allocs_left > 0)
                allocs_left--;
            return 0x100000 + ((uint64_t)i << 12);
        }
    return 0;
}

static int page_index(uint64_t maddr)
{
    int i = (int)((maddr - 0x100000) >> 12);

    ck_assert_uint_eq(maddr & 0xfff, 0);
    ck_assert(i >= 0 && i < NPAGES && used[i]);
    return i;
}

static void fake_free(void *ctx, uint64_t maddr)
{
    (void)ctx;
    used[page_index(maddr)] = false;
    live--;
}

static void *fake_map(void *ctx, uint64_t maddr)
{
    (void)ctx;
    return pages[page_index(maddr)];
}

static const struct p2m_pt_ops ops = { fake_alloc, fake_free, fake_map };
static struct p2m_domain p2m;

static void setup(void)
{
    memset(used, 0, sizeof(used));
    live = 0;
    allocs_left = -1;
    ck_assert_int_eq(p2m_pt_init(&p2m, &ops, NULL), 0);
    ck_assert_int_eq(live, 1);
}

static void teardown(void)
{
    p2m_pt_teardown(&p2m);
    ck_assert_int_eq(live, 0);
    ck_assert_uint_eq(p2m.nr_tables, 0);
    ck_assert_uint_eq(p2m.nr_4k, 0);
    ck_assert_uint_eq(p2m.nr_2m, 0);
}

/* An independent reading of the tables as the CPU's nested walk sees them
 * (APM vol. 2, 5.3.3): the raw leaf entry for gfn, and its level (1 or 2). */
static uint64_t raw_leaf(unsigned long gfn, int *level)
{
    uint64_t e = p2m.root | 1;

    for (int l = 4; l >= 1; l--) {
        ck_assert(e & 1);                        /* tables are present */
        if (l < 4)
            ck_assert(e & 4);                    /* U=1 on the way down */
        e = pages[page_index(e & 0xffffffffff000UL)][(gfn >> (9 * (l - 1))) & 511];
        if (l == 2 && (e & 0x80)) {
            *level = 2;
            return e;
        }
        if (l > 1 && !(e & 1))
            return 0;
    }
    *level = 1;
    return e;
}

static void check_entry(unsigned long gfn, unsigned long mfn, p2m_type_t t,
                        unsigned int order)
{
    p2m_type_t got_t = p2m_max_type;
    unsigned int got_o = 99;

    ck_assert_uint_eq(p2m_get_entry(&p2m, gfn, &got_t, &got_o), mfn);
    ck_assert_int_eq(got_t, t);
    ck_assert_uint_eq(got_o, order);
}

START_TEST(p2m_init_and_empty_lookup)
{
    check_entry(0, INVALID_MFN, p2m_invalid, 9);
    check_entry(P2M_MAX_GFN, INVALID_MFN, p2m_invalid, 9);
    check_entry(P2M_MAX_GFN + 1, INVALID_MFN, p2m_invalid, 9);
    ck_assert_uint_eq(p2m.nr_tables, 1);
    ck_assert_uint_eq(p2m_get_entry(&p2m, 5, NULL, NULL), INVALID_MFN);
}
END_TEST

START_TEST(p2m_init_out_of_memory)
{
    struct p2m_domain p;

    allocs_left = 0;
    ck_assert_int_eq(p2m_pt_init(&p, &ops, NULL), -XEN_ENOMEM);
    ck_assert_uint_eq(p.root, 0);
    ck_assert_int_eq(p2m_set_entry(&p, 0, 1, 0, p2m_ram_rw), -XEN_EINVAL);
    p2m_pt_teardown(&p);                         /* harmless */
    ck_assert_int_eq(live, 1);
}
END_TEST

START_TEST(p2m_map_unmap_4k)
{
    int level;
    uint64_t e;

    ck_assert_int_eq(p2m_set_entry(&p2m, 0x12345, 0xabcde, 0, p2m_ram_rw), 0);
    check_entry(0x12345, 0xabcde, p2m_ram_rw, 0);
    check_entry(0x12344, INVALID_MFN, p2m_invalid, 0);
    check_entry(0x12346, INVALID_MFN, p2m_invalid, 0);
    ck_assert_uint_eq(p2m.nr_tables, 4);
    ck_assert_uint_eq(p2m.nr_4k, 1);
    e = raw_leaf(0x12345, &level);
    ck_assert_int_eq(level, 1);
    ck_assert_uint_eq(e & 0xffffffffff000UL, 0xabcde000UL);
    ck_assert_uint_eq(e & 0x7f, 0x67);           /* P RW U A D, no PWT/PCD/PS */
    ck_assert_uint_eq(e >> 63, 0);               /* no NX */

    ck_assert_int_eq(p2m_set_entry(&p2m, 0x12345, INVALID_MFN, 0, p2m_ram_rw), 0);
    check_entry(0x12345, INVALID_MFN, p2m_invalid, 0);
    ck_assert_uint_eq(p2m.nr_4k, 0);
    ck_assert_uint_eq(raw_leaf(0x12345, &level), 0);
    /* p2m_invalid with a frame unmaps too. */
    ck_assert_int_eq(p2m_set_entry(&p2m, 7, 8, 0, p2m_ram_rw), 0);
    ck_assert_int_eq(p2m_set_entry(&p2m, 7, 8, 0, p2m_invalid), 0);
    check_entry(7, INVALID_MFN, p2m_invalid, 0);
}
END_TEST

START_TEST(p2m_map_unmap_2m)
{
    int level;

    ck_assert_int_eq(p2m_set_entry(&p2m, 0x400, 0x8000, 9, p2m_ram_rw), 0);
    for (unsigned long i = 0; i < 512; i++)
        check_entry(0x400 + i, 0x8000 + i, p2m_ram_rw, 9);
    check_entry(0x3ff, INVALID_MFN, p2m_invalid, 9);
    check_entry(0x600, INVALID_MFN, p2m_invalid, 9);
    ck_assert_uint_eq(p2m.nr_2m, 1);
    ck_assert_uint_eq(p2m.nr_tables, 3);         /* root, L3, L2 */
    ck_assert_uint_eq(raw_leaf(0x401, &level) & 0xfff, 0xe7);   /* PS P RW U A D */
    ck_assert_int_eq(level, 2);
    ck_assert_int_eq(p2m_set_entry(&p2m, 0x400, INVALID_MFN, 9, p2m_invalid), 0);
    check_entry(0x4ff, INVALID_MFN, p2m_invalid, 9);
    ck_assert_uint_eq(p2m.nr_2m, 0);
    ck_assert_uint_eq(p2m.nr_tables, 3);
}
END_TEST

START_TEST(p2m_split_on_demand_keeps_every_frame)
{
    int level;

    ck_assert_int_eq(p2m_set_entry(&p2m, 0x200, 0x1000, 9, p2m_ram_ro), 0);
    ck_assert_int_eq(p2m_set_entry(&p2m, 0x205, 0x7777, 0, p2m_ram_rw), 0);
    for (unsigned long i = 0; i < 512; i++) {
        if (i == 5)
            check_entry(0x205, 0x7777, p2m_ram_rw, 0);
        else
            check_entry(0x200 + i, 0x1000 + i, p2m_ram_ro, 0);
    }
    ck_assert_uint_eq(p2m.nr_2m, 0);
    ck_assert_uint_eq(p2m.nr_4k, 512);
    ck_assert_uint_eq(p2m.nr_tables, 4);
    ck_assert_uint_eq(raw_leaf(0x200, &level) & 0xff, 0x65);    /* read-only, no PS */
    ck_assert_int_eq(level, 1);

    /* Unmapping one 4K of another 2M splits it and leaves a hole. */
    ck_assert_int_eq(p2m_set_entry(&p2m, 0x600, 0x2000, 9, p2m_mmio_direct), 0);
    ck_assert_int_eq(p2m_set_entry(&p2m, 0x7ff, INVALID_MFN, 0, p2m_invalid), 0);
    check_entry(0x7ff, INVALID_MFN, p2m_invalid, 0);
    check_entry(0x7fe, 0x21fe, p2m_mmio_direct, 0);
    check_entry(0x600, 0x2000, p2m_mmio_direct, 0);
    ck_assert_uint_eq(p2m.nr_4k, 512 + 511);

    /* Setting a 4K to what it already maps does not split. */
    ck_assert_int_eq(p2m_set_entry(&p2m, 0xa00, 0x3000, 9, p2m_ram_rw), 0);
    ck_assert_int_eq(p2m_set_entry(&p2m, 0xa10, 0x3010, 0, p2m_ram_rw), 0);
    check_entry(0xa10, 0x3010, p2m_ram_rw, 9);
    ck_assert_uint_eq(p2m.nr_2m, 1);
}
END_TEST

START_TEST(p2m_2m_over_table_frees_it)
{
    ck_assert_int_eq(p2m_set_entry(&p2m, 0x800, 1, 0, p2m_ram_rw), 0);
    ck_assert_int_eq(p2m_set_entry(&p2m, 0x9ff, 2, 0, p2m_ram_rw), 0);
    ck_assert_int_eq(live, 4);
    ck_assert_int_eq(p2m_set_entry(&p2m, 0x800, 0x4000, 9, p2m_grant_map_rw), 0);
    ck_assert_int_eq(live, 3);
    ck_assert_uint_eq(p2m.nr_tables, 3);
    ck_assert_uint_eq(p2m.nr_4k, 0);
    ck_assert_uint_eq(p2m.nr_2m, 1);
    check_entry(0x9ff, 0x41ff, p2m_grant_map_rw, 9);
    /* A 2M unmap over a table frees it too. */
    ck_assert_int_eq(p2m_set_entry(&p2m, 0xc00, 3, 0, p2m_ram_rw), 0);
    ck_assert_int_eq(live, 4);
    ck_assert_int_eq(p2m_set_entry(&p2m, 0xc00, INVALID_MFN, 9, p2m_invalid), 0);
    ck_assert_int_eq(live, 3);
    check_entry(0xc00, INVALID_MFN, p2m_invalid, 9);
}
END_TEST

START_TEST(p2m_out_of_memory_changes_nothing)
{
    ck_assert_int_eq(p2m_set_entry(&p2m, 0x200, 0x1000, 9, p2m_ram_rw), 0);
    allocs_left = 0;
    ck_assert_int_eq(p2m_set_entry(&p2m, 0x201, 0x5, 0, p2m_ram_ro), -XEN_ENOMEM);
    ck_assert_int_eq(p2m_set_entry(&p2m, 0x202, INVALID_MFN, 0, p2m_invalid), -XEN_ENOMEM);
    for (unsigned long i = 0; i < 512; i++)
        check_entry(0x200 + i, 0x1000 + i, p2m_ram_rw, 9);
    ck_assert_uint_eq(p2m.nr_2m, 1);
    ck_assert_uint_eq(p2m.nr_4k, 0);
    ck_assert_uint_eq(p2m.nr_tables, 3);
    /* A new L3 is allocated, its L2 is not: the gfn stays unmapped and the
     * empty L3 is still freed by teardown. */
    allocs_left = 1;
    ck_assert_int_eq(p2m_set_entry(&p2m, 1UL << 27, 9, 0, p2m_ram_rw), -XEN_ENOMEM);
    check_entry(1UL << 27, INVALID_MFN, p2m_invalid, 9);
    ck_assert_int_eq(live, 4);
    ck_assert_uint_eq(p2m.nr_tables, 4);
    ck_assert_uint_eq(p2m.max_mapped_gfn, 0x3ff);
    /* Unmapping where nothing is mapped needs no memory. */
    allocs_left = 0;
    ck_assert_int_eq(p2m_set_entry(&p2m, 5UL << 27, INVALID_MFN, 0, p2m_invalid), 0);
    ck_assert_int_eq(p2m_set_entry(&p2m, 5UL << 27, INVALID_MFN, 9, p2m_invalid), 0);
    ck_assert_int_eq(p2m_set_entry(&p2m, 0x1000, INVALID_MFN, 0, p2m_invalid), 0);
    allocs_left = -1;
}
END_TEST

START_TEST(p2m_types_round_trip)
{
    /* R/W per type (asm/p2m.h); invalid is empty; mmio_dm is not present
     * but still tells its type. */
    static const struct { p2m_type_t t; uint64_t p, rw; } want[] = {
        { p2m_ram_rw, 1, 2 }, { p2m_ram_ro, 1, 0 }, { p2m_ram_logdirty, 1, 0 },
        { p2m_mmio_direct, 1, 2 }, { p2m_mmio_dm, 0, 0 },
        { p2m_grant_map_rw, 1, 2 }, { p2m_grant_map_ro, 1, 0 },
    };
    int level;

    ck_assert_uint_eq(ARRAY_SIZE(want), p2m_max_type - 1);
    for (unsigned int i = 0; i < ARRAY_SIZE(want); i++) {
        unsigned long g4 = 0x10 + i, g2 = 0x200 * (i + 1) + 0x10000;
        uint64_t e;

        ck_assert_int_eq(p2m_set_entry(&p2m, g4, 0x100 + i, 0, want[i].t), 0);
        ck_assert_int_eq(p2m_set_entry(&p2m, g2, 0x200 * (i + 1), 9, want[i].t), 0);
        check_entry(g4, 0x100 + i, want[i].t, 0);
        check_entry(g2 + 3, 0x200 * (i + 1) + 3, want[i].t, 9);
        e = raw_leaf(g4, &level);
        ck_assert_uint_eq(e & 1, want[i].p);
        ck_assert_uint_eq(e & 2, want[i].rw);
        ck_assert_uint_eq(e & 0x18, 0);                  /* PCD/PWT clear */
        ck_assert_uint_eq(e & 4, want[i].p << 2);
        e = raw_leaf(g2, &level);
        ck_assert_int_eq(level, 2);
        ck_assert_uint_eq(e & 3, want[i].p | want[i].rw);
        ck_assert_int_eq(p2m_is_present(want[i].t), want[i].p);
        ck_assert_int_eq(p2m_is_writable(want[i].t), want[i].rw != 0);
    }
    ck_assert_uint_eq(p2m.nr_4k, ARRAY_SIZE(want));
    ck_assert_uint_eq(p2m.nr_2m, ARRAY_SIZE(want));
}
END_TEST

START_TEST(p2m_highest_gfn_tracked)
{
    ck_assert_uint_eq(p2m.max_mapped_gfn, 0);
    ck_assert_int_eq(p2m_set_entry(&p2m, 0x1234, 1, 0, p2m_ram_rw), 0);
    ck_assert_uint_eq(p2m.max_mapped_gfn, 0x1234);
    ck_assert_int_eq(p2m_set_entry(&p2m, 0x40000, 0x200, 9, p2m_ram_rw), 0);
    ck_assert_uint_eq(p2m.max_mapped_gfn, 0x401ff);
    ck_assert_int_eq(p2m_set_entry(&p2m, 0x10, 2, 0, p2m_ram_rw), 0);
    ck_assert_uint_eq(p2m.max_mapped_gfn, 0x401ff);
    ck_assert_int_eq(p2m_set_entry(&p2m, 0x40000, INVALID_MFN, 9, p2m_invalid), 0);
    ck_assert_uint_eq(p2m.max_mapped_gfn, 0x401ff);      /* never lowered */
    ck_assert_int_eq(p2m_set_entry(&p2m, P2M_MAX_GFN, 3, 0, p2m_ram_rw), 0);
    ck_assert_uint_eq(p2m.max_mapped_gfn, P2M_MAX_GFN);
    check_entry(P2M_MAX_GFN, 3, p2m_ram_rw, 0);
}
END_TEST

START_TEST(p2m_rejects_bad_arguments)
{
    ck_assert_int_eq(p2m_set_entry(&p2m, 0x201, 0x400, 9, p2m_ram_rw), -XEN_EINVAL);
    ck_assert_int_eq(p2m_set_entry(&p2m, 0x200, 0x401, 9, p2m_ram_rw), -XEN_EINVAL);
    ck_assert_int_eq(p2m_set_entry(&p2m, 0x201, INVALID_MFN, 9, p2m_invalid), -XEN_EINVAL);
    ck_assert_int_eq(p2m_set_entry(&p2m, 0, 0, 1, p2m_ram_rw), -XEN_EINVAL);
    ck_assert_int_eq(p2m_set_entry(&p2m, 0, 0, 18, p2m_ram_rw), -XEN_EINVAL);
    ck_assert_int_eq(p2m_set_entry(&p2m, 0, 0, 64, p2m_ram_rw), -XEN_EINVAL);
    ck_assert_int_eq(p2m_set_entry(&p2m, 0, 0, 0, p2m_max_type), -XEN_EINVAL);
    ck_assert_int_eq(p2m_set_entry(&p2m, 0, 0, 0, (p2m_type_t)-1), -XEN_EINVAL);
    ck_assert_int_eq(p2m_set_entry(&p2m, P2M_MAX_GFN + 1, 0, 0, p2m_ram_rw), -XEN_EINVAL);
    ck_assert_int_eq(p2m_set_entry(&p2m, 0, P2M_MAX_MFN + 1, 0, p2m_ram_rw), -XEN_EINVAL);
    ck_assert_uint_eq(p2m.nr_tables, 1);
    ck_assert_uint_eq(p2m.max_mapped_gfn, 0);
    ck_assert_int_eq(p2m_set_entry(&p2m, 0, P2M_MAX_MFN, 0, p2m_ram_rw), 0);
    check_entry(0, P2M_MAX_MFN, p2m_ram_rw, 0);
}
END_TEST

START_TEST(p2m_teardown_frees_everything)
{
    /* Spread over several L4 and L3 slots, 4K and 2M, split and not. */
    for (unsigned long i = 0; i < 6; i++) {
        unsigned long g = i << (i & 1 ? 27 : 18);

        ck_assert_int_eq(p2m_set_entry(&p2m, g, 0x1000 + i, 0, p2m_ram_rw), 0);
        ck_assert_int_eq(p2m_set_entry(&p2m, g + 0x200, 0x2000, 9, p2m_ram_rw), 0);
        ck_assert_int_eq(p2m_set_entry(&p2m, g + 0x400, 0x2000, 9, p2m_ram_rw), 0);
        ck_assert_int_eq(p2m_set_entry(&p2m, g + 0x401, 1, 0, p2m_ram_rw), 0);
    }
    ck_assert_int_eq(live, (int)p2m.nr_tables);
    ck_assert_int_gt(live, 20);
    /* teardown() of the fixture checks that everything came back. */
}
END_TEST

Suite *p2m_suite(void)
{
    Suite *s = suite_create("p2m");
    TCase *tc = tcase_create("npt");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, p2m_init_and_empty_lookup);
    tcase_add_test(tc, p2m_init_out_of_memory);
    tcase_add_test(tc, p2m_map_unmap_4k);
    tcase_add_test(tc, p2m_map_unmap_2m);
    tcase_add_test(tc, p2m_split_on_demand_keeps_every_frame);
    tcase_add_test(tc, p2m_2m_over_table_frees_it);
    tcase_add_test(tc, p2m_out_of_memory_changes_nothing);
    tcase_add_test(tc, p2m_types_round_trip);
    tcase_add_test(tc, p2m_highest_gfn_tracked);
    tcase_add_test(tc, p2m_rejects_bad_arguments);
    tcase_add_test(tc, p2m_teardown_frees_everything);
    suite_add_tcase(s, tc);
    return s;
}

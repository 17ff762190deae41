/* Every cpus= form of guide section 6.4, and the mini-language's edges. */
#include "test_util.h"

static void expect_map(const char *spec, const char *want)
{
    struct xm_cpumap m;
    char err[128], got[256];
    ck_assert_msg(xm_cpumap_parse(spec, &m, err, sizeof(err)) == 0,
                  "'%s': %s", spec, err);
    xm_cpumap_format(&m, got, sizeof(got));
    ck_assert_str_eq(got, want);
}

START_TEST(guide_forms)
{
    expect_map("", "");                  /* Xen chooses */
    expect_map("0", "0");                /* every vCPU on #0 */
    expect_map("0-3,5,^1", "0,2-3,5");   /* #0,#2,#3,#5 */
    expect_map("2", "2");
    expect_map("8", "8");
}
END_TEST

START_TEST(order_matters_like_xend)
{
    expect_map("0-3,^1,1", "0-3");
    expect_map("^1,0-3", "0-3");
    expect_map(" 4 - 6 , ,^5,", "4,6");
    expect_map("0-7,^2-5", "0-1,6-7");
    expect_map("4095", "4095");
}
END_TEST

START_TEST(bad_specs)
{
    static const char *const bad[][2] = {
        { "a", "'a' is not a CPU number" },
        { "3-1", "range 3-1 goes backwards" },
        { "4096", "above the limit of 4095" },
        { "1-", "missing CPU number" },
        { "^", "missing CPU number" },
        { "1-2-3", "'2-3' is not a CPU number" },
        { "-1", "missing CPU number" },
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
        struct xm_cpumap m;
        char err[128] = "";
        ck_assert_int_eq(xm_cpumap_parse(bad[i][0], &m, err, sizeof(err)), -1);
        ck_assert_msg(strstr(err, bad[i][1]), "'%s' gave '%s'", bad[i][0],
                      err);
    }
}
END_TEST

START_TEST(count_test_and_truncated_format)
{
    struct xm_cpumap m;
    char err[64], small[4];
    ck_assert_int_eq(xm_cpumap_parse("0-3,5,^1", &m, err, sizeof(err)), 0);
    ck_assert_uint_eq(xm_cpumap_count(&m), 4);
    ck_assert(xm_cpumap_test(&m, 0) && !xm_cpumap_test(&m, 1));
    ck_assert(!xm_cpumap_test(&m, 99999));
    ck_assert_uint_eq(xm_cpumap_format(&m, small, sizeof(small)), 7);
    ck_assert_str_eq(small, "0,2");
}
END_TEST

Suite *cpumap_suite(void)
{
    Suite *s = suite_create("cpumap");
    TCase *tc = tcase_create("cpus");
    tcase_add_test(tc, guide_forms);
    tcase_add_test(tc, order_matters_like_xend);
    tcase_add_test(tc, bad_specs);
    tcase_add_test(tc, count_test_and_truncated_format);
    suite_add_tcase(s, tc);
    return s;
}

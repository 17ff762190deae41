/* Command-line parsing: Xen's option forms, and that nothing unknown or
 * malformed passes silently. */
#include <check.h>
#include "suites.h"
#include <stdio.h>
#include <string.h>
#include <xen/param.h>

static char reports[8][160];
static int nr_reports;

static void report(const char *msg)
{
    if (nr_reports < 8)
        snprintf(reports[nr_reports], sizeof(reports[0]), "%s", msg);
    nr_reports++;
}

static bool noreboot, x2apic = true;
static char console[32], com1[64];
static uint64_t memsize;
static unsigned int maxcpus;
static struct dom0_mem d0;

static int dom0_mem_cb(const char *v) { return parse_dom0_mem(v, &d0); }

static const struct kernel_param params[] = {
    { "console", PARAM_STR, console, sizeof(console), NULL },
    { "com1", PARAM_STR, com1, sizeof(com1), NULL },
    { "noreboot", PARAM_BOOL, &noreboot, 0, NULL },
    { "x2apic", PARAM_BOOL, &x2apic, 0, NULL },
    { "mem", PARAM_SIZE, &memsize, 0, NULL },
    { "maxcpus", PARAM_UINT, &maxcpus, 0, NULL },
    { "dom0_mem", PARAM_CUSTOM, NULL, 0, dom0_mem_cb },
};

static int parse(const char *s)
{
    nr_reports = 0;
    return parse_cmdline(s, params, sizeof(params) / sizeof(params[0]), report);
}

static void setup(void)
{
    noreboot = false;
    x2apic = true;
    console[0] = com1[0] = '\0';
    memsize = maxcpus = 0;
    memset(&d0, 0, sizeof(d0));
}

START_TEST(known_options)
{
    ck_assert_int_eq(parse("  console=com1 com1=115200,8n1\tnoreboot maxcpus=4 mem=2G "), 0);
    ck_assert_str_eq(console, "com1");
    ck_assert_str_eq(com1, "115200,8n1");
    ck_assert(noreboot);
    ck_assert_uint_eq(maxcpus, 4);
    ck_assert_uint_eq(memsize, 2ULL << 30);
    ck_assert_int_eq(nr_reports, 0);
}
END_TEST

START_TEST(unknown_option_reported)
{
    ck_assert_int_eq(parse("console=com1 frobnicate=3 noreboot"), 1);
    ck_assert_int_eq(nr_reports, 1);
    ck_assert_str_eq(reports[0], "unknown option 'frobnicate'");
    ck_assert(noreboot);                    /* the rest is still parsed */
}
END_TEST

START_TEST(bad_values_reported)
{
    ck_assert_int_eq(parse("maxcpus=four noreboot=maybe mem=12Q"), 3);
    ck_assert_str_eq(reports[0], "bad value 'four' for option 'maxcpus'");
    ck_assert_str_eq(reports[1], "bad value 'maybe' for option 'noreboot'");
    ck_assert_str_eq(reports[2], "bad value '12Q' for option 'mem'");
}
END_TEST

START_TEST(bool_forms)
{
    ck_assert_int_eq(parse("no-x2apic"), 0);
    ck_assert(!x2apic);
    ck_assert_int_eq(parse("x2apic=on noreboot=0"), 0);
    ck_assert(x2apic);
    ck_assert(!noreboot);
    ck_assert_int_eq(parse("no-console"), 1);   /* no- only for booleans */
}
END_TEST

START_TEST(string_too_long)
{
    ck_assert_int_eq(parse("console=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"), 1);
    ck_assert_str_eq(console, "");
}
END_TEST

START_TEST(sizes)
{
    uint64_t v;

    ck_assert_int_eq(parse_size_and_unit("512M", NULL, &v), 0);
    ck_assert_uint_eq(v, 512ULL << 20);
    ck_assert_int_eq(parse_size_and_unit("4096k", NULL, &v), 0);
    ck_assert_uint_eq(v, 4096ULL << 10);
    ck_assert_int_eq(parse_size_and_unit("0x1000", NULL, &v), 0);
    ck_assert_uint_eq(v, 0x1000);
    ck_assert_int_eq(parse_size_and_unit("M", NULL, &v), -1);
    ck_assert_int_eq(parse_size_and_unit("99999999999999G", NULL, &v), -1);
}
END_TEST

START_TEST(dom0_mem_forms)
{
    ck_assert_int_eq(parse("dom0_mem=1024M"), 0);
    ck_assert_uint_eq(d0.amount, 1024ULL << 20);
    ck_assert_int_eq(parse("dom0_mem=min:256M,max:1G,512M"), 0);
    ck_assert_uint_eq(d0.min, 256ULL << 20);
    ck_assert_uint_eq(d0.max, 1ULL << 30);
    ck_assert_uint_eq(d0.amount, 512ULL << 20);
    ck_assert_int_eq(parse("dom0_mem=min:2G,max:1G"), 1);
    ck_assert_int_eq(parse("dom0_mem=lots"), 1);
}
END_TEST

START_TEST(dom0_max_vcpus_forms)
{
    unsigned int lo, hi;

    ck_assert_int_eq(parse_dom0_max_vcpus("2", &lo, &hi), 0);
    ck_assert_uint_eq(lo, 2);
    ck_assert_uint_eq(hi, 2);
    ck_assert_int_eq(parse_dom0_max_vcpus("1-4", &lo, &hi), 0);
    ck_assert_uint_eq(lo, 1);
    ck_assert_uint_eq(hi, 4);
    ck_assert_int_eq(parse_dom0_max_vcpus("4-1", &lo, &hi), -1);
    ck_assert_int_eq(parse_dom0_max_vcpus("0", &lo, &hi), -1);
    ck_assert_int_eq(parse_dom0_max_vcpus("x", &lo, &hi), -1);
    ck_assert_int_eq(parse_dom0_max_vcpus("2-", &lo, &hi), -1);
}
END_TEST

Suite *cmdline_suite(void)
{
    Suite *s = suite_create("cmdline");
    TCase *tc = tcase_create("parse");

    tcase_add_checked_fixture(tc, setup, NULL);
    tcase_add_test(tc, known_options);
    tcase_add_test(tc, unknown_option_reported);
    tcase_add_test(tc, bad_values_reported);
    tcase_add_test(tc, bool_forms);
    tcase_add_test(tc, string_too_long);
    tcase_add_test(tc, sizes);
    tcase_add_test(tc, dom0_mem_forms);
    tcase_add_test(tc, dom0_max_vcpus_forms);
    suite_add_tcase(s, tc);
    return s;
}

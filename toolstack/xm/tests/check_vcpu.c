/* xm vcpu-list's layout (xm_vcpu_format.c): Xen 4.1's columns, the state
 * letters, the affinity as ranges, "any cpu" and "no cpus". */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "check_xm.h"
#include "xm_uptime_format.h"
#include "xm_vcpu_format.h"

static char *affinity(const char *cpumap, unsigned nr)
{
    struct sxp doc = { 0 };
    struct cfg_diags d = { 0 };
    char *out;

    ck_assert_int_eq(sxp_parse(cpumap, strlen(cpumap), "t", &doc, &d), 0);
    out = xm_vcpu_affinity(&doc.items[0], nr);
    sxp_free(&doc);
    cfg_diags_free(&d);
    ck_assert_ptr_nonnull(out);
    return out;
}

#define AFF(map, nr, want) do { char *a_ = affinity(map, nr); \
    ck_assert_str_eq(a_, want); free(a_); } while (0)

START_TEST(test_affinity_ranges)
{
    AFF("(cpumap 0 1)", 2, "any cpu");
    AFF("(cpumap 1 0 1)", 2, "any cpu");          /* repeats, any order */
    AFF("(cpumap 0)", 2, "0");
    AFF("(cpumap 0 1 2 3 5 7 8)", 16, "0-3,5,7-8");
    AFF("(cpumap 8 7 5 3 2 1 0)", 16, "0-3,5,7-8");
    AFF("(cpumap 0 1 9)", 4, "0-1");              /* beyond the host: dropped */
    AFF("(cpumap 0 1 2 3 63)", 4, "any cpu");     /* xm 4.1's "all" = 0-63 */
    AFF("(cpumap)", 4, "no cpus");
    AFF("(cpumap x -1 4)", 4, "no cpus");
}
END_TEST

static char *list(const char *reply)
{
    struct sxp doc = { 0 };
    struct cfg_diags d = { 0 };
    char *out;

    ck_assert_int_eq(sxp_parse(reply, strlen(reply), "t", &doc, &d), 0);
    out = xm_format_vcpu_list(&doc.items[0]);
    sxp_free(&doc);
    cfg_diags_free(&d);
    ck_assert_ptr_nonnull(out);
    return out;
}

START_TEST(test_vcpu_list_layout)
{
    char *out = list(
        "(vcpus (nr_cpus 2)"
        " (domain (domid 0) (name Domain-0) (vcpu_count 1)"
        "  (vcpu (number 0) (online 1) (blocked 0) (running 1) (cpu_time 12.345) (cpu 1)"
        "   (cpumap 0 1)))"
        " (domain (domid 7) (name pin) (vcpu_count 3)"
        "  (vcpu (number 0) (online 1) (blocked 1) (running 0) (cpu_time 0.04) (cpu 0)"
        "   (cpumap 0))"
        "  (vcpu (number 1) (online 0) (blocked 0) (running 0) (cpu_time 0) (cpu 0)"
        "   (cpumap 1))"
        "  (vcpu (number 2) (online 1) (blocked 0) (running 0) (cpu_time 1) (cpu -1)"
        "   (cpumap))))");

    /* Each line as Python's % formatting of xm 4.1's format strings gives it. */
    ck_assert_str_eq(out,
        "Name                                ID  VCPU   CPU State   Time(s) CPU Affinity\n"
        "Domain-0                             0     0     1   r--      12.3 any cpu\n"
        "pin                                  7     0     0   -b-       0.0 0\n"
        "pin                                  7     1     -   --p       0.0 1\n"
        "pin                                  7     2                   1.0 no cpus\n");
    free(out);
}
END_TEST

START_TEST(test_vcpu_list_empty)
{
    char *out = list("(vcpus (nr_cpus 2))");

    ck_assert_str_eq(out, "Name                                ID  VCPU   CPU State   Time(s) "
                          "CPU Affinity\n");
    free(out);
}
END_TEST

/* xm uptime: the strings Python's % formatting of xm 4.1's formats gives. */
START_TEST(test_uptime_lines)
{
    char line[256];

    xm_uptime_header(line, sizeof(line));
    ck_assert_str_eq(line, "Name                                ID Uptime ");
    xm_uptime_line(line, sizeof(line), "pin", "7", 3723, false, NULL);
    ck_assert_str_eq(line, "pin                                  7  1:02:03");
    xm_uptime_line(line, sizeof(line), "pin", "12", 2 * 86400 + 59, false, NULL);
    ck_assert_str_eq(line, "pin                                 12 2 days,  0:00:59");
    xm_uptime_line(line, sizeof(line), "pin", "7", 86400 + 3 * 3600 + 4 * 60 + 5, true,
                   "12:00:00");
    ck_assert_str_eq(line, " 12:00:00 up 1 day,  3:04, pin (7)");
}
END_TEST

TCase *vcpu_tcase(void)
{
    TCase *t = tcase_create("vcpu");

    tcase_add_test(t, test_affinity_ranges);
    tcase_add_test(t, test_vcpu_list_layout);
    tcase_add_test(t, test_vcpu_list_empty);
    tcase_add_test(t, test_uptime_lines);
    return t;
}

/* xm's output formats (src/xm_format.c) against Xen 4.1's layouts. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "check_xm.h"
#include "xm_format.h"

static struct sxp parse1(const char *text)
{
    struct sxp doc, one;
    struct cfg_diags d = { 0 };

    ck_assert_int_eq(sxp_parse(text, strlen(text), "test", &doc, &d), 0);
    ck_assert_uint_eq(doc.n, 1);
    one = doc.items[0];
    doc.n = 0;
    sxp_free(&doc);
    cfg_diags_free(&d);
    return one;
}

/* Guide section 3's Domain-0, in xend's record. */
static const char domains[] =
    "(domains (domain (domid 0) (uuid 00000000-0000-0000-0000-000000000000)"
    " (name Domain-0) (memory 1895) (maxmem 1895) (vcpus 2) (online_vcpus 2)"
    " (state r-----) (cpu_time 419.046) (ssidref 0) (cpupool 0))"
    " (domain (domid 12) (name a-very-long-domain-name-that-is-over-forty)"
    " (memory 256) (vcpus 4) (state -b----) (cpu_time 0.96)))";

START_TEST(test_list_layout)
{
    struct sxp d = parse1(domains);
    char *s = xm_format_list(&d);

    ck_assert_str_eq(s,
        "Name                                        ID   Mem VCPUs      State   Time(s)\n"
        "Domain-0                                     0  1895     2     r-----    419.0\n"
        "a-very-long-domain-name-that-is-over-forty    12   256     4     -b----      1.0\n");
    free(s);
    sxp_free(&d);
}
END_TEST

START_TEST(test_list_empty_and_odd)
{
    /* No domains: the header alone. Missing keys: xm 4.1's defaults. */
    struct sxp d = parse1("(domains (domain (domid 3)) (other))");
    char *s = xm_format_list(&d);

    ck_assert_str_eq(s,
        "Name                                        ID   Mem VCPUs      State   Time(s)\n"
        "??                                           3     0     0                 0.0\n");
    free(s);
    sxp_free(&d);
}
END_TEST

START_TEST(test_list_long)
{
    struct sxp d = parse1("(domains (domain (domid 0) (name 'Domain 0') (image (linux (kernel '')))))");
    char *s = xm_format_long(&d);

    ck_assert_str_eq(s, "(domain\n    (domid 0)\n    (name 'Domain 0')\n"
                        "    (image (linux (kernel '')))\n)\n");
    free(s);
    sxp_free(&d);
}
END_TEST

START_TEST(test_info_layout)
{
    struct sxp n = parse1("(node (host dom0) (nr_cpus 2) (virt_caps '')"
                          " (node_to_cpu 'node0:0-1\\n                         node1:2')"
                          " (xen_commandline) (xen_major 4))");
    char *s = xm_format_info(&n);

    ck_assert_str_eq(s,
        "host                   : dom0\n"
        "nr_cpus                : 2\n"
        "virt_caps              : \n"
        "node_to_cpu            : node0:0-1\n"
        "                         node1:2\n"
        "xen_commandline        : (none)\n"
        "xen_major              : 4\n");
    free(s);
    sxp_free(&n);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("xm");
    TCase *tc = tcase_create("format");
    SRunner *sr;
    int failed;

    tcase_add_test(tc, test_list_layout);
    tcase_add_test(tc, test_list_empty_and_odd);
    tcase_add_test(tc, test_list_long);
    tcase_add_test(tc, test_info_layout);
    suite_add_tcase(s, tc);
    suite_add_tcase(s, client_tcase());
    suite_add_tcase(s, commands_tcase());
    suite_add_tcase(s, vcpu_tcase());
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

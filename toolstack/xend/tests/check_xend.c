/* xend's pure parts: the API codec (../lib/xend_api.c) and the records
 * that list and info answer with (src/xend_records.c). */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "check_xend.h"
#include "xend_api.h"
#include "xend_records.h"

static int parse(const char *s, struct xend_request *r, char **why)
{
    return xend_request_parse(s, strlen(s), r, why);
}

START_TEST(test_request_forms)
{
    struct xend_request r;
    char *why;

    ck_assert_int_eq(parse("(list)\n", &r, &why), 0);
    ck_assert_int_eq(r.op, XEND_OP_LIST);
    ck_assert_uint_eq(r.n_domains, 0);
    xend_request_free(&r);
    ck_assert_int_eq(parse("(list (domains Domain-0 7 'my dom'))", &r, &why), 0);
    ck_assert_uint_eq(r.n_domains, 3);
    ck_assert_str_eq(r.domains[0], "Domain-0");
    ck_assert_str_eq(r.domains[2], "my dom");
    xend_request_free(&r);
    ck_assert_int_eq(parse("  (info) # comment\n", &r, &why), 0);
    ck_assert_int_eq(r.op, XEND_OP_INFO);
    xend_request_free(&r);
}
END_TEST

START_TEST(test_request_refusals)
{
    static const struct { const char *text; int err; const char *why; } bad[] = {
        { "", EINVAL, "expected one" },
        { "(list", EINVAL, "request:1" },
        { "(list) (info)", EINVAL, "expected one" },
        { "list", EINVAL, "expected one" },
        { "((list))", EINVAL, "expected one" },
        { "(destroy-everything)", ENOSYS, "unknown operation 'destroy-everything'" },
        { "(info extra)", EINVAL, "no arguments" },
        { "(list (vms a))", EINVAL, "(domains ...)" },
        { "(list (domains (nested)))", EINVAL, "name or an id" },
        { "(list (domains ''))", EINVAL, "name or an id" },
    };
    struct xend_request r;
    char *why;

    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        ck_assert_int_eq(parse(bad[i].text, &r, &why), -bad[i].err);
        ck_assert_ptr_nonnull(why);
        ck_assert_msg(strstr(why, bad[i].why), "'%s': %s", bad[i].text, why);
        ck_assert_ptr_null(r.domains);
        free(why);
    }
    /* A NUL inside the text would cut it short: refused, not truncated. */
    ck_assert_int_eq(xend_request_parse("(list)\0(x)", 10, &r, &why), -EINVAL);
    free(why);
}
END_TEST

START_TEST(test_request_too_long)
{
    size_t n = XEND_API_MAX_REQUEST + 1;
    char *big = malloc(n);
    struct xend_request r;
    char *why;

    memset(big, ' ', n);
    memcpy(big, "(list)", 6);
    ck_assert_int_eq(xend_request_parse(big, n, &r, &why), -E2BIG);
    free(why);
    free(big);
}
END_TEST

START_TEST(test_request_round_trip)
{
    char *names[] = { "Domain-0", "a b", "it's" };
    struct xend_request r = { .op = XEND_OP_LIST, .domains = names, .n_domains = 3 }, back;
    char *line = xend_request_format(&r), *why;

    ck_assert_str_eq(line, "(list (domains Domain-0 'a b' 'it\\'s'))\n");
    ck_assert_int_eq(parse(line, &back, &why), 0);
    ck_assert_uint_eq(back.n_domains, 3);
    ck_assert_str_eq(back.domains[2], "it's");
    xend_request_free(&back);
    free(line);
    r = (struct xend_request){ .op = XEND_OP_INFO };
    line = xend_request_format(&r);
    ck_assert_str_eq(line, "(info)\n");
    free(line);
}
END_TEST

START_TEST(test_replies)
{
    struct sxp v;
    struct xend_reply r;
    char *line, *why;

    ck_assert(sxp_list_new(&v, "domains"));
    line = xend_reply_ok(&v);
    ck_assert_str_eq(line, "(ok (domains))\n");
    ck_assert_int_eq(xend_reply_parse(line, strlen(line), &r, &why), 0);
    ck_assert_int_eq(r.err, 0);
    ck_assert_str_eq(sxp_name(r.value), "domains");
    sxp_free(&r.doc);
    free(line);
    sxp_free(&v);

    line = xend_reply_error(ESRCH, "Domain 'x' does not exist.", "x");
    ck_assert_str_eq(line, "(error ESRCH 'Domain \\'x\\' does not exist.' x)\n");
    ck_assert_int_eq(xend_reply_parse(line, strlen(line), &r, &why), 0);
    ck_assert_int_eq(r.err, ESRCH);
    ck_assert_str_eq(r.msg, "Domain 'x' does not exist.");
    ck_assert_str_eq(r.subject, "x");
    sxp_free(&r.doc);
    free(line);

    ck_assert_int_eq(xend_reply_parse("(ok)", 4, &r, &why), -EINVAL);
    sxp_free(&r.doc);
    free(why);
    ck_assert_int_eq(xend_reply_parse("garbage", 7, &r, &why), -EINVAL);
    sxp_free(&r.doc);
    free(why);
}
END_TEST

START_TEST(test_state_letters)
{
    char s[7];

    xend_domain_state(XEN_DOMINF_running, s);
    ck_assert_str_eq(s, "r-----");
    xend_domain_state(XEN_DOMINF_blocked | XEN_DOMINF_paused, s);
    ck_assert_str_eq(s, "-bp---");
    xend_domain_state(XEN_DOMINF_shutdown | (SHUTDOWN_poweroff << XEN_DOMINF_shutdownshift), s);
    ck_assert_str_eq(s, "---s--");
    xend_domain_state(XEN_DOMINF_shutdown | (SHUTDOWN_crash << XEN_DOMINF_shutdownshift) |
                      XEN_DOMINF_dying, s);
    ck_assert_str_eq(s, "----cd");
}
END_TEST

static const char *child(const struct sxp *x, const char *k)
{
    return sxp_child_value(x, k, NULL);
}

START_TEST(test_domain_record)
{
    xc_domaininfo_t d = { .domain = 0, .flags = XEN_DOMINF_running,
                          .tot_pages = 262144, .max_pages = ~0ull,
                          .cpu_time = 419046000123ull, .nr_online_vcpus = 2,
                          .max_vcpu_id = 1, .handle = { 0xde, 0xad, [15] = 0x01 } };
    struct sxp rec;

    ck_assert(xend_domain_record(&d, "Domain-0", 4096, &rec));
    ck_assert_str_eq(sxp_name(&rec), "domain");
    ck_assert_str_eq(rec.items[1].items[0].atom, "domid");   /* domid first */
    ck_assert_str_eq(child(&rec, "domid"), "0");
    ck_assert_str_eq(child(&rec, "name"), "Domain-0");
    ck_assert_str_eq(child(&rec, "memory"), "1024");
    ck_assert_str_eq(child(&rec, "maxmem"), "17592186044415");   /* saturated */
    ck_assert_str_eq(child(&rec, "vcpus"), "2");
    ck_assert_str_eq(child(&rec, "online_vcpus"), "2");
    ck_assert_str_eq(child(&rec, "state"), "r-----");
    ck_assert_str_eq(child(&rec, "cpu_time"), "419.046000123");
    ck_assert_str_eq(child(&rec, "uuid"), "dead0000-0000-0000-0000-000000000001");
    ck_assert_ptr_null(child(&rec, "shutdown_reason"));
    sxp_free(&rec);

    d.flags = XEN_DOMINF_shutdown | (SHUTDOWN_reboot << XEN_DOMINF_shutdownshift);
    d.max_vcpu_id = XEN_INVALID_MAX_VCPU_ID;
    ck_assert(xend_domain_record(&d, "it's", 4096, &rec));
    ck_assert_str_eq(child(&rec, "shutdown_reason"), "reboot");
    ck_assert_str_eq(child(&rec, "vcpus"), "0");
    ck_assert_str_eq(child(&rec, "name"), "it's");
    sxp_free(&rec);
}
END_TEST

START_TEST(test_cpu_ranges)
{
    bool a[] = { 1, 1, 1, 0, 1, 0, 1, 1 }, none[3] = { 0 };
    char *s = xend_cpu_ranges(a, 8);

    ck_assert_str_eq(s, "0-2,4,6-7");
    free(s);
    s = xend_cpu_ranges(none, 3);
    ck_assert_str_eq(s, "no cpus");
    free(s);
}
END_TEST

START_TEST(test_node_record)
{
    /* Two nodes of two CPUs each, the second CPU of node 1 offline. */
    xc_cputopo_t topo[4] = { { .node = 0 }, { .node = 0 }, { .node = 1 },
                             { .node = XEN_INVALID_NODE_ID } };
    xc_meminfo_t mem[2] = { { .memfree = 512ull << 20 }, { .memfree = 100ull << 20 } };
    uint64_t dma32[2] = { 300ull << 20, 0 };
    struct xend_node_facts f = {
        .uts = { .nodename = "dom0", .release = "6.1.0", .machine = "x86_64" },
        .phys = { .nr_cpus = 3, .nr_nodes = 2, .max_node_id = 63, .cores_per_socket = 2,
                  .threads_per_core = 1, .cpu_khz = 2994000,
                  .capabilities = XEN_SYSCTL_PHYSCAP_hvm | XEN_SYSCTL_PHYSCAP_pv,
                  .total_pages = 524288, .free_pages = 1000, .hw_cap = { 0x178bfbff, 1 } },
        .topo = topo, .n_topo = 4, .mem = mem, .dma32_free = dma32, .n_nodes = 2,
        .free_cpus = 0, .major = 4, .minor = 17, .extra = ".1", .caps = "xen-3.0-x86_64 hvm-3.0-x86_64",
        .changeset = "", .cmdline = "console=com1", .virt_start = 0xffff800000000000ul,
        .page_size = 4096, .sched_id = XEN_SCHEDULER_CREDIT,
        .cc = { .compiler = "gcc", .compile_by = "pkg", .compile_domain = "debian.org",
                .compile_date = "today" },
        .xend_config_format = 4,
    };
    static const char *const order[] = {
        "host", "release", "version", "machine", "nr_cpus", "nr_nodes",
        "cores_per_socket", "threads_per_core", "cpu_mhz", "hw_caps", "virt_caps",
        "total_memory", "free_memory", "free_cpus", "node_to_cpu", "node_to_memory",
        "node_to_dma32_mem", "max_node_id", "xen_major", "xen_minor", "xen_extra",
        "xen_caps", "xen_scheduler", "xen_pagesize", "platform_params",
        "xen_changeset", "xen_commandline", "cc_compiler", "cc_compile_by",
        "cc_compile_domain", "cc_compile_date", "xend_config_format",
    };
    struct sxp rec;

    ck_assert(xend_node_record(&f, &rec));
    ck_assert_uint_eq(rec.n, 1 + sizeof(order) / sizeof(order[0]));
    for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++)
        ck_assert_str_eq(rec.items[i + 1].items[0].atom, order[i]);
    ck_assert_str_eq(child(&rec, "cpu_mhz"), "2994");
    ck_assert_str_eq(child(&rec, "hw_caps"),
                     "178bfbff:00000001:00000000:00000000:00000000:00000000:00000000:00000000");
    ck_assert_str_eq(child(&rec, "virt_caps"), "hvm");
    ck_assert_str_eq(child(&rec, "total_memory"), "2048");
    ck_assert_str_eq(child(&rec, "free_memory"), "3");
    ck_assert_str_eq(child(&rec, "node_to_cpu"),
                     "node0:0-1\n                         node1:2");
    ck_assert_str_eq(child(&rec, "node_to_memory"),
                     "node0:512\n                         node1:100");
    ck_assert_str_eq(child(&rec, "node_to_dma32_mem"),
                     "node0:300\n                         node1:0");
    ck_assert_str_eq(child(&rec, "max_node_id"), "1");
    ck_assert_str_eq(child(&rec, "xen_scheduler"), "credit");
    ck_assert_str_eq(child(&rec, "platform_params"), "virt_start=0xffff800000000000");
    ck_assert_str_eq(child(&rec, "xen_minor"), "17");
    sxp_free(&rec);
}
END_TEST

START_TEST(test_request_create_destroy_dmesg)
{
    struct xend_request r, back;
    char *why, *line;

    ck_assert_int_eq(parse("(create (vm (name xv) (memory 16)))", &r, &why), 0);
    ck_assert_int_eq(r.op, XEND_OP_CREATE);
    ck_assert_int_eq(r.vm.kind, SXP_LIST);
    ck_assert_str_eq(sxp_child_value(&r.vm, "name", ""), "xv");
    line = xend_request_format(&r);
    ck_assert_str_eq(line, "(create (vm (name xv) (memory 16)))\n");
    free(line);
    xend_request_free(&r);

    ck_assert_int_eq(parse("(destroy 'my dom')", &r, &why), 0);
    ck_assert_int_eq(r.op, XEND_OP_DESTROY);
    ck_assert_uint_eq(r.n_domains, 1);
    ck_assert_str_eq(r.domains[0], "my dom");
    line = xend_request_format(&r);
    ck_assert_int_eq(parse(line, &back, &why), 0);
    ck_assert_str_eq(back.domains[0], "my dom");
    free(line);
    xend_request_free(&back);
    xend_request_free(&r);

    /* The one-domain requests: each read back, and written as it came. */
    static const struct { const char *text; enum xend_op op; } one[] = {
        { "(pause 3)\n", XEND_OP_PAUSE }, { "(unpause xv)\n", XEND_OP_UNPAUSE },
        { "(shutdown xv)\n", XEND_OP_SHUTDOWN }, { "(reboot 4)\n", XEND_OP_REBOOT },
        { "(console pvh)\n", XEND_OP_CONSOLE },
    };
    for (size_t i = 0; i < sizeof(one) / sizeof(one[0]); i++) {
        ck_assert_int_eq(parse(one[i].text, &r, &why), 0);
        ck_assert_int_eq(r.op, one[i].op);
        ck_assert_uint_eq(r.n_domains, 1);
        line = xend_request_format(&r);
        ck_assert_str_eq(line, one[i].text);
        free(line);
        xend_request_free(&r);
    }

    ck_assert_int_eq(parse("(dmesg)", &r, &why), 0);
    ck_assert_int_eq(r.op, XEND_OP_DMESG);
    ck_assert(!r.clear);
    ck_assert_int_eq(parse("(dmesg clear)", &r, &why), 0);
    ck_assert(r.clear);
    line = xend_request_format(&r);
    ck_assert_str_eq(line, "(dmesg clear)\n");
    free(line);

    static const char *const bad[] = {
        "(create)", "(create (vm) (vm))", "(create (image))", "(create vm)",
        "(destroy)", "(destroy a b)", "(destroy (a))", "(destroy '')",
        "(dmesg now)", "(dmesg clear clear)", "(pause)", "(unpause a b)", "(pause (x))",
        "(shutdown)", "(reboot a b)", "(console)", "(console a b)",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        ck_assert_msg(parse(bad[i], &r, &why) == -EINVAL, "%s", bad[i]);
        ck_assert_ptr_nonnull(why);
        ck_assert_ptr_null(r.domains);
        ck_assert_int_ne(r.vm.kind, SXP_LIST);
        free(why);
    }
}
END_TEST

/* The requests on one domain with arguments (vcpu-pin, vcpu-set,
 * mem-set, sysrq) and vcpu-list: formatted as xm sends them, read back. */
START_TEST(test_request_with_args)
{
    static const struct { enum xend_op op; const char *line; size_t n; } forms[] = {
        { XEND_OP_VCPU_PIN, "(vcpu-pin pin all 0-1)\n", 2 },
        { XEND_OP_VCPU_SET, "(vcpu-set 7 1)\n", 1 },
        { XEND_OP_MEM_SET, "(mem-set pin 8)\n", 1 },
        { XEND_OP_SYSRQ, "(sysrq pin s)\n", 1 },
        { XEND_OP_SAVE, "(save pin /root/pin.save)\n", 1 },
    };
    char *doms[] = { "pin" }, *args[] = { "all", "0-1" }, *why = NULL, *line;
    struct xend_request r, w = { .op = XEND_OP_VCPU_PIN, .domains = doms, .n_domains = 1,
                                 .args = args, .n_args = 2 };

    line = xend_request_format(&w);
    ck_assert_str_eq(line, forms[0].line);
    free(line);
    for (size_t i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
        ck_assert_int_eq(parse(forms[i].line, &r, &why), 0);
        ck_assert_int_eq(r.op, forms[i].op);
        ck_assert_uint_eq(r.n_domains, 1);
        ck_assert_uint_eq(r.n_args, forms[i].n);
        line = xend_request_format(&r);
        ck_assert_str_eq(line, forms[i].line);
        free(line);
        xend_request_free(&r);
    }
    ck_assert_int_eq(parse("(vcpu-list (domains pin 0))", &r, &why), 0);
    ck_assert_int_eq(r.op, XEND_OP_VCPU_LIST);
    ck_assert_uint_eq(r.n_domains, 2);
    line = xend_request_format(&r);
    ck_assert_str_eq(line, "(vcpu-list (domains pin 0))\n");
    free(line);
    xend_request_free(&r);
    /* restore names no domain: its file only. */
    ck_assert_int_eq(parse("(restore '/root/my save')", &r, &why), 0);
    ck_assert_int_eq(r.op, XEND_OP_RESTORE);
    ck_assert_uint_eq(r.n_domains, 0);
    ck_assert_uint_eq(r.n_args, 1);
    ck_assert_str_eq(r.args[0], "/root/my save");
    line = xend_request_format(&r);
    ck_assert_str_eq(line, "(restore '/root/my save')\n");
    free(line);
    xend_request_free(&r);
    static const char *const bad[] = { "(vcpu-pin pin 0)", "(vcpu-pin pin 0 1 2)",
                                       "(vcpu-set pin)", "(mem-set pin (8))", "(sysrq)",
                                       "(sysrq pin '')", "(vcpu-list pin)", "(save pin)",
                                       "(save pin a b)", "(restore)", "(restore a b)",
                                       "(restore (a))", "(restore '')" };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        ck_assert_msg(parse(bad[i], &r, &why) == -EINVAL, "%s", bad[i]);
        ck_assert_ptr_nonnull(why);
        free(why);
    }
}
END_TEST

int main(void)
{
    Suite *s = suite_create("xend");
    TCase *api = tcase_create("api"), *rec = tcase_create("records");
    SRunner *sr;
    int failed;

    tcase_add_test(api, test_request_forms);
    tcase_add_test(api, test_request_refusals);
    tcase_add_test(api, test_request_too_long);
    tcase_add_test(api, test_request_round_trip);
    tcase_add_test(api, test_replies);
    tcase_add_test(api, test_request_create_destroy_dmesg);
    tcase_add_test(api, test_request_with_args);
    tcase_add_test(rec, test_state_letters);
    tcase_add_test(rec, test_domain_record);
    tcase_add_test(rec, test_cpu_ranges);
    tcase_add_test(rec, test_node_record);
    suite_add_tcase(s, api);
    suite_add_tcase(s, rec);
    suite_add_tcase(s, server_tcase());
    suite_add_tcase(s, builder_tcase());
    suite_add_tcase(s, devices_tcase());
    suite_add_tcase(s, image_tcase());
    suite_add_tcase(s, saved_tcase());
    suite_add_tcase(s, stream_tcase());
    suite_add_tcase(s, relocation_tcase());
    suite_add_tcase(s, cpus_tcase());
    suite_add_tcase(s, lz4_tcase());
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

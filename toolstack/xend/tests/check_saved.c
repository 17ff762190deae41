/* The managed domains' records on disk (xend_saved.c): the UUID folder
 * names, config.sxp's text read back, and the match with Xen's list. */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "check_xend.h"
#include "xend_saved.h"

static const xen_domain_handle_t U = { 0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0x4d, 0xef,
                                       0x80, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0xff };

START_TEST(test_uuid_round_trip)
{
    char text[37];
    xen_domain_handle_t back;

    xend_uuid_format(U, text);
    ck_assert_str_eq(text, "12345678-9abc-4def-8001-0203040506ff");
    ck_assert(xend_uuid_parse(text, back));
    ck_assert_mem_eq(back, U, sizeof(back));
    ck_assert(xend_uuid_parse("12345678-9ABC-4DEF-8001-0203040506FF", back));
    ck_assert_mem_eq(back, U, sizeof(back));
}
END_TEST

START_TEST(test_uuid_refusals)
{
    xen_domain_handle_t u;
    static const char *const bad[] = {
        "", ".", "..", "config.sxp",
        "12345678-9abc-4def-8001-0203040506f",      /* short */
        "12345678-9abc-4def-8001-0203040506ff0",    /* long */
        "123456789abc-4def-8001-0203040506ff-",     /* dash misplaced */
        "12345678_9abc-4def-8001-0203040506ff",
        "1234567g-9abc-4def-8001-0203040506ff",
        "12345678-9abc-4def-8001-0203040506ff.tmp",
    };

    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        ck_assert_msg(!xend_uuid_parse(bad[i], u), "%s", bad[i]);
}
END_TEST

START_TEST(test_saved_round_trip)
{
    static const char rec[] =
        "(vm (name 'a b') (memory 16) (vcpus 2) (cpus ('0' '1')) (on_reboot restart) "
        "(image (linux (kernel /usr/lib/xenlab/guests/xen-version) (args 'x=\"1\"'))))";
    struct sxp in = { 0 }, back = { 0 };
    const struct sxp *vm;
    struct cfg_diags d = { 0 };
    char *why = NULL, *text, *again;

    ck_assert_int_eq(sxp_parse(rec, strlen(rec), "t", &in, &d), 0);
    text = xend_saved_text(&in.items[0]);
    ck_assert_ptr_nonnull(text);
    ck_assert_int_eq(text[strlen(text) - 1], '\n');
    ck_assert_ptr_eq(strchr(text, '\n'), text + strlen(text) - 1);    /* one line */
    ck_assert_int_eq(xend_saved_parse(text, strlen(text), &back, &vm, &why), 0);
    ck_assert_ptr_null(why);
    ck_assert_str_eq(sxp_child_value(vm, "name", ""), "a b");
    ck_assert_str_eq(sxp_child_value(sxp_child(sxp_child(vm, "image"), "linux"), "args", ""),
                     "x=\"1\"");
    again = xend_saved_text(vm);
    ck_assert_str_eq(again, text);
    free(again);
    free(text);
    sxp_free(&back);
    sxp_free(&in);
    cfg_diags_free(&d);
}
END_TEST

START_TEST(test_saved_refusals)
{
    static const char *const bad[] = {
        "", "(vm (name x)", "(domain (name x))", "(vm (name x)) (vm (name y))",
        "(vm (memory 16))", "(vm (name ''))", "vm", "((vm) (name x))",
    };

    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        struct sxp doc = { 0 };
        const struct sxp *vm = (const struct sxp *)1;
        char *why = NULL;

        ck_assert_msg(xend_saved_parse(bad[i], strlen(bad[i]), &doc, &vm, &why) == -EINVAL,
                      "%s", bad[i]);
        ck_assert_ptr_null(vm);
        ck_assert_ptr_nonnull(why);
        free(why);
        sxp_free(&doc);
    }
}
END_TEST

START_TEST(test_saved_match)
{
    xc_domaininfo_t v[4] = { 0 };
    uint32_t domid = 99;

    v[0].domain = 0;        /* Domain-0 is never a managed domain */
    memcpy(v[0].handle, U, sizeof(U));
    v[1].domain = 3;
    v[2].domain = 5;
    memcpy(v[2].handle, U, sizeof(U));
    v[2].flags = XEN_DOMINF_dying;
    ck_assert(!xend_saved_match(U, v, 3, &domid));
    ck_assert_uint_eq(domid, 99);
    v[3].domain = 7;
    memcpy(v[3].handle, U, sizeof(U));
    v[3].flags = XEN_DOMINF_shutdown | XEN_DOMINF_paused;  /* shut down: still there */
    ck_assert(xend_saved_match(U, v, 4, &domid));
    ck_assert_uint_eq(domid, 7);
    ck_assert(!xend_saved_match(U, v, 3, &domid));
}
END_TEST

TCase *saved_tcase(void)
{
    TCase *t = tcase_create("saved");

    tcase_add_test(t, test_uuid_round_trip);
    tcase_add_test(t, test_uuid_refusals);
    tcase_add_test(t, test_saved_round_trip);
    tcase_add_test(t, test_saved_refusals);
    tcase_add_test(t, test_saved_match);
    return t;
}

/* vCPU affinity (xend_cpus.c): the record's cpus= in each form of guide
 * 6.4, xm vcpu-pin's arguments, the byte maps libxenctrl takes. */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "check_xend.h"
#include "xend_cpus.h"

static struct sxp doc;

static const struct sxp *vm_of(const char *text)
{
    struct cfg_diags d = { 0 };

    sxp_free(&doc);
    ck_assert_int_eq(sxp_parse(text, strlen(text), "t", &doc, &d), 0);
    cfg_diags_free(&d);
    return &doc.items[0];
}

static unsigned first_cpus(const struct xm_cpumap *m, char *buf, size_t len)
{
    xm_cpumap_format(m, buf, len);
    return xm_cpumap_count(m);
}

START_TEST(test_cpus_forms)
{
    struct xm_cpumap m;
    char *why = NULL, buf[64];

    /* No cpus=, or cpus = "": Xen chooses. */
    ck_assert_int_eq(xend_cpus_of_vcpu(vm_of("(vm (name a))"), 0, &m, &why), 0);
    ck_assert_int_eq(xend_cpus_of_vcpu(vm_of("(vm (name a) (cpus ''))"), 0, &m, &why), 0);
    /* One map for every vCPU: items in order, ^ removes. */
    vm_of("(vm (name a) (cpus '0-3,5,^1'))");
    for (unsigned v = 0; v < 3; v++) {
        ck_assert_int_eq(xend_cpus_of_vcpu(&doc.items[0], v, &m, &why), 1);
        first_cpus(&m, buf, sizeof(buf));
        ck_assert_str_eq(buf, "0,2-3,5");
    }
    /* One map per vCPU: vCPU i gets entry i, none beyond the list. */
    vm_of("(vm (name a) (cpus ('2' '8')))");
    ck_assert_int_eq(xend_cpus_of_vcpu(&doc.items[0], 0, &m, &why), 1);
    first_cpus(&m, buf, sizeof(buf));
    ck_assert_str_eq(buf, "2");
    ck_assert_int_eq(xend_cpus_of_vcpu(&doc.items[0], 1, &m, &why), 1);
    first_cpus(&m, buf, sizeof(buf));
    ck_assert_str_eq(buf, "8");
    ck_assert_int_eq(xend_cpus_of_vcpu(&doc.items[0], 2, &m, &why), 0);
    ck_assert_int_eq(xend_cpus_of_vcpu(vm_of("(vm (cpus ('' '1')))"), 0, &m, &why), 0);
    /* A map that is no CPU list. */
    ck_assert_int_eq(xend_cpus_of_vcpu(vm_of("(vm (cpus 'x'))"), 0, &m, &why), -EINVAL);
    ck_assert_ptr_nonnull(why);
    ck_assert_ptr_nonnull(strstr(why, "cpus 'x'"));
    free(why);
    ck_assert_int_eq(xend_cpus_of_vcpu(vm_of("(vm (cpus (('1'))))"), 0, &m, &why), -EINVAL);
    free(why);
    sxp_free(&doc);
}
END_TEST

START_TEST(test_pin_arguments)
{
    struct xm_cpumap m;
    char *why = NULL, buf[64];
    unsigned v;
    bool all;

    ck_assert_int_eq(xend_cpus_parse_pin("all", 4, &m, &why), 0);
    first_cpus(&m, buf, sizeof(buf));
    ck_assert_str_eq(buf, "0-3");
    ck_assert_int_eq(xend_cpus_parse_pin("1,3", 4, &m, &why), 0);
    first_cpus(&m, buf, sizeof(buf));
    ck_assert_str_eq(buf, "1,3");
    ck_assert_int_eq(xend_cpus_parse_pin("1-", 4, &m, &why), -EINVAL);
    ck_assert_ptr_nonnull(why);
    free(why);

    ck_assert_int_eq(xend_cpus_parse_vcpu("all", 2, &v, &all, &why), 0);
    ck_assert(all);
    ck_assert_int_eq(xend_cpus_parse_vcpu("1", 2, &v, &all, &why), 0);
    ck_assert(!all);
    ck_assert_uint_eq(v, 1);
    ck_assert_int_eq(xend_cpus_parse_vcpu("2", 2, &v, &all, &why), -EINVAL);
    ck_assert_str_eq(why, "VCPU 2: the domain has vCPUs 0 to 1");
    free(why);
    static const char *const bad[] = { "", "-1", "+1", "1x", "x", "99999999999999999999" };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        ck_assert_msg(xend_cpus_parse_vcpu(bad[i], 2, &v, &all, &why) == -EINVAL, "%s", bad[i]);
        free(why);
    }
}
END_TEST

START_TEST(test_byte_maps)
{
    struct xm_cpumap m = { 0 };
    uint8_t bytes[2];
    struct sxp l;
    char *text;

    xm_cpumap_set(&m, 0);
    xm_cpumap_set(&m, 9);
    xm_cpumap_set(&m, 100);              /* beyond the map: left out */
    ck_assert(xend_cpus_to_bytes(&m, bytes, sizeof(bytes), 16));
    ck_assert_uint_eq(bytes[0], 0x01);
    ck_assert_uint_eq(bytes[1], 0x02);
    /* No CPU of a 2-CPU host: Xen would get an empty affinity. */
    memset(&m, 0, sizeof(m));
    xm_cpumap_set(&m, 2);
    xm_cpumap_set(&m, 8);
    ck_assert(!xend_cpus_to_bytes(&m, bytes, sizeof(bytes), 2));
    /* And back, as vcpu-list sends it: CPUs below nr_cpus only. */
    bytes[0] = 0x85;
    bytes[1] = 0xff;
    ck_assert(sxp_list_new(&l, "vcpu"));
    ck_assert(xend_cpus_push_list(&l, bytes, sizeof(bytes), 8));
    text = sxp_format(&l, false);
    ck_assert_str_eq(text, "(vcpu (cpumap 0 2 7))");
    free(text);
    sxp_free(&l);
}
END_TEST

TCase *cpus_tcase(void)
{
    TCase *t = tcase_create("cpus");

    tcase_add_test(t, test_cpus_forms);
    tcase_add_test(t, test_pin_arguments);
    tcase_add_test(t, test_byte_maps);
    return t;
}

/* Sharding, report escaping, the LAN switch, accelerator choice. */
#include "check_main.h"
#include "accel.h"
#include "escape.h"
#include "macswitch.h"
#include "shard.h"

#include <stdlib.h>
#include <string.h>

START_TEST(shard_parse_forms)
{
    int i, n;
    ck_assert_int_eq(shard_parse("2/3", &i, &n), 0);
    ck_assert(i == 2 && n == 3);
    ck_assert_int_eq(shard_parse("0/3", &i, &n), -1);
    ck_assert_int_eq(shard_parse("4/3", &i, &n), -1);
    ck_assert_int_eq(shard_parse("1/0", &i, &n), -1);
    ck_assert_int_eq(shard_parse("1", &i, &n), -1);
    ck_assert_int_eq(shard_parse("1/2x", &i, &n), -1);
}
END_TEST

START_TEST(shards_partition_sorted_ids)
{
    const char *ids[] = { "d@xen", "a@xen", "c@ours", "b@xen", "a@ours" };
    int sel[5], count[5] = { 0 };
    /* Sorted: a@ours a@xen b@xen c@ours d@xen; shard 1/2 = ranks 0, 2, 4. */
    shard_select(ids, 5, 1, 2, sel);
    ck_assert(sel[4] && !sel[1] && sel[3] && !sel[2] && sel[0]);
    for (int k = 1; k <= 3; k++) {
        shard_select(ids, 5, k, 3, sel);
        for (int j = 0; j < 5; j++)
            count[j] += sel[j];
    }
    for (int j = 0; j < 5; j++)
        ck_assert_int_eq(count[j], 1);
}
END_TEST

START_TEST(xml_and_tap_escaping)
{
    struct strbuf sb;
    sb_init(&sb);
    const char in[] = "a<b>&\"c'\x01\x1b[0m\xff\xc3\xa9\xe2\x82\xac\xed\xa0\x80\n";
    xml_escape(&sb, in, sizeof in - 1);
    ck_assert_str_eq(sb.buf, "a&lt;b&gt;&amp;&quot;c&#39;??[0m?\xc3\xa9\xe2\x82\xac???\n");
    sb_free(&sb);
    char *t = tap_escape("a#b\\c\nd");
    ck_assert_str_eq(t, "a\\#b\\\\c d");
    free(t);
}
END_TEST

static void frame(uint8_t *f, const uint8_t *dst, const uint8_t *src)
{
    memset(f, 0, 60);
    memcpy(f, dst, 6);
    memcpy(f + 6, src, 6);
}

START_TEST(switch_learns_macs)
{
    static const uint8_t A[6] = { 0x52, 0x54, 0, 0x12, 0x34, 1 }, B[6] = { 0x52, 0x54, 0, 0x12, 0x34, 2 };
    static const uint8_t BC[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
    struct macswitch sw;
    uint8_t f[60];
    macsw_init(&sw, 10);
    frame(f, B, A);
    ck_assert_int_eq(macsw_route(&sw, f, 60, 0, 1.0), MACSW_FLOOD); /* B unknown */
    frame(f, A, B);
    ck_assert_int_eq(macsw_route(&sw, f, 60, 1, 2.0), 0);           /* A learned on 0 */
    frame(f, B, A);
    ck_assert_int_eq(macsw_route(&sw, f, 60, 0, 3.0), 1);           /* B learned on 1 */
    frame(f, BC, A);
    ck_assert_int_eq(macsw_route(&sw, f, 60, 0, 3.0), MACSW_FLOOD);
    frame(f, A, B);
    ck_assert_int_eq(macsw_route(&sw, f, 60, 0, 4.0), -2);          /* B moved to 0; A is on 0 */
    frame(f, B, A);
    ck_assert_int_eq(macsw_route(&sw, f, 60, 1, 30.0), MACSW_FLOOD); /* B aged out */
    ck_assert_int_eq(macsw_route(&sw, f, 10, 1, 30.0), -2);          /* runt */
    frame(f, A, BC);                                                  /* multicast source */
    ck_assert_int_eq(macsw_route(&sw, f, 60, 2, 31.0), 1);
}
END_TEST

START_TEST(accel_needs_flags_and_nested)
{
    const char *svm = "processor\t: 0\nflags\t\t: fpu sse svm lm\n";
    const char *vmx = "flags\t\t: fpu vmx\n";
    const char *none = "flags\t\t: fpu svmx avx\nmodel name : svm vmx\n";
    ck_assert_str_eq(accel_decide(svm, NULL, "1\n"), "kvm");
    ck_assert_str_eq(accel_decide(svm, NULL, "Y\n"), "kvm");
    ck_assert_str_eq(accel_decide(svm, NULL, "0\n"), "tcg");
    ck_assert_str_eq(accel_decide(svm, "Y", NULL), "tcg");
    ck_assert_str_eq(accel_decide(vmx, "Y\n", NULL), "kvm");
    ck_assert_str_eq(accel_decide(vmx, "N\n", NULL), "tcg");
    ck_assert_str_eq(accel_decide(none, "Y", "Y"), "tcg");
    ck_assert_str_eq(accel_decide("", "Y", "Y"), "tcg");
}
END_TEST

Suite *misc_suite(void)
{
    Suite *s = suite_create("misc");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, shard_parse_forms);
    tcase_add_test(tc, shards_partition_sorted_ids);
    tcase_add_test(tc, xml_and_tap_escaping);
    tcase_add_test(tc, switch_learns_macs);
    tcase_add_test(tc, accel_needs_flags_and_nested);
    suite_add_tcase(s, tc);
    return s;
}

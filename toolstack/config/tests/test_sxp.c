/* The S-expression reader and writer. */
#include <stdlib.h>

#include "sxp.h"
#include "test_util.h"

static struct sxp doc;
static struct cfg_diags d;

static void setup(void)
{
    memset(&doc, 0, sizeof(doc));
    memset(&d, 0, sizeof(d));
}

static void teardown(void)
{
    sxp_free(&doc);
    cfg_diags_free(&d);
}

static int parse(const char *text)
{
    return sxp_parse(text, strlen(text), "x.sxp", &doc, &d);
}

START_TEST(atoms_lists_quotes_comments)
{
    ck_assert_int_eq(parse("# comment\n(xend-unix-server yes)\n"
                           "(network-script 'network-bridge netdev=eth1') "
                           "(vif-script vif-bridge)\n"
                           "(a \"dq\\\"x\" '' (b (c)) 'it\\'s\\n')\n"), 0);
    ck_assert_uint_eq(doc.n, 4);
    ck_assert_str_eq(sxp_name(&doc.items[0]), "xend-unix-server");
    ck_assert_str_eq(sxp_child_value(&doc, "network-script", NULL),
                     "network-bridge netdev=eth1");
    ck_assert_uint_eq(doc.items[2].line, 3);
    const struct sxp *a = sxp_child(&doc, "a");
    ck_assert_ptr_nonnull(a);
    ck_assert_str_eq(a->items[1].atom, "dq\"x");
    ck_assert(a->items[2].quoted);
    ck_assert_str_eq(a->items[2].atom, "");
    ck_assert_int_eq(a->items[3].kind, SXP_LIST);
    ck_assert_str_eq(a->items[4].atom, "it's\n");
    ck_assert_uint_eq(a->line, 4);
    ck_assert_ptr_null(sxp_child(&doc, "missing"));
    ck_assert_str_eq(sxp_child_value(&doc, "missing", "dflt"), "dflt");
}
END_TEST

START_TEST(first_child_wins_like_xend)
{
    ck_assert_int_eq(parse("(k one)(k two)"), 0);
    ck_assert_str_eq(sxp_child_value(&doc, "k", NULL), "one");
}
END_TEST

START_TEST(format_round_trips)
{
    ck_assert_int_eq(parse("(a b 'c d' '' (e) ('x\\'y\\\\z' \"\\t\" #c\n f))"),
                     0);
    char *text = sxp_format(&doc, true);
    ck_assert_str_eq(text, "(a b 'c d' '' (e) ('x\\'y\\\\z' '\\x09' f))\n");
    struct sxp again;
    ck_assert_int_eq(sxp_parse(text, strlen(text), "y", &again, &d), 0);
    char *text2 = sxp_format(&again, true);
    ck_assert_str_eq(text, text2);
    free(text);
    free(text2);
    sxp_free(&again);
}
END_TEST

static const char *const bad[][2] = {
    { "(a\n(b c)\n", "x.sxp:1: '(' opened here is never closed" },
    { "(a b))\n", "x.sxp:1: ')' without a matching '('" },
    { "\n(xend-relocation-address \")\n(x ')\n",
      "x.sxp:2: unterminated string (a \" without its closing \")" },
    { "(a 'b\n')", "x.sxp:1: unterminated string (a ' without" },
};

START_TEST(syntax_errors)
{
    ck_assert_int_eq(parse(bad[_i][0]), -1);
    ck_assert_uint_eq(cfg_diags_count(&d, CFG_ERROR), 1);
    ck_assert_diag(&d, CFG_ERROR, bad[_i][1]);
}
END_TEST

START_TEST(depth_is_bounded)
{
    char text[300];
    memset(text, '(', 200);
    text[200] = '\0';
    ck_assert_int_eq(parse(text), -1);
    ck_assert_diag(&d, CFG_ERROR, "lists nested too deeply");
}
END_TEST

Suite *sxp_suite(void)
{
    Suite *s = suite_create("sxp");
    TCase *tc = tcase_create("sxp");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, atoms_lists_quotes_comments);
    tcase_add_test(tc, first_child_wins_like_xend);
    tcase_add_test(tc, format_round_trips);
    tcase_add_loop_test(tc, syntax_errors, 0, sizeof(bad) / sizeof(*bad));
    tcase_add_test(tc, depth_is_bounded);
    suite_add_tcase(s, tc);
    return s;
}

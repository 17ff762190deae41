/* The Python subset of xm config files. */
#include "pyconf.h"
#include "test_util.h"

static struct py_file f;
static struct cfg_diags d;

static void setup(void)
{
    memset(&f, 0, sizeof(f));
    memset(&d, 0, sizeof(d));
}

static void teardown(void)
{
    pyconf_free(&f);
    cfg_diags_free(&d);
}

static int parse(const char *text)
{
    return pyconf_parse(text, strlen(text), "t.cfg", &f, &d);
}

START_TEST(strings_in_every_quote_style)
{
    ck_assert_int_eq(parse("a = 'one'\nb = \"two\"\nc = '''th\nree'''\n"
                           "d = \"\"\"fo'ur\"\"\"\ne = r'\\n'\nf = 'x\\ty'\n"
                           "g = 'ab' \"cd\"\nh = u'uni'\n"), 0);
    ck_assert_uint_eq(f.n, 8);
    ck_assert_str_eq(f.v[0].value.str, "one");
    ck_assert_str_eq(f.v[1].value.str, "two");
    ck_assert_str_eq(f.v[2].value.str, "th\nree");
    ck_assert_str_eq(f.v[3].value.str, "fo'ur");
    ck_assert_str_eq(f.v[4].value.str, "\\n");
    ck_assert_str_eq(f.v[5].value.str, "x\ty");
    ck_assert_str_eq(f.v[6].value.str, "abcd");
    ck_assert_str_eq(f.v[7].value.str, "uni");
    ck_assert_uint_eq(f.v[3].line, 5);   /* lines count inside ''' */
}
END_TEST

START_TEST(numbers_and_constants)
{
    ck_assert_int_eq(parse("a = 512\nb = -1\nc = 0x10\nd = True\ne = False\n"
                           "f = None\ng = 0\n"), 0);
    ck_assert_int_eq(f.v[0].value.num, 512);
    ck_assert_int_eq(f.v[1].value.num, -1);
    ck_assert_int_eq(f.v[2].value.num, 16);
    ck_assert_int_eq(f.v[3].value.num, 1);
    ck_assert_int_eq(f.v[4].value.num, 0);
    ck_assert_int_eq(f.v[5].value.kind, PY_NONE);
    ck_assert_int_eq(f.v[6].value.kind, PY_INT);
}
END_TEST

START_TEST(lists_span_lines_with_comments_and_trailing_commas)
{
    ck_assert_int_eq(parse("disk = [\n  'a', # first\n\n  'b',\n]\n"
                           "x = [ [1, 2], [] ]\nvif = ['']\n"), 0);
    ck_assert_uint_eq(f.n, 3);
    ck_assert_int_eq(f.v[0].value.kind, PY_LIST);
    ck_assert_uint_eq(f.v[0].value.n, 2);
    ck_assert_str_eq(f.v[0].value.items[1].str, "b");
    ck_assert_uint_eq(f.v[0].value.items[1].line, 4);
    ck_assert_uint_eq(f.v[1].line, 6);
    ck_assert_uint_eq(f.v[1].value.items[0].n, 2);
    ck_assert_uint_eq(f.v[1].value.items[1].n, 0);
    ck_assert_str_eq(f.v[2].value.items[0].str, "");
}
END_TEST

START_TEST(continuation_comments_blank_lines_crlf)
{
    ck_assert_int_eq(parse("# c\n\n   \nname = \\\n  'x'  # tail\r\n"
                           "memory=64\r\n"), 0);
    ck_assert_uint_eq(f.n, 2);
    ck_assert_str_eq(f.v[0].name, "name");
    ck_assert_str_eq(f.v[0].value.str, "x");
    ck_assert_uint_eq(f.v[1].line, 6);
}
END_TEST

/* Each syntax error names the line, the key and what was expected. */
struct bad {
    const char *text;
    const char *message;
};

static const struct bad bad_inputs[] = {
    { "a = 1\non reboot = 'restart'\n",
      "t.cfg:2: key 'on': expected '=' after the name, got 'reboot'" },
    { "x = 1\nvif = [\"]\n",
      "t.cfg:2: key 'vif': unterminated string (opened with \" on this line)" },
    { "using 'xm create'.\n",
      "t.cfg:1: key 'using': expected '=' after the name, got string "
      "'xm create'" },
    { "on_crash\n   = 'restart'\n",
      "t.cfg:1: key 'on_crash': expected '=' after the name, got end of line" },
    { "disk = [\n 'a',\n# c\nname = 'd'\n",
      "t.cfg:4: key 'disk': expected a value (a quoted string, an integer, a "
      "list, True, False or None), got 'name' (is a ']' missing above?)" },
    { "\\#usb=1\n", "t.cfg:1: expected a statement 'name = value', got '\\'" },
    { "a = 1\n  b = 2\n", "t.cfg:2: unexpected indentation" },
    { "memory = 1.5\n", "t.cfg:1: key 'memory': floating-point numbers" },
    { "memory = 512M\n", "t.cfg:1: key 'memory': malformed number" },
    { "a = 010\n", "t.cfg:1: key 'a': integer with a leading zero" },
    { "a = 99999999999999999999\n", "t.cfg:1: key 'a': integer too large" },
    { "a = 'x' + 'y'\n", "t.cfg:1: key 'a': expected end of line after the "
      "value, got '+'" },
    { "a = [1 2]\n", "t.cfg:1: key 'a': expected ',' or ']' in the list, "
      "got 2" },
    { "a = [1,\n", "t.cfg:2: key 'a': expected a value" },
    { "a = '''open\n\n", "t.cfg:1: key 'a': unterminated string (opened with "
      "''' on this line)" },
    { "a = [[[[[[[[[[1]]]]]]]]]]\n", "key 'a': expected at most 8 nested" },
    { "a = 'x\\x00'\n", "bad \\x escape" },
    { "a = b\n", "key 'a': expected a value (a quoted string, an integer, a "
      "list, True, False or None), got 'b'" },
    { "a = -'x'\n", "key 'a': expected an integer after '-'" },
    { "= 5\n", "t.cfg:1: expected a statement 'name = value', got '='" },
    { "a = 1; b = 2\n", "expected end of line after the value, got ';'" },
    /* Python 2.7: "cannot assign to None" (keywords: test_python2.c) */
    { "None = 1\n", "t.cfg:1: 'None' is a Python keyword" },
};

START_TEST(syntax_errors_name_line_key_and_expectation)
{
    const struct bad *b = &bad_inputs[_i];
    ck_assert_int_eq(parse(b->text), -1);
    ck_assert_uint_eq(cfg_diags_count(&d, CFG_ERROR), 1);
    ck_assert_diag(&d, CFG_ERROR, b->message);
}
END_TEST

START_TEST(nul_bytes_are_errors)
{
    static const char text[] = "a = 'x\0y'\n";
    ck_assert_int_eq(pyconf_parse(text, sizeof(text) - 1, "t.cfg", &f, &d),
                     -1);
    ck_assert_diag(&d, CFG_ERROR, "t.cfg:1: key 'a': NUL byte in string");
}
END_TEST

Suite *pyconf_suite(void)
{
    Suite *s = suite_create("pyconf");
    TCase *tc = tcase_create("parse");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, strings_in_every_quote_style);
    tcase_add_test(tc, numbers_and_constants);
    tcase_add_test(tc, lists_span_lines_with_comments_and_trailing_commas);
    tcase_add_test(tc, continuation_comments_blank_lines_crlf);
    tcase_add_loop_test(tc, syntax_errors_name_line_key_and_expectation, 0,
                        sizeof(bad_inputs) / sizeof(*bad_inputs));
    tcase_add_test(tc, nul_bytes_are_errors);
    suite_add_tcase(s, tc);
    return s;
}

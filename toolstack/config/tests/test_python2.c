/* What Python 2.7 (xm 4.1's execfile) makes of config syntax: each test
 * cites the Language Reference rule it follows (chapter 2, "Lexical
 * analysis"). */
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

/* Parses "a = <literal>\n" and returns the one error's text, or NULL. */
static const char *error_of(const char *text)
{
    pyconf_free(&f);
    cfg_diags_free(&d);
    memset(&d, 0, sizeof(d));
    if (parse(text) == 0)
        return NULL;
    ck_assert_uint_eq(cfg_diags_count(&d, CFG_ERROR), 1);
    return d.v[0].text;
}

/* 2.4.4 "Integer and long integer literals": an l/L suffix makes a long,
 * of the same value; 0o/0b prefixes exist since 2.6. */
START_TEST(long_suffix_gives_the_number)
{
    ck_assert_int_eq(parse("memory = 512L\nm = 512l\nh = 0x200L\nz = 0L\n"
                           "n = -5L\no = 0o17\nb = 0B101l\n"), 0);
    ck_assert_uint_eq(f.n, 7);
    ck_assert_int_eq(f.v[0].value.kind, PY_INT);
    ck_assert_int_eq(f.v[0].value.num, 512);
    ck_assert_int_eq(f.v[1].value.num, 512);
    ck_assert_int_eq(f.v[2].value.num, 512);
    ck_assert_int_eq(f.v[3].value.num, 0);
    ck_assert_int_eq(f.v[4].value.num, -5);
    ck_assert_int_eq(f.v[5].value.num, 15);
    ck_assert_int_eq(f.v[6].value.num, 5);
    ck_assert_str_eq(error_of("a = 5LL\n"), "t.cfg:1: key 'a': malformed "
                     "number");
    ck_assert_str_eq(error_of("a = 0b2\n"), "t.cfg:1: key 'a': malformed "
                     "number");
    ck_assert_str_eq(error_of("a = 0x\n"), "t.cfg:1: key 'a': malformed "
                     "number");
    ck_assert_ptr_nonnull(strstr(error_of("a = 010L\n"), "leading zero"));
}
END_TEST

/* 2.1.4 "Encoding declarations": a UTF-8 byte-order mark starts the file;
 * anywhere else it is not Python. */
START_TEST(byte_order_mark_only_at_the_start)
{
    ck_assert_int_eq(parse("\xef\xbb\xbfmemory = 64\n"), 0);
    ck_assert_uint_eq(f.n, 1);
    ck_assert_str_eq(f.v[0].name, "memory");
    ck_assert_uint_eq(f.v[0].line, 1);
    ck_assert_str_eq(error_of("a = 1\n\xef\xbb\xbf" "b = 2\n"), "t.cfg:2: a "
                     "UTF-8 byte-order mark is only allowed at the start of "
                     "the file");
    ck_assert_ptr_nonnull(error_of("\xef\xbb\xbf\xef\xbb\xbf" "b = 2\n"));
}
END_TEST

/* 2.1.2/2.1.5: a line ends with CR LF, LF or CR (xm read with universal
 * newlines), so '\' continues CRLF lines and strings hold "\n". */
START_TEST(crlf_and_cr_line_ends_are_newlines)
{
    ck_assert_int_eq(parse("extra = 'a' \\\r\n  'b'\r\n"
                           "name = 'x\\\r\ny'\r\n"
                           "t = '''1\r\n2'''\r\n"
                           "r = r'p\\\r\nq'\r"
                           "m = 1\r"), 0);
    ck_assert_uint_eq(f.n, 5);
    ck_assert_str_eq(f.v[0].value.str, "ab");
    ck_assert_str_eq(f.v[1].value.str, "xy");
    ck_assert_uint_eq(f.v[1].line, 3);
    ck_assert_str_eq(f.v[2].value.str, "1\n2");
    ck_assert_str_eq(f.v[3].value.str, "p\\\nq");
    ck_assert_uint_eq(f.v[4].line, 9);
    ck_assert_uint_eq(pyconf_count_lines("a\r\nb\rc\n", 7), 3);
    ck_assert_uint_eq(pyconf_count_lines("a\rb", 3), 2);
}
END_TEST

/* 2.4.1: \ooo is up to three octal digits; a byte string keeps the low
 * byte (Python 2: '\777' == '\xff'). NUL cannot be held: refused. */
START_TEST(octal_escapes)
{
    ck_assert_int_eq(parse("a = \"\\101\\1010\\7\\18\"\nb = '\\777'\n"), 0);
    ck_assert_str_eq(f.v[0].value.str, "AA0\a\0018");
    ck_assert_str_eq(f.v[1].value.str, "\xff");
    ck_assert_str_eq(error_of("a = 'x\\0'\n"), "t.cfg:1: key 'a': bad octal "
                     "escape (a NUL byte: strings here cannot hold one)");
    ck_assert_ptr_nonnull(strstr(error_of("a = '\\400'\n"), "NUL byte"));
}
END_TEST

/* 2.4.1's escape table for byte strings; unknown escapes (\q, and \N, \u,
 * \U outside u'' strings) keep their backslash. */
START_TEST(escapes_as_python27_byte_strings)
{
    ck_assert_int_eq(parse("a = '\\x41\\a\\b\\f\\v\\n\\r\\t\\\\\\'\\\"'\n"
                           "b = '\\q\\N{x}\\u0041\\U00000041\\8'\n"), 0);
    ck_assert_str_eq(f.v[0].value.str, "A\a\b\f\v\n\r\t\\'\"");
    ck_assert_str_eq(f.v[1].value.str, "\\q\\N{x}\\u0041\\U00000041\\8");
    ck_assert_str_eq(error_of("a = '\\x4'\n"), "t.cfg:1: key 'a': bad \\x "
                     "escape (needs 2 hex digits)");
    ck_assert_ptr_nonnull(strstr(error_of("a = '\\x00'\n"), "NUL byte"));
}
END_TEST

/* u'' strings (2.4.1): \x, \ooo, \uXXXX, \UXXXXXXXX are code points,
 * stored here as UTF-8. */
START_TEST(unicode_string_escapes)
{
    ck_assert_int_eq(parse("a = u'\\u00e9\\x41\\101\\U0001F600\\777\\q'\n"
                           "b = U\"\\xe9\"\n"), 0);
    ck_assert_str_eq(f.v[0].value.str, "\xc3\xa9" "AA\xf0\x9f\x98\x80\xc7\xbf"
                     "\\q");
    ck_assert_str_eq(f.v[1].value.str, "\xc3\xa9");
    ck_assert_ptr_nonnull(strstr(error_of("a = u'\\u12'\n"), "bad \\u escape "
                                 "(needs 4 hex digits)"));
    ck_assert_ptr_nonnull(strstr(error_of("a = u'\\ud800'\n"), "surrogate"));
    ck_assert_ptr_nonnull(strstr(error_of("a = u'\\U00110000'\n"),
                                 "U+10FFFF"));
    ck_assert_ptr_nonnull(strstr(error_of("a = u'\\N{DASH}'\n"),
                                 "\\N{name} escapes"));
    ck_assert_ptr_nonnull(strstr(error_of("a = u'\\0'\n"), "NUL byte"));
}
END_TEST

/* 2.4.1: prefixes r, u, ur, b, br in any case (not "ru"); in a raw string
 * a backslash and the character after it both stay (r"\"" is two
 * characters, r'\' is unterminated); ur'' still decodes \u. */
START_TEST(raw_and_prefixed_strings)
{
    ck_assert_int_eq(parse("a = r'\\''\nb = R\"\\\"\"\nc = r'\\\\'\n"
                           "d = r'x\\\ny'\ne = ur'\\u0041\\n\\\\u0041'\n"
                           "f = b'x' Br'\\n' uR'z'\n"), 0);
    ck_assert_uint_eq(f.n, 6);
    ck_assert_str_eq(f.v[0].value.str, "\\'");
    ck_assert_str_eq(f.v[1].value.str, "\\\"");
    ck_assert_str_eq(f.v[2].value.str, "\\\\");
    ck_assert_str_eq(f.v[3].value.str, "x\\\ny");
    ck_assert_str_eq(f.v[4].value.str, "A\\n\\\\u0041");
    ck_assert_str_eq(f.v[5].value.str, "x\\nz");
    ck_assert_uint_eq(f.v[5].line, 7);
    ck_assert_ptr_nonnull(strstr(error_of("a = r'\\'\n"), "unterminated"));
    ck_assert_str_eq(error_of("a = ru'x'\n"), "t.cfg:1: key 'a': expected a "
                     "value (a quoted string, an integer, a list, True, "
                     "False or None), got 'ru'");
}
END_TEST

/* 2.3.1: Python 2.7's keywords, print and exec included, are not names;
 * Python refuses "kw = 1" with a SyntaxError. */
START_TEST(keywords_are_not_names)
{
    static const char *const kw[] = {
        "and", "as", "assert", "break", "class", "continue", "def", "del",
        "elif", "else", "except", "exec", "finally", "for", "from", "global",
        "if", "import", "in", "is", "lambda", "not", "or", "pass", "print",
        "raise", "return", "try", "while", "with", "yield",
    };
    for (size_t i = 0; i < sizeof(kw) / sizeof(*kw); i++) {
        char text[64], want[128];
        snprintf(text, sizeof(text), "a = 1\n%s = 1\n", kw[i]);
        snprintf(want, sizeof(want), "t.cfg:2: '%s' is a Python keyword, not "
                 "a name (Python refuses '%s = ...' as a syntax error)",
                 kw[i], kw[i]);
        ck_assert_str_eq(error_of(text), want);
    }
    ck_assert_str_eq(error_of("import os\n"), "t.cfg:1: a Python 'import' "
                     "statement is not supported here (only 'name = value' "
                     "lines)");
    ck_assert_ptr_nonnull(strstr(error_of("print 'x'\n"), "'print' "
                                 "statement"));
    ck_assert_str_eq(error_of("True = 0\n"), "t.cfg:1: 'True' is a constant "
                     "here and cannot be assigned");
    /* Names that merely contain a keyword are names. */
    ck_assert_ptr_null(error_of("iff = 1\nprint_ = 2\nclass_ = 3\n"));
}
END_TEST

/* What KEYS.md lists as refused by design (Python would take it): each is
 * one clear error naming file:line and the key. */
static const struct { const char *text, *message; } refused[] = {
    { "a = 2 * 64\n", "t.cfg:1: key 'a': expected end of line after the "
      "value, got '*'" },
    { "a = (1, 2)\n", "t.cfg:1: key 'a': expected a value (a quoted string, "
      "an integer, a list, True, False or None), got '('" },
    { "a = {}\n", "t.cfg:1: key 'a': expected a value (a quoted string, an "
      "integer, a list, True, False or None), got '{'" },
    { "a = f(1)\n", "t.cfg:1: key 'a': expected a value (a quoted string, "
      "an integer, a list, True, False or None), got 'f'" },
    { "a = b = 1\n", "t.cfg:1: key 'a': expected a value (a quoted string, "
      "an integer, a list, True, False or None), got 'b'" },
    { "a = 1\na += 1\n", "t.cfg:2: key 'a': expected '=' after the name, "
      "got '+'" },
    { "if a:\n  b = 1\n", "t.cfg:1: a Python 'if' statement is not "
      "supported here (only 'name = value' lines)" },
    { "def f():\n", "t.cfg:1: a Python 'def' statement is not supported "
      "here (only 'name = value' lines)" },
    { "a = 1e3\n", "t.cfg:1: key 'a': floating-point numbers are not "
      "supported" },
    { "a = 1; b = 2\n", "t.cfg:1: key 'a': expected end of line after the "
      "value, got ';'" },
    { "a = [1, 2][0]\n", "t.cfg:1: key 'a': expected end of line after the "
      "value, got '['" },
};

START_TEST(refused_by_design_with_a_clear_message)
{
    ck_assert_str_eq(error_of(refused[_i].text) ? d.v[0].text : "(parsed)",
                     refused[_i].message);
}
END_TEST

Suite *python2_suite(void)
{
    Suite *s = suite_create("python2");
    TCase *tc = tcase_create("lexical");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, long_suffix_gives_the_number);
    tcase_add_test(tc, byte_order_mark_only_at_the_start);
    tcase_add_test(tc, crlf_and_cr_line_ends_are_newlines);
    tcase_add_test(tc, octal_escapes);
    tcase_add_test(tc, escapes_as_python27_byte_strings);
    tcase_add_test(tc, unicode_string_escapes);
    tcase_add_test(tc, raw_and_prefixed_strings);
    tcase_add_test(tc, keywords_are_not_names);
    tcase_add_loop_test(tc, refused_by_design_with_a_clear_message, 0,
                        sizeof(refused) / sizeof(*refused));
    suite_add_tcase(s, tc);
    return s;
}

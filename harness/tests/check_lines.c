/* The lexical layer and C escapes. */
#include "check_main.h"
#include "cescape.h"
#include "lines.h"

#include <stdlib.h>
#include <string.h>

START_TEST(split_joins_continuations_and_drops_comments)
{
    struct lines ls;
    lines_split("# comment\n\nboot h1\nappend a \\\n  b\r\n   # indented comment\nlast", &ls);
    ck_assert_int_eq(ls.n, 3);
    ck_assert_str_eq(ls.l[0].text, "boot h1");
    ck_assert_int_eq(ls.l[0].lineno, 3);
    ck_assert_str_eq(ls.l[1].text, "append a   b");
    ck_assert_int_eq(ls.l[1].lineno, 4);
    ck_assert_str_eq(ls.l[2].text, "last");
    ck_assert_int_eq(ls.l[2].lineno, 7);
    lines_free(&ls);
}
END_TEST

START_TEST(words_stop_at_comment)
{
    struct cursor c = { "  expect h1  # not a word" };
    char *w = cur_word(&c);
    ck_assert_str_eq(w, "expect");
    free(w);
    w = cur_word(&c);
    ck_assert_str_eq(w, "h1");
    free(w);
    ck_assert_ptr_null(cur_word(&c));
    ck_assert(cur_at_end(&c));
}
END_TEST

START_TEST(regex_delimiters)
{
    const char *err = NULL;
    int icase = -1;
    struct cursor c = { " /a\\/b\\.c # x/i rest" };
    char *r = cur_regex(&c, &icase, &err);
    ck_assert_str_eq(r, "a/b\\.c # x");
    ck_assert_int_eq(icase, 1);
    free(r);
    r = cur_word(&c);
    ck_assert_str_eq(r, "rest");
    free(r);

    struct cursor c2 = { "/abc" };
    ck_assert_ptr_null(cur_regex(&c2, &icase, &err));
    ck_assert_ptr_nonnull(strstr(err, "unterminated"));

    struct cursor c3 = { "abc/" };
    ck_assert_ptr_null(cur_regex(&c3, &icase, &err));
    ck_assert_ptr_nonnull(strstr(err, "expected a /regex/"));

    struct cursor c4 = { "/abc/x" };
    ck_assert_ptr_null(cur_regex(&c4, &icase, &err));
    ck_assert_ptr_nonnull(strstr(err, "only the flag i"));

    struct cursor c5 = { "/x/ " };
    r = cur_regex(&c5, &icase, &err);
    ck_assert_str_eq(r, "x");
    ck_assert_int_eq(icase, 0);
    free(r);
}
END_TEST

START_TEST(quoted_keeps_escapes)
{
    const char *err = NULL;
    struct cursor c = { " \"a\\\"b # c\\n\" # comment" };
    char *q = cur_quoted(&c, &err);
    ck_assert_str_eq(q, "a\\\"b # c\\n");
    free(q);
    ck_assert(cur_at_end(&c));
    struct cursor c2 = { "\"open" };
    ck_assert_ptr_null(cur_quoted(&c2, &err));
    struct cursor c3 = { "bare" };
    ck_assert_ptr_null(cur_quoted(&c3, &err));
}
END_TEST

START_TEST(rest_respects_quotes)
{
    struct cursor c = { "  grep '#' f | cut -d# -f1 \"x # y\"   # trailing  " };
    char *r = cur_rest(&c);
    ck_assert_str_eq(r, "grep '#' f | cut -d# -f1 \"x # y\"");
    free(r);
    struct cursor c2 = { "echo a\\ #b" };
    r = cur_rest(&c2);
    ck_assert_str_eq(r, "echo a\\ #b");
    free(r);
}
END_TEST

START_TEST(cescapes)
{
    char *out;
    size_t n;
    ck_assert_ptr_null(cescape_decode("a\\n\\r\\t\\\\\\\"\\x1d\\x41z", &out, &n));
    ck_assert_uint_eq(n, 9);
    ck_assert(memcmp(out, "a\n\r\t\\\"\x1d" "Az", 9) == 0);
    free(out);
    ck_assert_ptr_null(cescape_decode("", &out, &n));
    ck_assert_uint_eq(n, 0);
    free(out);
    ck_assert_ptr_nonnull(cescape_decode("\\x4", &out, &n));
    ck_assert_ptr_nonnull(cescape_decode("\\q", &out, &n));
    ck_assert_ptr_nonnull(cescape_decode("end\\", &out, &n));
}
END_TEST

Suite *lines_suite(void)
{
    Suite *s = suite_create("lines");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, split_joins_continuations_and_drops_comments);
    tcase_add_test(tc, words_stop_at_comment);
    tcase_add_test(tc, regex_delimiters);
    tcase_add_test(tc, quoted_keeps_escapes);
    tcase_add_test(tc, rest_respects_quotes);
    tcase_add_test(tc, cescapes);
    suite_add_tcase(s, tc);
    return s;
}

/* The console matcher: escape stripping, cursor, chunk boundaries. */
#include "check_main.h"
#include "matcher.h"
#include "pattern.h"

#include <stdlib.h>
#include <string.h>

static char *filtered(const char *in)
{
    struct esc_filter f = { 0 };
    struct strbuf sb;
    sb_init(&sb);
    esc_filter_feed(&f, in, strlen(in), &sb);
    return sb_steal(&sb);
}

START_TEST(strips_escapes_and_cr)
{
    char *s = filtered("a\r\n\x1b[1;32mgreen\x1b[0m \x1b]0;title\x07x\x1b(By\x1b" "cz\x1b]2;t\x1b\\!\x07\x01\tend");
    ck_assert_str_eq(s, "a\ngreen xyz!\tend");
    free(s);
}
END_TEST

START_TEST(escape_split_across_chunks)
{
    struct matcher m;
    struct pattern p;
    char err[200];
    matcher_init(&m);
    ck_assert_int_eq(pattern_compile(&p, "^# $", 0, err, sizeof err), 0);
    matcher_feed(&m, "boot\r\n\x1b[", 8);
    matcher_feed(&m, "1m#", 3);
    matcher_begin(&m);
    ck_assert(!matcher_search(&m, &p.re, NULL, NULL));
    matcher_feed(&m, "\x1b[0m ", 5);
    ck_assert_str_eq(m.text.buf, "boot\n# ");
    ck_assert(matcher_search(&m, &p.re, NULL, NULL));
    pattern_free(&p);
    matcher_free(&m);
}
END_TEST

START_TEST(cursor_moves_past_each_match)
{
    struct matcher m;
    struct pattern p, q;
    char err[200];
    size_t a, b;
    matcher_init(&m);
    pattern_compile(&p, "ready [0-9]", 0, err, sizeof err);
    pattern_compile(&q, "^line$", 0, err, sizeof err);
    matcher_feed(&m, "ready 1\nready 2\n", 16);
    matcher_begin(&m);
    ck_assert(matcher_search(&m, &p.re, &a, &b));
    ck_assert_uint_eq(a, 0);
    ck_assert_uint_eq(b, 7);
    matcher_begin(&m);
    ck_assert(matcher_search(&m, &p.re, &a, &b));
    ck_assert_uint_eq(a, 8);
    matcher_begin(&m);
    ck_assert(!matcher_search(&m, &p.re, NULL, NULL));
    /* A match split across two reads is found once the line completes. */
    matcher_feed(&m, "rea", 3);
    ck_assert(!matcher_search(&m, &p.re, NULL, NULL));
    matcher_feed(&m, "dy 3", 4);
    ck_assert(matcher_search(&m, &p.re, &a, NULL));
    ck_assert_uint_eq(a, 16);
    /* ^ does not match in the middle of a line after the cursor. */
    matcher_feed(&m, "line\nline\n", 10);
    matcher_begin(&m);
    ck_assert(matcher_search(&m, &q.re, &a, NULL));
    ck_assert_uint_eq(a, 28);
    pattern_free(&p);
    pattern_free(&q);
    matcher_free(&m);
}
END_TEST

START_TEST(case_insensitive)
{
    struct matcher m;
    struct pattern p;
    char err[200];
    matcher_init(&m);
    pattern_compile(&p, "login:", 1, err, sizeof err);
    matcher_feed(&m, "LOGIN: ", 7);
    matcher_begin(&m);
    ck_assert(matcher_search(&m, &p.re, NULL, NULL));
    pattern_free(&p);
    matcher_free(&m);
}
END_TEST

START_TEST(tail_lines)
{
    char *t = text_tail("1\n2\n3\n4\n", 8, 2);
    ck_assert_str_eq(t, "3\n4\n");
    free(t);
    t = text_tail("1\n2\n3", 5, 2);
    ck_assert_str_eq(t, "2\n3");
    free(t);
    t = text_tail("only", 4, 30);
    ck_assert_str_eq(t, "only");
    free(t);
    t = text_tail("", 0, 3);
    ck_assert_str_eq(t, "");
    free(t);
}
END_TEST

START_TEST(rewind_to_unfinished_line)
{
    struct matcher m;
    struct pattern p;
    char err[200];
    matcher_init(&m);
    ck_assert_int_eq(pattern_compile(&p, "^root@dom0\\$ $", 0, err, sizeof err), 0);
    matcher_feed(&m, "old\nroot@dom0$ ", 15);
    matcher_begin(&m);
    ck_assert(matcher_search(&m, &p.re, NULL, NULL));
    /* The prompt was consumed: only a rewind finds it again. */
    matcher_begin(&m);
    ck_assert(!matcher_search(&m, &p.re, NULL, NULL));
    matcher_rewind_line(&m);
    ck_assert(matcher_search(&m, &p.re, NULL, NULL));
    /* Once a complete line follows the cursor, an old prompt stays behind it. */
    matcher_feed(&m, "ls\nfile\n", 8);
    size_t before = m.cursor;
    matcher_rewind_line(&m);
    ck_assert_uint_eq(m.cursor, before);
    matcher_begin(&m);
    ck_assert(!matcher_search(&m, &p.re, NULL, NULL));
    pattern_free(&p);
    matcher_free(&m);
}
END_TEST

Suite *matcher_suite(void)
{
    Suite *s = suite_create("matcher");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, strips_escapes_and_cr);
    tcase_add_test(tc, escape_split_across_chunks);
    tcase_add_test(tc, cursor_moves_past_each_match);
    tcase_add_test(tc, case_insensitive);
    tcase_add_test(tc, tail_lines);
    tcase_add_test(tc, rewind_to_unfinished_line);
    suite_add_tcase(s, tc);
    return s;
}

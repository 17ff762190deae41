/* run steps: the typed line and finding output and status. */
#include "check_main.h"
#include "runmarker.h"

#include <stdlib.h>
#include <string.h>

START_TEST(typed_line)
{
    char *c = runmarker_command("ls /", "ab12");
    ck_assert_str_eq(c, "ls /; printf '\\n@@LR%s:%d@@\\n' ab12 $?\n");
    free(c);
    c = runmarker_command("sleep 9 & ", "n");
    ck_assert_str_eq(c, "sleep 9 & printf '\\n@@LR%s:%d@@\\n' n $?\n");
    free(c);
    c = runmarker_command("true;", "n");
    ck_assert_str_eq(c, "true; printf '\\n@@LR%s:%d@@\\n' n $?\n");
    free(c);
}
END_TEST

static int find(const char *text, struct run_result *r)
{
    return runmarker_find(text, strlen(text), "ab12", r);
}

static char *out(const char *text, const struct run_result *r)
{
    return strndup(text + r->out_start, r->out_end - r->out_start);
}

START_TEST(finds_output_and_status)
{
    struct run_result r;
    const char *t = "# ls /; printf '\\n@@LR%s:%d@@\\n' ab12 $?\nbin\netc\n\n@@LRab12:0@@\n# ";
    ck_assert(find(t, &r));
    ck_assert_int_eq(r.status, 0);
    char *o = out(t, &r);
    ck_assert_str_eq(o, "bin\netc\n");
    free(o);
    ck_assert_str_eq(t + r.end, "# ");
}
END_TEST

START_TEST(no_trailing_newline_and_status)
{
    struct run_result r;
    const char *t = "$ printf x; printf '\\n@@LR%s:%d@@\\n' ab12 $?\nx\n@@LRab12:17@@\n";
    ck_assert(find(t, &r));
    ck_assert_int_eq(r.status, 17);
    char *o = out(t, &r);
    ck_assert_str_eq(o, "x");
    free(o);
    ck_assert_uint_eq(r.end, strlen(t));
}
END_TEST

START_TEST(echo_wrapped_inside_the_nonce)
{
    struct run_result r;
    const char *t = "# a-long-command; printf '\\n@@LR%s:%d@@\\n' ab\n12 $?\nresult\n\n@@LRab12:0@@\n";
    ck_assert(find(t, &r));
    char *o = out(t, &r);
    ck_assert_str_eq(o, "result\n");
    free(o);
    t = "# cmd; printf '\\n@@LR%s:%d@@\\n' ab12 $\n?\nok\n@@LRab12:0@@\n";
    ck_assert(find(t, &r));
    o = out(t, &r);
    ck_assert_str_eq(o, "ok");
    free(o);
}
END_TEST

START_TEST(echo_redrawn_sideways)
{
    /* readline scrolling a long line sideways: blanks and '<' inside the
     * nonce and before "$?", a part of the line shown twice; none of the
     * echo is the command's output. */
    struct run_result r;
    const char *t = "# for i in 1; do losetup -a | grep -q /x/ || br<ep -q /x/ || break; "
                    "done; printf '\\n@@LR%s:%d@@\\n' ab12              $?\nout\n@@LRab12:0@@\n";
    ck_assert(find(t, &r));
    char *o = out(t, &r);
    ck_assert_str_eq(o, "out");
    free(o);
    t = "# cmd; printf '\\n@@LR%s:%d@@\\n' a<ab    12 $?\nok\n@@LRab12:0@@\n";
    ck_assert(find(t, &r));
    o = out(t, &r);
    ck_assert_str_eq(o, "ok");
    free(o);
}
END_TEST

START_TEST(incomplete_or_echo_only)
{
    struct run_result r;
    ck_assert(!find("# cmd; printf '\\n@@LR%s:%d@@\\n' ab12 $?\n", &r));
    ck_assert(!find("out\n@@LRab12:", &r));
    ck_assert(!find("out\n@@LRab12:3@", &r));
    ck_assert(!find("@@LRzz99:0@@", &r));
    /* No echo at all: the output starts at the beginning. */
    const char *t = "hello\n@@LRab12:1@@";
    ck_assert(find(t, &r));
    char *o = out(t, &r);
    ck_assert_str_eq(o, "hello");
    free(o);
    ck_assert_int_eq(r.status, 1);
}
END_TEST

Suite *runmarker_suite(void)
{
    Suite *s = suite_create("runmarker");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, typed_line);
    tcase_add_test(tc, finds_output_and_status);
    tcase_add_test(tc, no_trailing_newline_and_status);
    tcase_add_test(tc, echo_wrapped_inside_the_nonce);
    tcase_add_test(tc, echo_redrawn_sideways);
    tcase_add_test(tc, incomplete_or_echo_only);
    suite_add_tcase(s, tc);
    return s;
}

/* ${NAME} and ${NAME:-default} expansion and priorities. */
#include "check_main.h"
#include "vars.h"

#include <stdlib.h>
#include <string.h>

static char err[300];

START_TEST(expands_and_defaults)
{
    struct vars vs;
    vars_init(&vs);
    vars_set(&vs, "BUILD", "/b", VAR_BUILTIN);
    vars_set(&vs, "EMPTY", "", VAR_BUILTIN);
    char *r = vars_expand(&vs, "k=${BUILD}/x ${NOPE:-d} ${NOPE:-} ${EMPTY:-no} $ ok$", err, sizeof err);
    /* Only an undefined name takes the default (not an empty one). */
    ck_assert_str_eq(r, "k=/b/x d   $ ok$");
    free(r);
    r = vars_expand(&vs, "${HV:-${BUILD}/hv.elf}", err, sizeof err);
    ck_assert_str_eq(r, "/b/hv.elf");
    free(r);
    vars_free(&vs);
}
END_TEST

START_TEST(errors)
{
    struct vars vs;
    vars_init(&vs);
    ck_assert_ptr_null(vars_expand(&vs, "a ${UNDEF} b", err, sizeof err));
    ck_assert_ptr_nonnull(strstr(err, "undefined variable ${UNDEF}"));
    ck_assert_ptr_null(vars_expand(&vs, "${OPEN", err, sizeof err));
    ck_assert_ptr_nonnull(strstr(err, "unterminated"));
    ck_assert_ptr_null(vars_expand(&vs, "${1BAD}", err, sizeof err));
    ck_assert_ptr_nonnull(strstr(err, "bad variable name"));
    ck_assert_ptr_null(vars_expand(&vs, "${X:-${Y}}", err, sizeof err));
    ck_assert_ptr_nonnull(strstr(err, "${Y}"));
    vars_free(&vs);
}
END_TEST

START_TEST(priorities)
{
    struct vars vs;
    vars_init(&vs);
    vars_set(&vs, "A", "cmdline", VAR_CMDLINE);
    vars_set(&vs, "A", "scenario", VAR_SCENARIO);
    ck_assert_str_eq(vars_get(&vs, "A"), "cmdline");
    vars_set(&vs, "B", "builtin", VAR_BUILTIN);
    vars_set(&vs, "B", "scenario", VAR_SCENARIO);
    ck_assert_str_eq(vars_get(&vs, "B"), "scenario");
    ck_assert_ptr_null(vars_get(&vs, "C"));
    ck_assert(vars_name_ok("A_1", 3));
    ck_assert(!vars_name_ok("1A", 2));
    ck_assert(!vars_name_ok("A-B", 3));
    vars_free(&vs);
}
END_TEST

Suite *vars_suite(void)
{
    Suite *s = suite_create("vars");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, expands_and_defaults);
    tcase_add_test(tc, errors);
    tcase_add_test(tc, priorities);
    suite_add_tcase(s, tc);
    return s;
}

/* tools/gcov-extract: trace records back into .gcda bytes (its main() is
 * built here as gcov_extract_main). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "suites.h"

int gcov_extract_main(int argc, char **argv);

static char dir[] = "/tmp/gcov-extract-XXXXXX";

static int run_on(const char *log)
{
    char path[256];
    char *argv[] = { "gcov-extract", path, NULL };
    FILE *f;

    snprintf(path, sizeof(path), "%s/trace.log", dir);
    f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs(log, f);
    fclose(f);
    return gcov_extract_main(2, argv);
}

static void setup(void)
{
    strcpy(dir, "/tmp/gcov-extract-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(dir));
}

START_TEST(reassembles_words)
{
    char log[1024], out[256];
    uint32_t words[3];
    FILE *f;

    snprintf(out, sizeof(out), "%s/a.gcda", dir);
    snprintf(log, sizeof(log),
             "1 5 0 boot done uptime_ns=5\n"
             "2 6 0 gcov file obj=0 words=3 path=%s\n"
             "3 7 0 gcov data obj=0 off=0 hex=67636461b231322a\n"
             "4 8 0 gcov data obj=0 off=2 hex=0000000c\n"
             "5 9 0 gcov end objs=1\n", out);
    ck_assert_int_eq(run_on(log), 0);
    f = fopen(out, "rb");
    ck_assert_ptr_nonnull(f);
    ck_assert_uint_eq(fread(words, 4, 3, f), 3);
    ck_assert_int_eq(fgetc(f), EOF);
    fclose(f);
    ck_assert_uint_eq(words[0], 0x67636461);     /* "gcda" magic as gcc writes it */
    ck_assert_uint_eq(words[1], 0xb231322a);
    ck_assert_uint_eq(words[2], 12);
    unlink(out);
}
END_TEST

START_TEST(incomplete_runs_fail)
{
    char log[1024], out[256];

    snprintf(out, sizeof(out), "%s/b.gcda", dir);
    snprintf(log, sizeof(log), "1 0 0 gcov file obj=0 words=2 path=%s\n"
                               "2 0 0 gcov data obj=0 off=0 hex=00000001\n", out);
    ck_assert_int_eq(run_on(log), 1);           /* no end record */
    snprintf(log, sizeof(log), "1 0 0 gcov file obj=0 words=2 path=%s\n"
                               "2 0 0 gcov data obj=0 off=0 hex=00000001\n"
                               "3 0 0 gcov end objs=1\n", out);
    ck_assert_int_ne(run_on(log), 0);           /* 1 of 2 words */
    ck_assert_int_ne(access(out, F_OK), 0);     /* nothing half-written */
}
END_TEST

START_TEST(bad_records_fail)
{
    char log[1024], out[256];

    snprintf(out, sizeof(out), "%s/c.gcda", dir);
    snprintf(log, sizeof(log), "1 0 0 gcov file obj=0 words=1 path=%s\n"
                               "2 0 0 gcov data obj=0 off=0 hex=0000zz01\n"
                               "3 0 0 gcov end objs=1\n", out);
    ck_assert_int_ne(run_on(log), 0);
    snprintf(log, sizeof(log), "1 0 0 gcov file obj=0 words=1 path=%s\n"
                               "2 0 0 gcov data obj=0 off=5 hex=00000001\n"
                               "3 0 0 gcov end objs=1\n", out);
    ck_assert_int_ne(run_on(log), 0);           /* offset beyond the file */
}
END_TEST

static void teardown(void)
{
    char path[300];

    snprintf(path, sizeof(path), "%s/trace.log", dir);
    unlink(path);
    rmdir(dir);
}

Suite *gcov_extract_suite(void)
{
    Suite *s = suite_create("gcov_extract");
    TCase *tc = tcase_create("records");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, reassembles_words);
    tcase_add_test(tc, incomplete_runs_fail);
    tcase_add_test(tc, bad_records_fail);
    suite_add_tcase(s, tc);
    return s;
}

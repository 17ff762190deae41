/* tools/gcov-extract: trace records back into .gcda bytes (its main() is
 * built here as gcov_extract_main). */
#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "suites.h"

int gcov_extract_main(int argc, char **argv);

static char dir[] = "/tmp/gcov-extract-XXXXXX";

static void write_log(const char *name, const char *text)
{
    char path[256];
    FILE *f;

    snprintf(path, sizeof(path), "%s/%s", dir, name);
    f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
}

static int run_on(const char *log)
{
    char path[256];
    char *argv[] = { "gcov-extract", path, NULL };

    write_log("trace.log", log);
    snprintf(path, sizeof(path), "%s/trace.log", dir);
    return gcov_extract_main(2, argv);
}

/* gcov-extract on the logs 1.log ... n.log of the test directory. */
static int run_on_logs(int n)
{
    char paths[4][256], *argv[6] = { "gcov-extract" };

    for (int i = 0; i < n; i++) {
        snprintf(paths[i], sizeof(paths[i]), "%s/%d.log", dir, i + 1);
        argv[i + 1] = paths[i];
    }
    return gcov_extract_main(n + 1, argv);
}

/* One object's .gcda as common/gcov.c writes it (gcc 12): header, object
 * summary (runs 1, sum_max), one function, its two arc counters. */
#define GCDA_WORDS 19
static void gcda(uint32_t *w, uint32_t stamp, uint32_t sum_max, uint64_t arc0, uint64_t arc1)
{
    const uint32_t words[GCDA_WORDS] = {
        0x67636461, 0x4232322a, stamp, 0x95d85e39,
        0xa1000000, 8, 1, sum_max,
        0x01000000, 12, 108032747, 0x0f2fd761, 0x3369b2ad,
        0x01a10000, 16, (uint32_t)arc0, (uint32_t)(arc0 >> 32), (uint32_t)arc1, (uint32_t)(arc1 >> 32),
    };

    memcpy(w, words, sizeof(words));
}

/* Appends one dump (file, data, end records) of those words to 'log'. */
static void add_dump(char *log, size_t size, const char *path, const uint32_t *w)
{
    size_t n = strlen(log);

    n += (size_t)snprintf(log + n, size - n, "1 1 0 gcov file obj=0 words=%d path=%s\n"
                          "2 2 0 gcov data obj=0 off=0 hex=", GCDA_WORDS, path);
    for (int i = 0; i < GCDA_WORDS; i++)
        n += (size_t)snprintf(log + n, size - n, "%08x", w[i]);
    snprintf(log + n, size - n, "\n3 3 0 gcov end objs=1\n");
}

static void read_gcda(const char *path, uint32_t *w)
{
    FILE *f = fopen(path, "rb");

    ck_assert_ptr_nonnull(f);
    ck_assert_uint_eq(fread(w, 4, GCDA_WORDS, f), GCDA_WORDS);
    ck_assert_int_eq(fgetc(f), EOF);
    fclose(f);
    unlink(path);
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

/* Two hosts' logs with arc counts 1 and 2 give 3; the 64-bit counters
 * carry into their high word; runs and sum_max add up as libgcov's. */
START_TEST(merges_logs)
{
    char log[2048] = "", out[256];
    uint32_t w[GCDA_WORDS];

    snprintf(out, sizeof(out), "%s/m.gcda", dir);
    gcda(w, 7, 1, 1, 0xffffffffu);
    add_dump(log, sizeof(log), out, w);
    write_log("1.log", log);
    log[0] = '\0';
    gcda(w, 7, 3, 2, 1);
    add_dump(log, sizeof(log), out, w);
    write_log("2.log", log);
    ck_assert_int_eq(run_on_logs(2), 0);
    read_gcda(out, w);
    ck_assert_uint_eq(w[6], 2);                 /* runs */
    ck_assert_uint_eq(w[7], 4);                 /* sum_max */
    ck_assert_uint_eq(w[10], 108032747);        /* function record kept */
    ck_assert_uint_eq(w[15], 3);
    ck_assert_uint_eq(w[16], 0);
    ck_assert_uint_eq(w[17], 0);                /* 0xffffffff + 1 */
    ck_assert_uint_eq(w[18], 1);
}
END_TEST

/* A host that rebooted wrote one dump per boot into its log: all count. */
START_TEST(merges_dumps_of_one_log)
{
    char log[4096] = "", out[256];
    uint32_t w[GCDA_WORDS];

    snprintf(out, sizeof(out), "%s/r.gcda", dir);
    for (int boot = 1; boot <= 3; boot++) {
        gcda(w, 7, 0, (uint64_t)boot, 5);
        add_dump(log, sizeof(log), out, w);
    }
    write_log("1.log", log);
    ck_assert_int_eq(run_on_logs(1), 0);
    read_gcda(out, w);
    ck_assert_uint_eq(w[6], 3);
    ck_assert_uint_eq(w[15], 1 + 2 + 3);
    ck_assert_uint_eq(w[17], 15);
}
END_TEST

/* Dumps of another build, or a log without any dump (a host that halted
 * after a panic), fail the whole run and write nothing. */
START_TEST(merge_refuses_mismatch)
{
    char log[2048] = "", out[256];
    uint32_t w[GCDA_WORDS];

    snprintf(out, sizeof(out), "%s/x.gcda", dir);
    gcda(w, 7, 0, 1, 1);
    add_dump(log, sizeof(log), out, w);
    write_log("1.log", log);
    log[0] = '\0';
    gcda(w, 8, 0, 1, 1);                        /* another stamp */
    add_dump(log, sizeof(log), out, w);
    write_log("2.log", log);
    ck_assert_int_ne(run_on_logs(2), 0);
    ck_assert_int_ne(access(out, F_OK), 0);
    write_log("2.log", "1 0 0 power panic cpu=0\n");
    ck_assert_int_ne(run_on_logs(2), 0);
    ck_assert_int_ne(access(out, F_OK), 0);
    gcda(w, 7, 0, 1, 1);
    w[14] = 12;                                 /* counters of another layout */
    log[0] = '\0';
    add_dump(log, sizeof(log), out, w);
    write_log("2.log", log);
    ck_assert_int_ne(run_on_logs(2), 0);
    ck_assert_int_ne(access(out, F_OK), 0);
}
END_TEST

static void teardown(void)
{
    char path[300];
    const char *names[] = { "trace.log", "1.log", "2.log" };

    for (unsigned int i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
        unlink(path);
    }
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
    tcase_add_test(tc, merges_logs);
    tcase_add_test(tc, merges_dumps_of_one_log);
    tcase_add_test(tc, merge_refuses_mismatch);
    suite_add_tcase(s, tc);
    return s;
}

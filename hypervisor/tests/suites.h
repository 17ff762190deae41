/* Every test file contributes one Check suite to tests/run_tests.c. */
#ifndef TESTS_SUITES_H
#define TESTS_SUITES_H
#include <check.h>

Suite *cmdline_suite(void);
Suite *trace_suite(void);
Suite *memory_suite(void);
Suite *multiboot_suite(void);
Suite *acpi_suite(void);
Suite *gcov_extract_suite(void);
Suite *sched_credit_suite(void);
Suite *sched_runq_suite(void);

#endif

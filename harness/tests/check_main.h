/* The suites of the harness unit tests (one file each). */
#ifndef HARNESS_CHECK_MAIN_H
#define HARNESS_CHECK_MAIN_H
#include <check.h>

Suite *lines_suite(void);
Suite *vars_suite(void);
Suite *scenario_suite(void);
Suite *profile_suite(void);
Suite *matcher_suite(void);
Suite *runmarker_suite(void);
Suite *misc_suite(void);
Suite *dhcp_router_suite(void);

#endif

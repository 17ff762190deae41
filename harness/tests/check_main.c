#include "check_main.h"

#include <stdlib.h>

int main(void)
{
    SRunner *sr = srunner_create(lines_suite());
    srunner_add_suite(sr, vars_suite());
    srunner_add_suite(sr, scenario_suite());
    srunner_add_suite(sr, profile_suite());
    srunner_add_suite(sr, matcher_suite());
    srunner_add_suite(sr, runmarker_suite());
    srunner_add_suite(sr, misc_suite());
    srunner_add_suite(sr, dhcp_router_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

/* Runs every suite; TAP goes to $CK_TAP_LOG_FILE_NAME when it is set. */
#include <stdlib.h>

#include "test_util.h"

int main(void)
{
    SRunner *sr = srunner_create(pyconf_suite());
    srunner_add_suite(sr, python2_suite());
    srunner_add_suite(sr, cpumap_suite());
    srunner_add_suite(sr, specs_suite());
    srunner_add_suite(sr, xm_guide_suite());
    srunner_add_suite(sr, xm_errors_suite());
    srunner_add_suite(sr, cmdline_suite());
    srunner_add_suite(sr, sxp_suite());
    srunner_add_suite(sr, xend_config_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

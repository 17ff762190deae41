/* Host unit tests of the guest framework's pure parts (Check, ASan/UBSan). */
#include <check.h>
#include <stdlib.h>

#include "check_suites.h"

int main(void)
{
    SRunner *sr = srunner_create(vsnprintf_suite());
    int failed;

    srunner_add_suite(sr, cmdline_suite());
    srunner_add_suite(sr, lib_suite());
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

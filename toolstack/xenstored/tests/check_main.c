/* Runs every xenstored suite; TAP goes where CK_TAP_LOG_FILE_NAME says. */
#include <stdlib.h>

#include "check_util.h"

int main(void)
{
	SRunner *sr = srunner_create(suite_wire());
	int failed;

	srunner_add_suite(sr, suite_tree());
	srunner_add_suite(sr, suite_txn());
	srunner_add_suite(sr, suite_txn_cost());
	srunner_add_suite(sr, suite_watch());
	srunner_add_suite(sr, suite_quota());
	srunner_add_suite(sr, suite_ring());
	srunner_add_suite(sr, suite_control());
	srunner_add_suite(sr, suite_mem());
	srunner_add_suite(sr, suite_xsa());
	srunner_add_suite(sr, suite_xsplay());
	srunner_add_suite(sr, suite_xendiff());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

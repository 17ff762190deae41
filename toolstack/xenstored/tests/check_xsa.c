#include "check_util.h"
Suite *suite_xsa(void) { return suite_create("xsa"); }

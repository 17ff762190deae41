/* The Check test cases of xm, one file each. */
#ifndef CHECK_XM_H
#define CHECK_XM_H

#include <check.h>

TCase *client_tcase(void);

#endif

/* The Check test cases of xend, one file each. */
#ifndef CHECK_XEND_H
#define CHECK_XEND_H

#include <check.h>

TCase *server_tcase(void);
TCase *builder_tcase(void);
TCase *devices_tcase(void);
TCase *image_tcase(void);
TCase *saved_tcase(void);
TCase *stream_tcase(void);
TCase *relocation_tcase(void);
TCase *cpus_tcase(void);
TCase *lz4_tcase(void);

#endif

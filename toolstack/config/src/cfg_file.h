/* Shared by both parsers; not part of the public API. */
#ifndef CFG_FILE_H
#define CFG_FILE_H

#include <stddef.h>

#include "cfg_diag.h"

#define CFG_MAX_FILE_SIZE (1 << 20)   /* configs are a few KiB */

/* The file's bytes (malloc'd, not NUL-terminated) and their count, or NULL
 * after reporting "path: <reason>". */
char *cfg_read_file(const char *path, size_t *len, struct cfg_diags *diags);

#endif

/* Reading a whole configuration file, with a message when that fails. */
#define _POSIX_C_SOURCE 200809L
#include "cfg_file.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *cfg_read_file(const char *path, size_t *len, struct cfg_diags *diags)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        cfg_diag_add(diags, CFG_ERROR, path, 0, NULL, "%s", strerror(errno));
        return NULL;
    }
    char *buf = malloc(CFG_MAX_FILE_SIZE + 1);
    size_t n = buf ? fread(buf, 1, CFG_MAX_FILE_SIZE + 1, f) : 0;
    int err = ferror(f) ? errno : 0;
    fclose(f);
    const char *why = !buf ? "out of memory" : err ? strerror(err)
                      : n > CFG_MAX_FILE_SIZE ? "larger than 1 MiB, too big "
                                                "for a configuration file"
                                              : NULL;
    if (why) {
        cfg_diag_add(diags, CFG_ERROR, path, 0, NULL, "%s", why);
        free(buf);
        return NULL;
    }
    *len = n;
    return buf;
}

/* Which file "xm create domu1" reads (guide 4.1.4: the config saved as
 * /etc/xen/domu1): the name as given if that file exists, else the first
 * <dir>/<name> along xm's search path, ".:/etc/xen" by default. */
#define _POSIX_C_SOURCE 200809L
#include "xmconfig.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#define XM_DEFAULT_PATH ".:/etc/xen"

static bool is_file(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && !S_ISDIR(st.st_mode);
}

static int put(char *out, size_t len, const char *dir, size_t dlen,
               const char *name)
{
    int n = dlen ? snprintf(out, len, "%.*s/%s", (int)dlen, dir, name)
                 : snprintf(out, len, "%s", name);
    if (n < 0 || (size_t)n >= len) {
        errno = ENAMETOOLONG;
        return -1;
    }
    return 0;
}

int xm_config_locate(const char *name, const char *search_path, char *out,
                     size_t len)
{
    if (!*name) {
        errno = ENOENT;
        return -1;
    }
    if (put(out, len, NULL, 0, name) < 0)
        return -1;
    if (is_file(out) || name[0] == '/')
        return is_file(out) ? 0 : (errno = ENOENT, -1);
    const char *p = search_path ? search_path : XM_DEFAULT_PATH;
    for (;;) {
        const char *colon = strchr(p, ':');
        size_t dlen = colon ? (size_t)(colon - p) : strlen(p);
        if (dlen && put(out, len, p, dlen, name) == 0 && is_file(out))
            return 0;
        if (!colon)
            break;
        p = colon + 1;
    }
    errno = ENOENT;
    return -1;
}

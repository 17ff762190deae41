/* xm save and xm restore (guide 6.1.2: "xm save" and its pair, the
 * guide's "xm resume"): xend does the work, on a file of dom0's that xm
 * names by its absolute path (xm's working directory is not xend's). */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "xm_client.h"
#include "xm_cmds.h"

/* file as an absolute path, malloc'd (NULL: out of memory). */
static char *absolute(const char *file)
{
    char cwd[PATH_MAX], *abs = NULL;

    if (file[0] == '/')
        return strdup(file);
    if (!getcwd(cwd, sizeof(cwd)) || asprintf(&abs, "%s/%s", cwd, file) < 0)
        return NULL;
    return abs;
}

int xm_save(int argc, char **argv)
{
    struct xend_request req = { .op = XEND_OP_SAVE };
    char *file;
    int rc;

    if (argc != 3 || argv[1][0] == '-' || argv[2][0] == '-' || !argv[2][0])
        return xm_usage_error("save", "'xm save' requires 2 arguments.");
    if (!(file = absolute(argv[2])))
        return xm_usage_error("save", "%s: %s", argv[2], strerror(errno));
    req.domains = argv + 1;
    req.n_domains = 1;
    req.args = &file;
    req.n_args = 1;
    rc = xm_call_quiet(&req);
    free(file);
    return rc;
}

int xm_restore(int argc, char **argv)
{
    struct xend_request req = { .op = XEND_OP_RESTORE };
    char *file;
    int rc;

    if (argc != 2 || argv[1][0] == '-' || !argv[1][0])
        return xm_usage_error("restore", "'xm restore' requires 1 argument.");
    if (!(file = absolute(argv[1])))
        return xm_usage_error("restore", "%s: %s", argv[1], strerror(errno));
    req.args = &file;
    req.n_args = 1;
    rc = xm_call_quiet(&req);
    free(file);
    return rc;
}

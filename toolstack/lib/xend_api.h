/* The management API between xm and xend: S-expressions (config/sxp.h)
 * on xend's UNIX socket, whose owner, group and mode are the access
 * control (guide 6.1.1). A connection carries one request, one line
 * ending in '\n' (or the end of the client's writes), and one reply line:
 *   request  (list)  (list (domains NAME-OR-ID ...))  (info)
 *            (create (vm ...))  (destroy NAME-OR-ID)  (dmesg [clear])
 *            (pause NAME-OR-ID)  (unpause NAME-OR-ID)
 *            (shutdown NAME-OR-ID)  (reboot NAME-OR-ID)  (console NAME-OR-ID)
 *            (vcpu-list [(domains NAME-OR-ID ...)])
 *            (vcpu-pin NAME-OR-ID VCPU CPUS)  (vcpu-set NAME-OR-ID N)
 *            (mem-set NAME-OR-ID MIB)  (sysrq NAME-OR-ID KEY)  (log)
 *            (save NAME-OR-ID FILE)  (restore FILE)
 *            (migrate NAME-OR-ID HOST PORT live|plain ssl|tcp|default)
 *   reply    (ok VALUE)  or  (error ERRNO-NAME 'message' [subject])
 * Error names are Xen's errno names (ESRCH: no such domain, EINVAL: a
 * malformed request, ENOSYS: an operation xend does not know). */
#ifndef XEND_API_H
#define XEND_API_H

#include <stdbool.h>
#include <stddef.h>

#include "sxp.h"

/* Longest request xend reads; a longer one is refused with E2BIG. */
#define XEND_API_MAX_REQUEST 65536
/* Longest reply xm accepts (a long list of long records). */
#define XEND_API_MAX_REPLY (16u << 20)

enum xend_op { XEND_OP_LIST, XEND_OP_INFO, XEND_OP_CREATE, XEND_OP_DESTROY,
               XEND_OP_DMESG, XEND_OP_PAUSE, XEND_OP_UNPAUSE, XEND_OP_SHUTDOWN,
               XEND_OP_REBOOT, XEND_OP_CONSOLE, XEND_OP_VCPU_LIST, XEND_OP_VCPU_PIN,
               XEND_OP_VCPU_SET, XEND_OP_MEM_SET, XEND_OP_SYSRQ, XEND_OP_LOG,
               XEND_OP_SAVE, XEND_OP_RESTORE, XEND_OP_MIGRATE };

struct xend_request {
    enum xend_op op;
    char **domains;      /* list: the names or ids asked for; none = all;
                            destroy, pause, unpause, shutdown,
                            reboot, console: exactly one */
    size_t n_domains;
    struct sxp vm;       /* create: the (vm ...) record xm built
                            (config/xm_sxp.c); kind SXP_LIST, else unset */
    bool clear;          /* dmesg: clear Xen's console ring after reading */
    char **args;         /* vcpu-pin: VCPU CPUS; vcpu-set: N; mem-set: MIB;
                            sysrq: KEY (as xm was given them); save,
                            restore: FILE (absolute: xm makes it so);
                            migrate: HOST PORT (0: the config's) live|plain
                            ssl|tcp|default (default: xend-relocation-ssl) */
    size_t n_args;
};

/* Reads one request. Returns 0, or a negative errno value (-EINVAL,
 * -ENOSYS, -E2BIG, -ENOMEM) with *why set to a malloc'd message. */
int xend_request_parse(const char *text, size_t len,
                       struct xend_request *req, char **why);
/* The request as one line with its '\n'; malloc'd, NULL on no memory. */
char *xend_request_format(const struct xend_request *req);
void xend_request_free(struct xend_request *req);

/* Reply lines; malloc'd, NULL on no memory. subject may be NULL. */
char *xend_reply_ok(const struct sxp *value);
char *xend_reply_error(int err, const char *msg, const char *subject);

/* A reply read back: on (ok V) *value points into doc; on (error ...)
 * *err is the positive errno, *msg and *subject point into doc (subject
 * may be NULL). Returns 0 for either form, -EINVAL (with *why) when the
 * text is no reply at all. Free doc with sxp_free whatever the result. */
struct xend_reply {
    struct sxp doc;
    const struct sxp *value;
    int err;
    const char *msg, *subject;
};
int xend_reply_parse(const char *text, size_t len, struct xend_reply *r,
                     char **why);

/* Name of a positive errno value as xend writes it ("ESRCH"), and back
 * (0 when unknown). */
const char *xend_errno_name(int err);
int xend_errno_value(const char *name);

#endif

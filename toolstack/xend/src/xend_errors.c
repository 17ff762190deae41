/* A request's refusal (see xend_errors.h). */
#include "xend_errors.h"

#include <errno.h>
#include <stdio.h>

#include "xend_xen.h"

int xend_vsay(char **why, int err, const char *fmt, va_list ap)
{
    if (vasprintf(why, fmt, ap) < 0)
        *why = NULL;
    /* A refusal is never success: an errno a library left at 0 is EIO. */
    return err > 0 ? -err : -EIO;
}

int xend_say(char **why, int err, const char *fmt, ...)
{
    va_list ap;
    int rc;

    va_start(ap, fmt);
    rc = xend_vsay(why, err, fmt, ap);
    va_end(ap);
    return rc;
}

int xend_xen_find_domain(struct xend_xen *x, const char *want, uint32_t *domid, char **why,
                         const char **subject)
{
    int rc = xend_xen_find(x, want, domid, why);

    if (rc != -ESRCH)
        return rc;
    *subject = want;
    return xend_say(why, ESRCH, "Domain '%s' does not exist.", want);
}

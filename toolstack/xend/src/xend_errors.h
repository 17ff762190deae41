/* A request's refusal: the errno it answers with and the message xm
 * prints (xend_api.h's (error ERRNO-NAME 'message' [subject])). */
#ifndef XEND_ERRORS_H
#define XEND_ERRORS_H

#include <stdarg.h>
#include <stdint.h>

struct xend_xen;

/* *why = the message (malloc'd, NULL on no memory); returns -err. */
int xend_say(char **why, int err, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
int xend_vsay(char **why, int err, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));

/* xend_xen_find, with xm 4.1's "Domain 'x' does not exist." and
 * *subject = want for -ESRCH. */
int xend_xen_find_domain(struct xend_xen *x, const char *want, uint32_t *domid, char **why,
                         const char **subject);

#endif

/* printk, panic and assertions. */
#ifndef XEN_LIB_H
#define XEN_LIB_H
#include <xen/types.h>
#include <xen/string.h>
#include <xen/vsprintf.h>

/* Message levels, Xen's spelling: a printk format may start with one. */
#define XENLOG_ERR     "<0>"
#define XENLOG_WARNING "<1>"
#define XENLOG_INFO    "<2>"
#define XENLOG_DEBUG   "<3>"

void printk(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void vprintk(const char *fmt, va_list ap);
void panic(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

#define BUG_ON(c) do { if (__builtin_expect(!!(c), 0)) \
        panic("BUG at %s:%d: %s", __FILE__, __LINE__, #c); } while (0)
#define ASSERT(c) BUG_ON(!(c))

#endif

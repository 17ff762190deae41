#ifndef XEN_VSPRINTF_H
#define XEN_VSPRINTF_H
#include <xen/types.h>

/* C99 semantics: returns the length the full output would have. */
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif

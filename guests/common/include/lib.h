/* String functions and formatting (common/lib.c, common/vsnprintf.c). */
#ifndef GUEST_LIB_H
#define GUEST_LIB_H

#include "types.h"

void *memset(void *s, int c, size_t n);
void *memcpy(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strstr(const char *haystack, const char *needle);

/* C99 semantics: always terminated (when size > 0), returns the length the
 * fUL output would have had. Supports %[-0#][width][.prec][hh|h|l|ll|z]
 * d i u x X o c s p %. */
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);

#endif

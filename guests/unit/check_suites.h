/* The suites of the guest framework's unit tests, and the framework's pure
 * functions as built for the host (renamed so as not to shadow libc's). */
#ifndef CHECK_SUITES_H
#define CHECK_SUITES_H

#include <check.h>
#include <stdarg.h>
#include <stddef.h>

Suite *vsnprintf_suite(void);
Suite *cmdline_suite(void);
Suite *lib_suite(void);

int guest_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int guest_snprintf(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void *guest_memset(void *s, int c, size_t n);
void *guest_memcpy(void *dst, const void *src, size_t n);
int guest_memcmp(const void *a, const void *b, size_t n);
size_t guest_strlen(const char *s);
size_t guest_strnlen(const char *s, size_t max);
int guest_strcmp(const char *a, const char *b);
int guest_strncmp(const char *a, const char *b, size_t n);
char *guest_strstr(const char *haystack, const char *needle);

#endif

/* The C string functions; common/string.c implements them in the hypervisor,
 * libc does on the host. Signatures match the standard ones. */
#ifndef XEN_STRING_H
#define XEN_STRING_H
#include <xen/types.h>

void *memcpy(void *d, const void *s, size_t n);
void *memmove(void *d, const void *s, size_t n);
void *memset(void *d, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
void *memchr(const void *s, int c, size_t n);
size_t strcspn(const char *s, const char *reject);
unsigned long simple_strtoul(const char *s, const char **end, unsigned int base);
/* Copies at most size-1 bytes and always terminates; returns strlen(src). */
size_t strlcpy(char *d, const char *s, size_t size);

#endif

#define _POSIX_C_SOURCE 200809L
#include "spec_split.h"

#include <ctype.h>
#include <string.h>

char *spec_trim(const char *s, size_t n)
{
    while (n && isspace((unsigned char)*s)) {
        s++;
        n--;
    }
    while (n && isspace((unsigned char)s[n - 1]))
        n--;
    return strndup(s, n);
}

size_t spec_split(const char *spec, char **f, size_t max)
{
    size_t n = 0;
    for (const char *p = spec;; n++) {
        const char *c = strchr(p, ',');
        size_t len = c ? (size_t)(c - p) : strlen(p);
        if (n < max)
            f[n] = spec_trim(p, len);
        if (!c)
            return n + 1;
        p = c + 1;
    }
}

/* strlcpy: not in every host libc, so built for host tests too. */
#include <xen/string.h>

size_t strlcpy(char *d, const char *s, size_t size)
{
    size_t n = strlen(s);

    if (size) {
        size_t c = n < size - 1 ? n : size - 1;

        memcpy(d, s, c);
        d[c] = '\0';
    }
    return n;
}

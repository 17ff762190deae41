/* simple_strtoul (Xen's name): used by the pure parsers, so it is kept apart
 * from string.c, which only the freestanding build needs. */
#include <xen/string.h>

static int digit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return 99;
}

/* base 0 means: 0x prefix hex, leading 0 octal, otherwise decimal. */
unsigned long simple_strtoul(const char *s, const char **end, unsigned int base)
{
    unsigned long v = 0;

    if (!base) {
        base = 10;
        if (s[0] == '0') {
            base = 8;
            if (s[1] == 'x' || s[1] == 'X') {
                base = 16;
                s += 2;
            }
        }
    } else if (base == 16 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        s += 2;
    }
    for (; digit(*s) < (int)base; s++)
        v = v * base + (unsigned long)digit(*s);
    if (end)
        *end = s;
    return v;
}

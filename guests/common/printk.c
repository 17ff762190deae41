/* printk over whichever console_write the image links: console.c's (Xen
 * ABI) or svm-conformance/lib/console.c's (bare metal). */
#include "console.h"
#include "lib.h"

void vprintk(const char *fmt, va_list ap)
{
    char buf[256];
    int n = vsnprintf(buf, sizeof(buf), fmt, ap);

    console_write(buf, n < (int)sizeof(buf) ? (size_t)n : sizeof(buf) - 1);
}

void printk(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vprintk(fmt, ap);
    va_end(ap);
}

/* A small vsnprintf: the conversions the hypervisor uses (d i u x X p s c %)
 * with flags '-' '0' '#', a field width, a precision for %s (also .*), and the length
 * modifiers l ll z. */
#include <xen/vsprintf.h>
#include <xen/string.h>

struct out {
    char *buf;
    size_t size, len;
};

static void put(struct out *o, char c)
{
    if (o->len + 1 < o->size)
        o->buf[o->len] = c;
    o->len++;
}

static void put_padded(struct out *o, const char *s, size_t n, int width,
                       bool left, char pad)
{
    int fill = width > (int)n ? width - (int)n : 0;

    /* Zero padding goes after a sign, not before it. */
    if (!left && pad == '0' && n && *s == '-') {
        put(o, *s++);
        n--;
    }
    if (!left)
        while (fill-- > 0)
            put(o, pad);
    while (n--)
        put(o, *s++);
    if (left)
        while (fill-- > 0)
            put(o, ' ');
}

static size_t utoa(char *tmp, unsigned long long v, unsigned base, bool upper,
                   bool neg)
{
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char rev[24];
    size_t n = 0, i = 0;

    do {
        rev[n++] = digits[v % base];
        v /= base;
    } while (v);
    if (neg)
        tmp[i++] = '-';
    while (n)
        tmp[i++] = rev[--n];
    return i;
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
    struct out o = { buf, size, 0 };

    for (; *fmt; fmt++) {
        bool left = false, upper = false, neg = false, alt = false;
        int prec = -1;
        char pad = ' ', tmp[32];
        int width = 0, lng = 0;
        unsigned long long v;
        unsigned base = 10;

        if (*fmt != '%') {
            put(&o, *fmt);
            continue;
        }
        for (fmt++; *fmt == '-' || *fmt == '0' || *fmt == '#'; fmt++) {
            if (*fmt == '#')
                alt = true;
            else
                *fmt == '-' ? (left = true) : (pad = '0');
        }
        if (*fmt == '*') {
            width = va_arg(ap, int);
            fmt++;
        }
        while (*fmt >= '0' && *fmt <= '9')
            width = width * 10 + (*fmt++ - '0');
        if (*fmt == '.' && fmt[1] == '*') {
            prec = va_arg(ap, int);
            fmt += 2;
        } else if (*fmt == '.') {
            for (prec = 0, fmt++; *fmt >= '0' && *fmt <= '9'; fmt++)
                prec = prec * 10 + (*fmt - '0');
        }
        for (; *fmt == 'l' || *fmt == 'z'; fmt++)
            lng += *fmt == 'z' ? 2 : 1;

        switch (*fmt) {
        case 'c':
            tmp[0] = (char)va_arg(ap, int);
            put_padded(&o, tmp, 1, width, left, ' ');
            continue;
        case 's': {
            const char *s = va_arg(ap, const char *);

            size_t n = 0;

            if (!s)
                s = "(null)";
            while (s[n] && (prec < 0 || (int)n < prec))
                n++;
            put_padded(&o, s, n, width, left, ' ');
            continue;
        }
        case 'p':
            v = (uintptr_t)va_arg(ap, void *);
            put_padded(&o, tmp, utoa(tmp, v, 16, false, false), width ? width : 16,
                       left, '0');
            continue;
        case 'd': case 'i': {
            long long s = lng >= 2 ? va_arg(ap, long long)
                        : lng ? va_arg(ap, long) : va_arg(ap, int);

            neg = s < 0;
            v = neg ? 0ULL - (unsigned long long)s : (unsigned long long)s;
            break;
        }
        case 'X':
            upper = true;
            /* fall through */
        case 'x':
            base = 16;
            /* fall through */
        case 'u':
            v = lng >= 2 ? va_arg(ap, unsigned long long)
              : lng ? va_arg(ap, unsigned long) : va_arg(ap, unsigned int);
            break;
        case '%':
            put(&o, '%');
            continue;
        default:        /* unknown conversion: show it rather than guess */
            put(&o, '%');
            if (!*fmt)
                goto done;
            put(&o, *fmt);
            continue;
        }
        if (alt && base == 16 && v) {
            put(&o, '0');
            put(&o, upper ? 'X' : 'x');
            width = width > 2 ? width - 2 : 0;
        }
        put_padded(&o, tmp, utoa(tmp, v, base, upper, neg), width, left, pad);
    }
done:
    if (size)
        buf[o.len < size ? o.len : size - 1] = '\0';
    return (int)o.len;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}

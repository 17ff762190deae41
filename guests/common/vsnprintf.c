/* printf-style formatting for the guest console. Pure: unit-tested on the
 * host against the C library's own snprintf (unit/check_vsnprintf.c). */
#include "lib.h"

#ifdef HOST_TEST
#define vsnprintf guest_vsnprintf
#define snprintf  guest_snprintf
#define strlen    guest_strlen
size_t strlen(const char *s);
#endif

struct out {
    char *buf;
    size_t size, len;      /* len counts every character, stored or not */
};

struct spec {
    bool left, zero, alt;
    int width, prec;       /* prec < 0: none given */
};

static void put(struct out *o, char c)
{
    if ( o->len + 1 < o->size )
        o->buf[o->len] = c;
    o->len++;
}

static void pad(struct out *o, char c, int n)
{
    while ( n-- > 0 )
        put(o, c);
}

static void emit_str(struct out *o, const char *s, const struct spec *sp)
{
    int n = 0;

    if ( !s )
        s = "(null)";
    while ( s[n] && (sp->prec < 0 || n < sp->prec) )
        n++;
    if ( !sp->left )
        pad(o, ' ', sp->width - n);
    for ( int i = 0; i < n; i++ )
        put(o, s[i]);
    if ( sp->left )
        pad(o, ' ', sp->width - n);
}

static void emit_num(struct out *o, unsigned long long v, bool neg,
                     unsigned int base, bool upper, const char *prefix,
                     const struct spec *sp)
{
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char tmp[24];
    int n = 0, plen = (int)strlen(prefix) + neg, zeros, total;

    /* C: precision 0 with the value 0 prints no digits. */
    if ( v || sp->prec != 0 )
        do {
            tmp[n++] = digits[v % base];
            v /= base;
        } while ( v );

    /* A precision gives the minimum number of digits and disables '0'. */
    zeros = sp->prec > n ? sp->prec - n : 0;
    if ( sp->zero && !sp->left && sp->prec < 0 && sp->width > n + plen )
        zeros = sp->width - n - plen;
    total = plen + zeros + n;

    if ( !sp->left )
        pad(o, ' ', sp->width - total);
    if ( neg )
        put(o, '-');
    for ( ; *prefix; prefix++ )
        put(o, *prefix);
    pad(o, '0', zeros);
    while ( n )
        put(o, tmp[--n]);
    if ( sp->left )
        pad(o, ' ', sp->width - total);
}

static int parse_int(const char **fmt)
{
    int v = 0;

    while ( **fmt >= '0' && **fmt <= '9' )
        v = v * 10 + (*(*fmt)++ - '0');
    return v;
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
    struct out o = { .buf = buf, .size = size };

    for ( ; *fmt; fmt++ )
    {
        struct spec sp = { .prec = -1 };
        int lng = 0;               /* -2 hh, -1 h, 0 int, 1 long, 2 long long */
        unsigned long long u;
        long long s;

        if ( *fmt != '%' )
        {
            put(&o, *fmt);
            continue;
        }
        for ( ;; fmt++ )
        {
            if ( fmt[1] == '-' )
                sp.left = true;
            else if ( fmt[1] == '0' )
                sp.zero = true;
            else if ( fmt[1] == '#' )
                sp.alt = true;
            else
                break;
        }
        fmt++;
        if ( *fmt == '*' )
        {
            sp.width = va_arg(ap, int);
            if ( sp.width < 0 )
                sp.left = true, sp.width = -sp.width;
            fmt++;
        }
        else
            sp.width = parse_int(&fmt);
        if ( *fmt == '.' )
        {
            fmt++;
            if ( *fmt == '*' )
            {
                sp.prec = va_arg(ap, int);
                fmt++;
            }
            else
                sp.prec = parse_int(&fmt);
        }
        for ( ;; fmt++ )
        {
            if ( *fmt == 'l' )
                lng++;
            else if ( *fmt == 'h' )
                lng--;
            else if ( *fmt == 'z' )
                lng = 1;
            else
                break;
        }

        switch ( *fmt )
        {
        case 'd': case 'i':
            s = lng >= 2 ? va_arg(ap, long long)
                : lng == 1 ? va_arg(ap, long) : va_arg(ap, int);
            if ( lng == -1 )
                s = (short)s;
            else if ( lng <= -2 )
                s = (signed char)s;
            u = s < 0 ? -(unsigned long long)s : (unsigned long long)s;
            emit_num(&o, u, s < 0, 10, false, "", &sp);
            break;
        case 'u': case 'x': case 'X': case 'o':
            u = lng >= 2 ? va_arg(ap, unsigned long long)
                : lng == 1 ? va_arg(ap, unsigned long) : va_arg(ap, unsigned int);
            if ( lng == -1 )
                u = (unsigned short)u;
            else if ( lng <= -2 )
                u = (unsigned char)u;
            emit_num(&o, u, false, *fmt == 'u' ? 10 : *fmt == 'o' ? 8 : 16,
                     *fmt == 'X', !sp.alt || !u || *fmt == 'u' ? ""
                     : *fmt == 'x' ? "0x" : *fmt == 'X' ? "0X" : "0", &sp);
            break;
        case 'p':
            emit_num(&o, (uintptr_t)va_arg(ap, void *), false, 16, false, "0x", &sp);
            break;
        case 'c':
        {
            char c[2] = { (char)va_arg(ap, int), 0 };

            sp.prec = 1;
            emit_str(&o, c, &sp);
            break;
        }
        case 's':
            emit_str(&o, va_arg(ap, const char *), &sp);
            break;
        case '%':
            put(&o, '%');
            break;
        default:               /* unknown conversion: shown as written */
            put(&o, '%');
            if ( !*fmt )
                goto done;
            put(&o, *fmt);
            break;
        }
    }
 done:
    if ( size )
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

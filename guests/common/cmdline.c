/* Guest command line parsing (see cmdline.h). Pure: unit-tested on the host. */
#include "types.h"

#include <xen/xen.h>
#include <xen/sched.h>

#include "cmdline.h"
#include "lib.h"

#ifdef HOST_TEST
#define strlen   guest_strlen
#define strcmp   guest_strcmp
#define strncmp  guest_strncmp
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
#endif

bool cmdline_get(const char *cmdline, const char *key, char *val, size_t size)
{
    size_t klen = strlen(key);
    bool found = false;
    const char *p = cmdline;

    if ( !cmdline || !klen )
        return false;
    for ( size_t i = 0; i < klen; i++ )
        if ( key[i] == '=' || key[i] == ' ' )
            return false;      /* not a key: it would match a whole word */
    while ( *p )
    {
        const char *w = p, *end;

        while ( *w == ' ' )
            w++;
        for ( end = w; *end && *end != ' '; end++ )
            ;
        if ( end - w >= (ptrdiff_t)klen && !strncmp(w, key, klen) &&
             (w + klen == end || w[klen] == '=') )
        {
            const char *v = w + klen + (w + klen < end);
            size_t n = (size_t)(end - v), i;

            if ( size )
            {
                if ( n > size - 1 )
                    n = size - 1;
                for ( i = 0; i < n; i++ )
                    val[i] = v[i];
                val[n] = '\0';
            }
            found = true;      /* keep going: the last occurrence wins */
        }
        p = end;
    }
    return found;
}

bool cmdline_get_ulong(const char *cmdline, const char *key, unsigned long *out)
{
    char buf[24];
    const char *p = buf;
    unsigned long v = 0, base = 10;

    if ( !cmdline_get(cmdline, key, buf, sizeof(buf)) || !buf[0] )
        return false;
    if ( p[0] == '0' && (p[1] == 'x' || p[1] == 'X') && p[2] )
        base = 16, p += 2;
    for ( ; *p; p++ )
    {
        unsigned long d;

        if ( *p >= '0' && *p <= '9' )
            d = *p - '0';
        else if ( base == 16 && *p >= 'a' && *p <= 'f' )
            d = *p - 'a' + 10;
        else if ( base == 16 && *p >= 'A' && *p <= 'F' )
            d = *p - 'A' + 10;
        else
            return false;
        if ( v > (~0UL - d) / base )
            return false;      /* overflow */
        v = v * base + d;
    }
    *out = v;
    return true;
}

static const char *const reason_names[] = {
    [SHUTDOWN_poweroff]   = "poweroff",
    [SHUTDOWN_reboot]     = "reboot",
    [SHUTDOWN_suspend]    = "suspend",
    [SHUTDOWN_crash]      = "crash",
    [SHUTDOWN_watchdog]   = "watchdog",
    [SHUTDOWN_soft_reset] = "soft_reset",
};

int shutdown_reason_from_name(const char *name)
{
    for ( unsigned int i = 0; i < ARRAY_SIZE(reason_names); i++ )
        if ( reason_names[i] && name && !strcmp(name, reason_names[i]) )
            return (int)i;
    return -1;
}

const char *shutdown_reason_name(unsigned int reason)
{
    return reason < ARRAY_SIZE(reason_names) && reason_names[reason]
        ? reason_names[reason] : "unknown";
}

/* The serial input switch (xen/console_switch.h). */
#include <xen/console_switch.h>

int conswitch_parse(const char *opt, struct conswitch *s, bool *no_auto)
{
    if (opt[0] < 'a' || opt[0] > 'z' || (opt[1] && (opt[1] != 'x' || opt[2])))
        return -1;
    s->code = (unsigned char)(opt[0] - 'a' + 1);
    s->count = 0;
    *no_auto = opt[1] == 'x';
    return 0;
}

unsigned int conswitch_feed(struct conswitch *s, char c, char out[3], bool *switch_now)
{
    unsigned int n = 0;

    *switch_now = false;
    if (s->code && (unsigned char)c == s->code) {
        if (++s->count == 3) {
            s->count = 0;
            *switch_now = true;
        }
        return 0;
    }
    /* The codes typed before were meant as characters after all. */
    for (; s->count; s->count--)
        out[n++] = (char)s->code;
    out[n++] = c;
    return n;
}

unsigned int console_rx_next(unsigned int cur, unsigned int max_domid,
                             bool (*exists)(unsigned int domid))
{
    for (unsigned int rx = cur + 1; rx <= max_domid + 1; rx++)
        if (exists(rx - 1))
            return rx;
    return 0;
}

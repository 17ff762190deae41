/* Where serial input goes, as Xen's console does it (drivers/char/
 * console.c): to the hypervisor's debug keys (console_rx 0) or to domain
 * console_rx - 1; CTRL-<conswitch> typed three times in a row moves on to
 * the next domain created at boot, and after the last back to the
 * hypervisor. Fewer than three are passed on. Domains that do not exist
 * are skipped (dom0-less: there is no domain 0), as Xen 4.18 does. Pure
 * code (common/console_switch.c), unit-tested on the host. */
#ifndef XEN_CONSOLE_SWITCH_H
#define XEN_CONSOLE_SWITCH_H
#include <xen/types.h>

struct conswitch {
    unsigned char code;         /* CTRL-<letter> (1 for 'a'); 0: switching off */
    unsigned int count;         /* how many codes in a row so far */
};

/* conswitch=<letter>[x]: 0 if valid; *no_auto when 'x' (input stays with
 * the hypervisor at the end of boot). */
int conswitch_parse(const char *opt, struct conswitch *s, bool *no_auto);

/* Feeds one received character: fills out[] (room for 3) with what to
 * deliver to the current focus and returns how many; *switch_now when the
 * third code in a row was typed (nothing is delivered then). */
unsigned int conswitch_feed(struct conswitch *s, char c, char out[3], bool *switch_now);

/* The focus after cur: the next domain up to max_domid that exists, or 0
 * (the hypervisor) after the last one. */
unsigned int console_rx_next(unsigned int cur, unsigned int max_domid,
                             bool (*exists)(unsigned int domid));

#endif

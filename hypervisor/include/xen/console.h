#ifndef XEN_CONSOLE_H
#define XEN_CONSOLE_H
#include <xen/types.h>

extern char opt_console[32], opt_com1[64], opt_loglvl[32];
int console_setup(void);            /* applies console=, com1=, loglvl= */
int parse_loglvl(const char *s);    /* 0 error .. 3 debug, 4 all; -1 bad */
void console_start_sync(void);      /* panic: never wait on the lock */
void console_poll_input(void);      /* feeds received keys to the handlers */
void console_puts(const char *s);   /* raw, no prefix, no level */
void console_init_postirq(void);    /* starts polling COM1 for keys */

#endif

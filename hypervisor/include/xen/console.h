#ifndef XEN_CONSOLE_H
#define XEN_CONSOLE_H
#include <xen/types.h>
#include <asm/spinlock.h>
#include <public/xen.h>

extern char opt_console[32], opt_com1[64], opt_loglvl[32];
int console_setup(void);            /* applies console=, com1=, loglvl= */
int parse_loglvl(const char *s);    /* 0 error .. 3 debug, 4 all; -1 bad */
void console_start_sync(void);      /* a report starts on a line of its own */
/* After smp_send_stop(): printk and trace stop taking their locks, which a
 * stopped CPU may hold. */
void console_force_unlock(void);
extern volatile bool console_locks_busted;
extern spinlock_t console_lock;     /* printk's; exported for the 'W' self-test */
void console_poll_input(void);      /* feeds received keys to the handlers */
void console_puts(const char *s);   /* raw, no prefix, no level */
void console_init_postirq(void);    /* starts polling COM1 for keys */
/* common/console_input.c: where a received key goes (the debug keys or
 * the focused domain's console), and the focus set at the end of boot. */
extern char opt_conswitch[4];
void serial_rx(char c);
void console_input_endboot(void);
/* A boot-time domain restarted as new (dom0-less on_reboot=restart). */
void console_input_domain_replaced(domid_t old, domid_t new);
/* CONSOLEIO_read: what serial input the domain d was given (when it had
 * the focus and VIRQ_CONSOLE bound), up to count bytes out through copy;
 * the number of bytes, or copy's error. */
long console_rx_read(domid_t d, unsigned int count,
                     int (*copy)(unsigned int off, const char *p, unsigned int n, void *arg),
                     void *arg);

#endif

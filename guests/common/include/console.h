/* Console output: the console_io hypercall (CONSOLEIO_write) when the
 * hypervisor accepts it from this domain, else the debug port 0xe9 (Xen
 * prints an HVM guest's 0xe9 bytes as "(dN) ..." lines on its own console
 * when guest_loglvl lets them through) -- the order Linux's
 * xen_raw_console_write() tries them in. */
#ifndef GUEST_CONSOLE_H
#define GUEST_CONSOLE_H

#include "types.h"

#define DEBUGCON_PORT 0xe9

enum console_path { CONSOLE_HYPERCALL, CONSOLE_E9 };
extern enum console_path console_path;

void console_init(void);
void console_write(const char *buf, size_t len);
void printk(const char *fmt, ...) __printf(1, 2);
void vprintk(const char *fmt, va_list ap);

#endif

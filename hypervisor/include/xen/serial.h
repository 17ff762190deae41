#ifndef XEN_SERIAL_H
#define XEN_SERIAL_H
#include <xen/types.h>

/* com1=<baud>[,DPS[,<io-base>]] as in Xen, e.g. "115200,8n1"; 0 if valid. */
int ns16550_setup(const char *opt);
void ns16550_putc(char c);
int ns16550_getc(void);             /* -1 when nothing was received */
const char *ns16550_describe(void);

#endif

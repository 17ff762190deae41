/* printk on bare metal: COM1 (what the harness reads) and port 0xe9 (QEMU's
 * debug console, if present). Replaces common/console.c, whose console_io
 * path needs a Xen-ABI hypervisor; printk is common/printk.c. */
#include "test.h"

#define COM1 0x3f8

enum console_path console_path = CONSOLE_E9;

/* 115200 8N1, FIFOs on (16550: divisor latch at DLAB, LCR, FCR). */
void console_init(void)
{
    outb(COM1 + 1, 0x00);
    outb(COM1 + 3, 0x80);
    outb(COM1 + 0, 0x01);
    outb(COM1 + 1, 0x00);
    outb(COM1 + 3, 0x03);
    outb(COM1 + 2, 0xc7);
}

/* Waits for THRE (LSR bit 5) without PAUSE: under QEMU a PAUSE ends the
 * TB with a fresh exception number, which would hide the leftover one that
 * test evtinj-intr looks for when the guest prints. */
static void com1_putc(char c)
{
    for ( unsigned int i = 0; i < 100000 && !(inb(COM1 + 5) & 0x20); i++ )
        asm volatile ( "" ::: "memory" );
    outb(COM1, (uint8_t)c);
}

void console_write(const char *buf, size_t len)
{
    for ( size_t i = 0; i < len; i++ )
    {
        if ( buf[i] == '\n' )
            com1_putc('\r');
        com1_putc(buf[i]);
        outb(DEBUGCON_PORT, (uint8_t)buf[i]);
    }
}

/* Console output (see console.h). */
#include "console.h"
#include "hypercall.h"
#include "lib.h"
#include "x86.h"

enum console_path console_path = CONSOLE_E9;

void console_init(void)
{
    static const char probe[] = "";

    /* A zero-length write tells whether this domain may use console_io
     * (Xen's release builds answer -EPERM to an unprivileged domain). */
    if ( xen_cpuid_base && hypercall_console_write(probe, 0) == 0 )
        console_path = CONSOLE_HYPERCALL;
}

void console_write(const char *buf, size_t len)
{
    if ( console_path == CONSOLE_HYPERCALL )
    {
        hypercall_console_write(buf, len);
        return;
    }
    for ( size_t i = 0; i < len; i++ )
        outb(DEBUGCON_PORT, (uint8_t)buf[i]);
}

/* 16550 UART on COM1 (polled; the hypervisor owns this one UART). Register
 * layout: PC16550D datasheet, table 2. */
#include <xen/serial.h>
#include <xen/lib.h>
#include <asm/io.h>

#define RBR 0   /* receive buffer */
#define THR 0   /* transmit holding */
#define IER 1
#define FCR 2
#define LCR 3
#define MCR 4
#define LSR 5
#define  LSR_DR   0x01
#define  LSR_THRE 0x20
#define DLL 0
#define DLM 1
#define LCR_DLAB 0x80
#define UART_CLOCK_HZ 1843200

static struct {
    uint16_t io_base;
    unsigned int baud, data_bits, stop_bits;
    char parity;
    bool ready;
    char desc[48];
} uart = { 0x3f8, 115200, 8, 1, 'n', false, "" };

static int parse_opt(const char *opt)
{
    const char *p = opt;

    if (!strncmp(p, "auto", 4))
        p += 4;
    else if (*p >= '0' && *p <= '9')
        uart.baud = simple_strtoul(p, &p, 10);
    if (*p == '/')                              /* base baud: not needed */
        simple_strtoul(p + 1, &p, 10);
    if (*p == ',' && p[1] >= '5' && p[1] <= '8') {
        uart.data_bits = p[1] - '0';
        uart.parity = p[2];
        uart.stop_bits = p[3] - '0';
        if (!strchr("noems", uart.parity) || (uart.stop_bits != 1 && uart.stop_bits != 2))
            return -1;
        p += 4;
    }
    if (*p == ',' && p[1] >= '0' && p[1] <= '9')
        uart.io_base = (uint16_t)simple_strtoul(p + 1, &p, 0);
    if (*p || !uart.baud || uart.baud > UART_CLOCK_HZ / 16)
        return -1;
    return 0;
}

int ns16550_setup(const char *opt)
{
    static const uint8_t parity_bits[] = { ['n'] = 0, ['o'] = 0x08, ['e'] = 0x18,
                                           ['m'] = 0x28, ['s'] = 0x38 };
    unsigned int div;
    int rc = opt && *opt ? parse_opt(opt) : 0;

    if (rc) {                       /* keep the console usable: defaults */
        uart.baud = 115200, uart.data_bits = 8, uart.stop_bits = 1;
        uart.parity = 'n', uart.io_base = 0x3f8;
    }
    div = UART_CLOCK_HZ / 16 / uart.baud;
    outb(0, uart.io_base + IER);                /* polled: no interrupts */
    outb(LCR_DLAB, uart.io_base + LCR);
    outb(div & 0xff, uart.io_base + DLL);
    outb(div >> 8, uart.io_base + DLM);
    outb((uint8_t)((uart.data_bits - 5) | (uart.stop_bits == 2 ? 4 : 0) |
                   parity_bits[(unsigned char)uart.parity]), uart.io_base + LCR);
    outb(0x07, uart.io_base + FCR);             /* enable and clear FIFOs */
    outb(0x03, uart.io_base + MCR);             /* DTR, RTS */
    snprintf(uart.desc, sizeof(uart.desc), "ns16550 io 0x%x %u,%u%c%u",
             uart.io_base, uart.baud, uart.data_bits, uart.parity, uart.stop_bits);
    uart.ready = true;
    return rc;
}

void ns16550_putc(char c)
{
    if (!uart.ready)
        ns16550_setup(NULL);
    if (c == '\n')
        ns16550_putc('\r');
    for (unsigned int spin = 0; spin < 1000000; spin++)
        if (inb(uart.io_base + LSR) & LSR_THRE)
            break;
    outb((uint8_t)c, uart.io_base + THR);
}

int ns16550_getc(void)
{
    if (!uart.ready || !(inb(uart.io_base + LSR) & LSR_DR))
        return -1;
    return inb(uart.io_base + RBR);
}

const char *ns16550_describe(void)
{
    return uart.desc;
}

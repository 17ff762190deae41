/* printk with a level per message (loglvl=), the "(XEN) " line prefix, and
 * serial input for the debug keys. Output goes to COM1 when console=com1. */
#include <xen/console.h>
#include <xen/lib.h>
#include <xen/serial.h>
#include <xen/keyhandler.h>
#include <asm/spinlock.h>
#include <asm/smp.h>
#include <asm/regs.h>
#include <asm/processor.h>
#include <xen/trace.h>
#include <xen/shutdown.h>
#include <xen/timer.h>
#include <xen/time.h>

char opt_console[32] = "com1";
char opt_com1[64] = "";
char opt_loglvl[32] = "info";

DEFINE_SPINLOCK(console_lock);
static int loglvl_threshold = 2;            /* info */
static bool use_com1 = true, at_line_start = true;
/* Set once the machine is stopping (console_force_unlock): the one CPU
 * still running prints, and tracing too, without taking locks. */
volatile bool console_locks_busted;

int parse_loglvl(const char *s)
{
    static const char *const names[] = { "error", "warning", "info", "debug", "all" };

    if (!strncmp(s, "none", 4) && (!s[4] || s[4] == '/'))
        return -2;
    for (int i = 0; i < (int)ARRAY_SIZE(names); i++) {
        size_t n = strlen(names[i]);

        /* Xen's form is <level>[/<rate-limited level>]; both are accepted. */
        if (!strncmp(s, names[i], n) && (!s[n] || s[n] == '/'))
            return i;
    }
    return -1;
}

/* console=<name>[,<name>...] as in Xen: com1 is where output goes; vga is
 * accepted but there is no VGA console; none silences the console. */
static int parse_console_list(const char *list)
{
    int errors = 0;

    use_com1 = false;
    while (*list) {
        const char *comma = strchr(list, ',');
        size_t n = comma ? (size_t)(comma - list) : strlen(list);

        if (n == 4 && !strncmp(list, "com1", 4))
            use_com1 = true;
        else if (n == 3 && !strncmp(list, "vga", 3))
            printk(XENLOG_WARNING "console: no VGA console here, ignoring 'vga'\n");
        else if (!(n == 4 && !strncmp(list, "none", 4))) {
            printk(XENLOG_ERR "console: unknown console '%.*s' in console=%s\n",
                   (int)n, list, opt_console);
            errors++;
        }
        list += n + (comma ? 1 : 0);
    }
    return errors;
}

int console_setup(void)
{
    int lvl = parse_loglvl(opt_loglvl), errors = 0;

    if (lvl == -1) {
        printk(XENLOG_ERR "console: bad loglvl '%s', keeping 'info'\n", opt_loglvl);
        errors++;
    } else {
        loglvl_threshold = lvl == -2 ? -1 : lvl;
    }
    errors += parse_console_list(opt_console);
    if (ns16550_setup(opt_com1)) {
        printk(XENLOG_ERR "console: bad com1 options '%s', using 115200,8n1\n", opt_com1);
        errors++;
    }
    return errors;
}

void console_puts(const char *s)
{
    if (!use_com1)
        return;
    while (*s)
        ns16550_putc(*s++);
}

static void emit_line_prefixed(const char *s)
{
    for (; *s; s++) {
        if (at_line_start)
            console_puts("(XEN) ");
        ns16550_putc(*s);
        at_line_start = *s == '\n';
    }
}

void vprintk(const char *fmt, va_list ap)
{
    char buf[512];
    const char *p = buf;
    int level = 1;                          /* untagged: warning, as Xen */
    unsigned long flags;
    bool locked;

    vsnprintf(buf, sizeof(buf), fmt, ap);
    if (p[0] == '<' && p[1] >= '0' && p[1] <= '3' && p[2] == '>') {
        level = p[1] - '0';
        p += 3;
    }
    if (level > loglvl_threshold || !use_com1)
        return;
    flags = local_irq_save();
    locked = !console_locks_busted;
    if (locked)
        spin_lock(&console_lock);
    emit_line_prefixed(p);
    if (locked)
        spin_unlock(&console_lock);
    local_irq_restore(flags);
}

void printk(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vprintk(fmt, ap);
    va_end(ap);
}

/* Output is never buffered here, so sync mode (Xen's term) only means
 * that a report starts on a line of its own. */
void console_start_sync(void)
{
    if (!at_line_start)
        printk("\n");
}

/* Xen's semantics: called once every other CPU is stopped. A stopped CPU
 * may have been holding console_lock (or trace_lock) in the middle of a
 * line: from now on nobody takes them, and the half line is ended. */
void console_force_unlock(void)
{
    spin_unlock(&console_lock);
    console_locks_busted = true;
    console_start_sync();
}

void console_poll_input(void)
{
    int c;

    while ((c = ns16550_getc()) >= 0)
        serial_rx((char)c);
}

volatile bool panic_in_progress;

void panic(const char *fmt, ...)
{
    static bool reporting;
    char buf[256];
    va_list ap;

    /* One report however many CPUs panic at once: only the first CPU comes
     * back from smp_send_stop(), the others wait there for its NMI. */
    smp_send_stop();
    if (reporting) {
        printk("\nPanic while reporting a panic: halting CPU%u\n", smp_processor_id());
        halt_forever();
    }
    reporting = true;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    printk("\n****************************************\n");
    printk("Panic on CPU %u:\n%s\n", smp_processor_id(), buf);
    printk("****************************************\n\n");
    trace(TRC_POWER, "panic", "cpu=%u", smp_processor_id());
    machine_halt_or_reboot();
}

/* The UART runs without interrupts: CPU0 polls it from a timer, like Xen's
 * ns16550 polling mode. */
#define POLL_PERIOD MILLISECS(10)
static struct timer poll_timer;

static void poll_input(void *unused)
{
    (void)unused;
    set_timer(&poll_timer, NOW() + POLL_PERIOD);   /* first: a key may never return */
    console_poll_input();
}

void console_init_postirq(void)
{
    init_timer(&poll_timer, poll_input, NULL, 0);
    set_timer(&poll_timer, NOW() + POLL_PERIOD);
}

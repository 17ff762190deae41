/* Serial input: the hypervisor's debug keys or a domain's console, as
 * Xen's console switches it (xen/console_switch.h for the rules). At the
 * end of boot input goes to the first domain created at boot, unless
 * conswitch=<c>x keeps it with the hypervisor. A domain that bound
 * VIRQ_CONSOLE takes it as Xen's dom0 does: kept in a ring of 128 bytes
 * (what does not fit is dropped), announced by the VIRQ, read with
 * CONSOLEIO_read; any other takes it through the console ring the
 * hypervisor serves it (dom0-less domains). */
#include <xen/lib.h>
#include <xen/sched.h>
#include <xen/console.h>
#include <xen/console_ring.h>
#include <xen/console_switch.h>
#include <xen/keyhandler.h>
#include <xen/trace.h>
#include <xen/event.h>
#include <asm/spinlock.h>
#include <public/errno.h>

char opt_conswitch[4] = "a";

static struct conswitch conswitch;
static unsigned int console_rx;         /* 0: the hypervisor, else domid + 1 */
static unsigned int max_init_domid;

static bool domain_exists(unsigned int domid)
{
    return get_domain_by_id((domid_t)domid) != NULL;
}

static void print_serial_input(void)
{
    if (console_rx)
        printk("*** Serial input to DOM%u", console_rx - 1);
    else
        printk("*** Serial input to Xen");
    if (conswitch.code)
        printk(" (type 'CTRL-%c' three times to switch input)", conswitch.code - 1 + 'a');
    printk("\n");
    trace(TRC_KEY, "focus", "rx=%s%d", console_rx ? "d" : "xen", (int)console_rx - 1);
}

static void switch_serial_input(void)
{
    console_rx = console_rx_next(console_rx, max_init_domid, domain_exists);
    print_serial_input();
}

/* Xen never restarts a boot-time domain itself; ours does (on_reboot=
 * restart), under a new ID: it stays in the rotation, and input that went
 * to the old one follows it. */
void console_input_domain_replaced(domid_t old, domid_t new)
{
    if (new < DOMID_FIRST_RESERVED && new > max_init_domid)
        max_init_domid = new;
    if (console_rx == (unsigned int)old + 1) {
        console_rx = (unsigned int)new + 1;
        print_serial_input();
    }
}

/* Xen's serial_rx_ring (SERIAL_RX_SIZE), kept for one domain at a time. */
#define SERIAL_RX_SIZE 128
static char serial_rx_ring[SERIAL_RX_SIZE];
static unsigned int serial_rx_cons, serial_rx_prod;
static domid_t serial_rx_owner = DOMID_INVALID;
static spinlock_t serial_rx_lock = SPIN_LOCK_UNLOCKED;

/* Into the ring of d (which bound VIRQ_CONSOLE), and the VIRQ sent. */
static void rx_to_virq(struct domain *d, char c)
{
    unsigned long flags = spin_lock_irqsave(&serial_rx_lock);

    if (serial_rx_owner != d->domain_id) {
        serial_rx_owner = d->domain_id;         /* the focus moved: start afresh */
        serial_rx_cons = serial_rx_prod;
    }
    if (serial_rx_prod - serial_rx_cons != SERIAL_RX_SIZE)
        serial_rx_ring[serial_rx_prod++ % SERIAL_RX_SIZE] = c;
    spin_unlock_irqrestore(&serial_rx_lock, flags);
    send_guest_global_virq_domain(d, VIRQ_CONSOLE);
}

/* Each chunk is taken under the lock and copied out without it (a copy
 * walks the guest's page tables); it counts as read once copied. */
long console_rx_read(domid_t d, unsigned int count,
                     int (*copy)(unsigned int off, const char *p, unsigned int n, void *arg),
                     void *arg)
{
    char chunk[SERIAL_RX_SIZE];
    unsigned int done = 0;

    while (done < count) {
        unsigned long flags = spin_lock_irqsave(&serial_rx_lock);
        unsigned int cons = serial_rx_cons, len = 0;

        if (serial_rx_owner == d)
            len = MIN(serial_rx_prod - cons, count - done);
        for (unsigned int i = 0; i < len; i++)
            chunk[i] = serial_rx_ring[(cons + i) % SERIAL_RX_SIZE];
        spin_unlock_irqrestore(&serial_rx_lock, flags);
        if (!len)
            break;
        if (copy(done, chunk, len, arg))
            return -XEN_EFAULT;             /* as Xen: the chunk stays unread */
        flags = spin_lock_irqsave(&serial_rx_lock);
        if (serial_rx_owner == d && serial_rx_cons == cons)
            serial_rx_cons += len;
        spin_unlock_irqrestore(&serial_rx_lock, flags);
        done += len;
    }
    return done;
}

void serial_rx(char c)
{
    char out[3];
    bool now;
    unsigned int n = conswitch_feed(&conswitch, c, out, &now);

    if (now)
        switch_serial_input();
    for (unsigned int i = 0; i < n; i++) {
        struct domain *d = console_rx ? get_domain_by_id((domid_t)(console_rx - 1)) : NULL;

        if (!console_rx)
            handle_keypress(out[i]);
        else if (d && domain_virq_bound(d, VIRQ_CONSOLE))
            rx_to_virq(d, out[i]);
        else if (console_ring_input((domid_t)(console_rx - 1), out[i]))
            printk("Cannot send chars to Dom%u: no console ring\n", console_rx - 1);
    }
}

void console_input_endboot(void)
{
    bool no_auto;

    if (conswitch_parse(opt_conswitch, &conswitch, &no_auto)) {
        printk(XENLOG_ERR "conswitch=%s: not <letter>[x]; using 'a'\n", opt_conswitch);
        conswitch_parse("a", &conswitch, &no_auto);
    }
    for (struct domain *d = domain_list; d; d = d->next_in_list)
        if (d->domain_id < DOMID_FIRST_RESERVED && d->domain_id > max_init_domid)
            max_init_domid = d->domain_id;
    /* With 'x' the switch below wraps straight back to the hypervisor:
     * Xen's way of still printing how to switch. */
    if (no_auto)
        console_rx = max_init_domid + 1;
    switch_serial_input();
}

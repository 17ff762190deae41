/* Serial input: the hypervisor's debug keys or a domain's console, as
 * Xen's console switches it (xen/console_switch.h for the rules). At the
 * end of boot input goes to the first domain created at boot, unless
 * conswitch=<c>x keeps it with the hypervisor; a domain takes it through
 * the console ring the hypervisor serves it (dom0-less domains). */
#include <xen/lib.h>
#include <xen/sched.h>
#include <xen/console.h>
#include <xen/console_ring.h>
#include <xen/console_switch.h>
#include <xen/keyhandler.h>
#include <xen/trace.h>

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

void serial_rx(char c)
{
    char out[3];
    bool now;
    unsigned int n = conswitch_feed(&conswitch, c, out, &now);

    if (now)
        switch_serial_input();
    for (unsigned int i = 0; i < n; i++) {
        if (!console_rx)
            handle_keypress(out[i]);
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

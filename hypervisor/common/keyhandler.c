/* Debug key table and the handlers that belong to no other subsystem. */
#include <xen/keyhandler.h>
#include <xen/lib.h>
#include <xen/trace.h>
#include <xen/time.h>
#include <xen/shutdown.h>

static struct {
    keyhandler_fn_t *fn;
    const char *desc;
} key_table[128];

void register_keyhandler(unsigned char key, keyhandler_fn_t *fn, const char *desc)
{
    if (key < ARRAY_SIZE(key_table)) {
        key_table[key].fn = fn;
        key_table[key].desc = desc;
    }
}

void handle_keypress(char c)
{
    unsigned char key = (unsigned char)c;

    if (key >= ARRAY_SIZE(key_table) || !key_table[key].fn) {
        if (key > ' ' && key < 127)
            printk("'%c' pressed -> no handler ('h' lists them)\n", key);
        return;
    }
    trace(TRC_KEY, "pressed", "key=%c", key);
    key_table[key].fn(key);
}

static void show_handlers(unsigned char key)
{
    printk("'%c' pressed -> showing installed handlers\n", key);
    for (unsigned int k = 0; k < ARRAY_SIZE(key_table); k++)
        if (key_table[k].fn)
            printk(" key '%c' (ascii '%02x') => %s\n", k, k, key_table[k].desc);
}

static void do_reboot_key(unsigned char key)
{
    printk("'%c' pressed -> rebooting machine\n", key);
    machine_restart();
}

static void do_poweroff_key(unsigned char key)
{
    printk("'%c' pressed -> powering off machine\n", key);
    machine_power_off();
}

void initialize_keytable(void)
{
    register_keyhandler('h', show_handlers, "show this message");
    register_keyhandler('R', do_reboot_key, "reboot machine");
    register_keyhandler('O', do_poweroff_key, "power off machine (ACPI S5)");
}

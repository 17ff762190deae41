/* The domain shuts itself down with the reason its command line names
 * (reason=poweroff|reboot|suspend|crash|watchdog, public/sched.h); the
 * scenario checks that the toolstack saw that reason. */
#include "test.h"

const char test_title[] = "SCHEDOP_shutdown with the reason asked for";

void test_main(void)
{
    char name[16];
    int reason;

    if ( !cmdline_get(test_cmdline, "reason", name, sizeof(name)) )
        return test_fail("no reason= on the command line");
    reason = shutdown_reason_from_name(name);
    if ( reason < 0 )
        return test_fail("unknown shutdown reason \"%s\"", name);
    printk("shutting down with reason %d (%s)\n", reason, name);
    test_set_shutdown((unsigned int)reason);
}

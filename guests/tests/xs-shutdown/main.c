/* The toolstack's request to shut down, as a PV-aware guest takes it:
 * the xenstore node control/shutdown under its own domain ("poweroff",
 * "halt", "reboot"; docs/misc/xenstore-paths.pandoc), which Linux's xenbus
 * watches. This guest reads it every 100 ms with the framework's client
 * (it does not watch), blocked in SCHEDOP_poll in between, then shuts
 * down with the reason asked for: what xm shutdown and xm reboot are
 * tested with. Command line: wait_s=<how long to wait, default 300>. */
#include "test.h"
#include "xenstore.h"

const char test_title[] = "control/shutdown: shut down when the toolstack asks";

void test_main(void)
{
    unsigned long wait_s = 300;
    char val[32] = "";
    uint64_t end;
    long rc;

    if ( !xen_cpuid_base )
        return test_skip("not on a Xen-ABI hypervisor");
    if ( !tsc_khz() )
        return test_skip("no TSC rate in Xen's time leaf");
    if ( (rc = xenstore_init()) )
        return test_skip("no xenstore ring (%ld): nobody can ask", rc);
    /* Waiting minutes, it must leave dom0 the pCPUs: a yielding loop in
     * three such guests kept dom0's shell from running xm for a minute. */
    if ( (rc = xenstore_wait_by_poll()) )
        return test_fail("mapping shared_info to poll: %ld", rc);
    cmdline_get_ulong(test_cmdline, "wait_s", &wait_s);
    printk("waiting for control/shutdown\n");
    end = rdtsc() + wait_s * 1000 * tsc_khz();
    for ( ;; )
    {
        /* 30 s for one answer: a dom0 busy creating domains under TCG
         * has kept our xenstored from answering for more than 2 s. */
        rc = xenstore_read("control/shutdown", val, sizeof(val), 30000);
        if ( rc > 0 )
            break;
        if ( rc < 0 && rc != -XEN_ENOENT )
            return test_fail("reading control/shutdown: %ld", rc);
        if ( rdtsc() > end )
            return test_fail("nobody asked within %lu s", wait_s);
        xenstore_sleep(100);
    }
    printk("control/shutdown: '%s'\n", val);
    if ( !strcmp(val, "poweroff") || !strcmp(val, "halt") )
        test_set_shutdown(SHUTDOWN_poweroff);
    else if ( !strcmp(val, "reboot") )
        test_set_shutdown(SHUTDOWN_reboot);
    else
        test_fail("control/shutdown is '%s', not poweroff, halt or reboot", val);
}

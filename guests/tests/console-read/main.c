/* Serial input through CONSOLEIO_read, as Xen's dom0 takes it (Linux's
 * hvc_xen for the initial domain): VIRQ_CONSOLE bound, the hypervisor's
 * console switched to this domain (CTRL-a three times), each key
 * announced by the VIRQ and read with console_io. Xen 4.17 refuses
 * console_io to a domU that is not the console domain (XSM: -EPERM for
 * read as for write), so on the reference stack the test checks that
 * refusal; on ours a dom0-less domain may use console_io, and reads what
 * is typed to it. Command line: line=<text the scenario types>. */
#include "test.h"
#include "evtchn.h"

const char test_title[] = "CONSOLEIO_read: the serial input of a domain with the focus";

static evtchn_port_t virq_port;
static volatile unsigned int virqs;

static long console_read(char *buf, unsigned long count)
{
    return hypercall(__HYPERVISOR_console_io, CONSOLEIO_read, count, (unsigned long)buf);
}

static void on_port(unsigned int vcpu, evtchn_port_t p)
{
    (void)vcpu;
    if ( p == virq_port )
        virqs++;
}

static void expect_rc(const char *what, long rc, long want)
{
    printk("%-40s = %ld\n", what, rc);
    if ( rc != want )
        test_fail("%s: %ld, Xen gives %ld", what, rc, want);
}

/* Reads what was typed until a line ends (CR or LF), within 120 s. */
static unsigned int read_line(char *line, unsigned int size)
{
    uint64_t end = rdtsc() + 120000ULL * tsc_khz();
    unsigned int n = 0, seen = 0;

    while ( n < size - 1 && rdtsc() < end )
    {
        long rc;

        sti();
        while ( virqs == seen && rdtsc() < end )
            pause();
        cli();
        seen = virqs;
        rc = console_read(line + n, size - 1 - n);
        if ( rc < 0 )
        {
            test_fail("CONSOLEIO_read: %ld", rc);
            break;
        }
        n += (unsigned int)rc;
        if ( n && (line[n - 1] == '\r' || line[n - 1] == '\n') )
            break;
    }
    line[n] = '\0';
    return n;
}

void test_main(void)
{
    struct evtchn_bind_virq bv = { .virq = VIRQ_CONSOLE, .vcpu = 0 };
    char want[64] = "", line[80], buf[8];
    unsigned int n;

    if ( !xen_cpuid_base )
        return test_skip("not on a Xen-ABI hypervisor");
    if ( console_path != CONSOLE_HYPERCALL )
    {
        /* Xen: not the console domain. The read is refused as the write. */
        expect_rc("CONSOLEIO_read by a domU", console_read(buf, sizeof(buf)), -XEN_EPERM);
        return;
    }
    if ( !tsc_khz() )
        return test_skip("no TSC rate in Xen's time leaf");
    cmdline_get(test_cmdline, "line", want, sizeof(want));
    expect_rc("CONSOLEIO_read, nothing typed yet", console_read(buf, sizeof(buf)), 0);
    expect_rc("CONSOLEIO_read of 2^31 bytes", console_read(buf, 0x80000000ul), -XEN_E2BIG);
    if ( evtchn_map_shared_info() )
        return test_fail("add_to_physmap(shared_info) failed");
    evtchn_port_handler = on_port;
    if ( evtchn_use_callback_vector() )
        return test_fail("set_param(CALLBACK_IRQ) failed");
    expect_rc("bind VIRQ_CONSOLE", evtchn_op(EVTCHNOP_bind_virq, &bv), 0);
    virq_port = bv.port;
    printk("waiting for a line on the serial console\n");
    n = read_line(line, sizeof(line));
    while ( n && (line[n - 1] == '\r' || line[n - 1] == '\n') )
        line[--n] = '\0';
    printk("read %u bytes after %u VIRQ_CONSOLE event(s): '%s'\n", n, virqs, line);
    if ( !virqs )
        test_fail("no VIRQ_CONSOLE came");
    if ( strcmp(line, want) )
        test_fail("read '%s', typed '%s'", line, want);
    /* A key typed now is read into a buffer the hypervisor cannot write:
     * -EFAULT, and the key stays to be read after. */
    printk("waiting for one more key\n");
    for ( unsigned int seen = virqs; virqs == seen; )
        sti(), pause(), cli();
    expect_rc("CONSOLEIO_read into an unmapped buffer",
              hypercall(__HYPERVISOR_console_io, CONSOLEIO_read, 1, 0x0000700000000000ul),
              -XEN_EFAULT);
    expect_rc("CONSOLEIO_read of the key after it", console_read(buf, 1), 1);
    printk("the key: '%c'\n", buf[0]);
}

/* do_console_io: a guest's writes appear on the hypervisor console as
 * "(dN) ..." lines, as on Xen with guest_loglvl=all; CONSOLEIO_read gives
 * the serial input a domain with the focus and VIRQ_CONSOLE bound was
 * sent (common/console_input.c), as Xen's dom0 reads it. */
#include <xen/lib.h>
#include <xen/sched.h>
#include <xen/hypercall.h>
#include <xen/guest_access.h>
#include <xen/console.h>
#include <asm/smp.h>
#include <asm/hvm/hvm.h>
#include <public/errno.h>

/* One character of a guest's console output (console_io or the debug port
 * 0xe9), line-buffered per vCPU; what is not printable shows as '.', so a
 * guest cannot drive the serial terminal. */
void guest_console_putc(struct vcpu *v, char c)
{
    struct hvm_vcpu *h = &v->arch.hvm;

    if (c != '\n' && c != '\r' && h->dbg_len < sizeof(h->dbg_buf) - 1)
        h->dbg_buf[h->dbg_len++] = (c >= 0x20 && c < 0x7f) || c == '\t' ? c : '.';
    if (c == '\n' || h->dbg_len == sizeof(h->dbg_buf) - 1) {
        h->dbg_buf[h->dbg_len] = '\0';
        printk("(d%u) %s\n", v->domain->domain_id, h->dbg_buf);
        h->dbg_len = 0;
    }
}

static int copy_rx_out(unsigned int off, const char *p, unsigned int n, void *arg)
{
    return copy_to_guest(*(uint64_t *)arg + off, p, n) ? -XEN_EFAULT : 0;
}

long do_console_io(int cmd, unsigned int count, uint64_t buffer)
{
    char chunk[128];

    switch (cmd) {
    case CONSOLEIO_write:
        for (unsigned int done = 0; done < count;) {
            unsigned int n = MIN(count - done, (unsigned int)sizeof(chunk));

            if (copy_from_guest(chunk, buffer + done, n))
                return -XEN_EFAULT;
            for (unsigned int i = 0; i < n; i++)
                guest_console_putc(current, chunk[i]);
            done += n;
        }
        return 0;
    case CONSOLEIO_read:
        /* Xen 4.17: a count the int result cannot hold is -E2BIG. */
        if (count > INT32_MAX)
            return -XEN_E2BIG;
        return console_rx_read(current->domain->domain_id, count, copy_rx_out, &buffer);
    }
    return -XEN_ENOSYS;
}

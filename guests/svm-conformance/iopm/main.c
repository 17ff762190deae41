/* I/O intercepts through the permission map (APM vol. 2, 15.10): with
 * IOIO_PROT set, an IN/OUT exits if the IOPM bit of any port it touches is
 * set, with EXITINFO1 = port << 16, size (bits 4-6), type (bit 0, 1 = IN)
 * and EXITINFO2 = the next RIP; ports whose bits are clear run. */
#include "svm.h"

const char test_title[] = "IOIO intercepts follow the I/O permission map";

#define IO_TYPE_IN  (1ull << 0)
#define IO_STR      (1ull << 2)
#define IO_REP      (1ull << 3)
#define IO_SZ8      (1ull << 4)
#define IO_SZ16     (1ull << 5)

void guest_io(void);
extern const uint8_t io_out80[], io_out81[], io_in80[], io_outw7f[], io_end[];
asm ( ".pushsection .text\n"
      ".globl guest_io, io_out80, io_out81, io_in80, io_outw7f, io_end\n"
      "guest_io:\n"
      "io_out80:  outb %al, $0x80\n"
      "io_out81:  outb %al, $0x81\n"
      "io_in80:   inb $0x80, %al\n"
      "io_outw7f: outw %ax, $0x7f\n"
      "io_end:    ret\n"
      ".popsection" );

static void expect_io(const uint8_t *at, unsigned int len, uint64_t want1, const char *what)
{
    uint64_t mask = 0xffff0000ull | IO_TYPE_IN | IO_STR | IO_REP | 0x70;

    svm_run();
    printk("%s: exit %s at %#lx, EXITINFO1 %#lx, EXITINFO2 %#lx\n", what,
           exit_name(vmcb.exitcode), vmcb.rip, vmcb.exitinfo1, vmcb.exitinfo2);
    if ( !check_exit(VMEXIT_IOIO, what) )
        return;
    if ( vmcb.rip != (uintptr_t)at )
        test_fail("%s: exit at %#lx, not %#lx", what, vmcb.rip, (uint64_t)(uintptr_t)at);
    if ( (vmcb.exitinfo1 & mask) != want1 )
        test_fail("%s: EXITINFO1 %#lx, not %#lx in the bits %#lx", what, vmcb.exitinfo1,
                  want1, mask);
    if ( vmcb.exitinfo2 != (uintptr_t)at + len )
        test_fail("%s: EXITINFO2 %#lx, not the next RIP %#lx", what, vmcb.exitinfo2,
                  (uint64_t)(uintptr_t)at + len);
    guest_skip(len);
}

void test_main(void)
{
    vmcb_init(guest_io);
    vmcb.intercepts3 |= INTERCEPT_IOIO_PROT;
    iopm[0x80 / 8] |= 1u << (0x80 % 8);
    expect_io(io_out80, 2, (0x80ull << 16) | IO_SZ8, "outb 0x80 (bit set)");
    /* outb 0x81 (bit clear) runs; the next exit is the IN. */
    expect_io(io_in80, 2, (0x80ull << 16) | IO_SZ8 | IO_TYPE_IN, "inb 0x80 after outb 0x81");
    /* A word at 0x7f touches 0x80 too (15.10.1: every byte's bit counts). */
    expect_io(io_outw7f, 3, (0x7full << 16) | IO_SZ16, "outw 0x7f");
    if ( !test_failed() )
    {
        svm_run();
        if ( check_exit(VMEXIT_VMMCALL, "after the last OUT") &&
             vmcb.rip != (uintptr_t)guest_exit_vmmcall )
            test_fail("the guest ended at %#lx", vmcb.rip);
    }
}

/* Port I/O to ports nobody claims: a PVH domU has no emulated PIC, PIT or
 * UART and no device model, so Xen completes the access itself (no ioreq
 * server: reads give all-ones, writes are dropped). Linux relies on this
 * when it probes the 8259 at 0x21. */
#include "test.h"

const char test_title[] = "Port I/O: unclaimed ports read all-ones, writes dropped";

void test_main(void)
{
    uint8_t b;
    uint16_t w;
    uint32_t l;

    b = inb(0x21);                 /* 8259 master mask */
    printk("inb(0x21) = %#x\n", b);
    if ( b != 0xff )
        test_fail("inb(0x21) = %#x, not 0xff", b);

    outb(0x21, 0x5a);
    b = inb(0x21);
    printk("after outb(0x21, 0x5a): %#x\n", b);
    if ( b != 0xff )
        test_fail("write to 0x21 was kept: reads %#x", b);

    w = inw(0x3fa);                /* COM1 IIR/FCR: no UART here */
    printk("inw(0x3fa) = %#x\n", w);
    if ( w != 0xffff )
        test_fail("inw(0x3fa) = %#x, not 0xffff", w);

    outl(0x1000, 0x12345678);
    l = inl(0x1000);
    printk("inl(0x1000) after outl = %#x\n", l);
    if ( l != 0xffffffff )
        test_fail("inl(0x1000) = %#x, not 0xffffffff", l);
}

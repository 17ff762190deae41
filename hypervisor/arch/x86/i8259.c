/* The legacy 8259A PICs: the BIOS leaves IRQ0 (PIT) on vector 8, where it
 * would look like a double fault. Remap them above the exceptions and mask
 * every line; the hypervisor uses only the local APIC. (8259A datasheet,
 * ICW1-ICW4.) */
#include <xen/lib.h>
#include <asm/io.h>

void init_8259A(void)
{
    outb(0x11, 0x20);           /* ICW1: edge, cascade, ICW4 follows */
    outb(0x11, 0xa0);
    outb(0x20, 0x21);           /* ICW2: master vectors 0x20-0x27 */
    outb(0x28, 0xa1);           /*       slave 0x28-0x2f */
    outb(0x04, 0x21);           /* ICW3: slave on IRQ2 */
    outb(0x02, 0xa1);
    outb(0x01, 0x21);           /* ICW4: 8086 mode */
    outb(0x01, 0xa1);
    outb(0xff, 0x21);           /* mask everything */
    outb(0xff, 0xa1);
}

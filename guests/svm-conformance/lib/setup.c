/* From the multiboot entry (multiboot.S, then common/head.S's identity map
 * and long mode) to test_main() and the result line, on bare metal. */
#include "svm.h"

/* Vector 8 is #DF in our IDT, and SeaBIOS leaves the PIT ticking on the
 * 8259's IRQ 0 at vector 8: mask both 8259s (OCW1) before any STI. */
static void pic_mask_all(void)
{
    outb(0x21, 0xff);
    outb(0xa1, 0xff);
}

static void __noreturn halt_forever(void)
{
    for ( ;; )
        asm volatile ( "cli; hlt" );
}

/* Called by head.S in 64-bit mode; %ebx held the multiboot info. */
void __noreturn guest_start(uint32_t mbi);
void __noreturn guest_start(uint32_t mbi)
{
    (void)mbi;
    trap_init();
    console_init();
    pic_mask_all();
    test_set_exit(halt_forever);

    printk("\n--- xenlab SVM conformance test: %s ---\n", test_title);
    if ( svm_enable() )
    {
        printk("SVM: features %#x, %u ASIDs\n", svm_features, svm_nasid);
        guest_idt_init();
        test_main();
    }
    test_finish();
}

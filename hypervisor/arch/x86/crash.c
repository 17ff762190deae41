/* The 'C' debug key: a deliberate fatal page fault, so that the exception
 * reporter (registers, CR2, stack trace, panic) can be exercised. */
#include <xen/lib.h>
#include <xen/keyhandler.h>

static void __attribute__((noinline)) crash_by_page_fault(void)
{
    /* Above the 4 GiB identity map: not present. */
    volatile uint64_t *p = (volatile uint64_t *)(uintptr_t)0x100000000000ULL;

    *p = 0xdead;
}

static void do_crash_key(unsigned char key)
{
    printk("'%c' pressed -> triggering a fatal page fault\n", key);
    crash_by_page_fault();
}

void crash_keyhandler_init(void)
{
    register_keyhandler('C', do_crash_key, "trigger a crash (fatal page fault)");
}

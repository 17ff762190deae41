/* A guest that crashes itself on purpose: with an empty IDT any exception
 * escalates to #DF and then to a triple fault (shutdown; AMD APM vol. 2,
 * 8.2.9). The hypervisor must end this domain and live on. Xen 4.17 dumps
 * the vCPU ("Triple fault - invoking HVM shutdown action N") and shuts the
 * domain down with HVM_PARAM_TRIPLE_FAULT_REASON, SHUTDOWN_reboot unless the
 * toolstack set another (xen/arch/x86/hvm/hvm.c: hvm_triple_fault). The
 * result line comes first: it says the guest reached the crash. */
#include "test.h"

const char test_title[] = "Triple fault: the guest crashes itself";

static void __noreturn triple_fault(void)
{
    static const struct { uint16_t limit; uint64_t base; } __attribute__((packed))
        empty = { 0, 0 };

    asm volatile ( "lidt %0; ud2" :: "m" (empty) );
    for ( ;; )
        ;
}

void test_main(void)
{
    printk("loading an empty IDT, then ud2\n");
    test_set_exit(triple_fault);
}

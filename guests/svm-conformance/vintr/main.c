/* V_IRQ without the VINTR intercept (APM vol. 2, 15.21.4): with the
 * guest's RFLAGS.IF set, the virtual interrupt is taken through the guest's
 * IDT at V_INTR_VECTOR before its first instruction, once, and V_IRQ is
 * clear in the VMCB at the next #VMEXIT; with IF clear it stays pending. */
#include "svm.h"

const char test_title[] = "V_IRQ: taken with IF set, pending with IF clear";

#define VEC 0x50

static void guest(void)
{
}

static void run(bool if_set)
{
    vmcb_init(guest);
    guest_event_exit = 0;
    vmcb.rflags = 0x2 | (if_set ? X86_EFLAGS_IF : 0);
    vmcb.vintr = V_IRQ | V_INTR_PRIO(0xf) | V_IGN_TPR | V_INTR_MASKING | V_INTR_VECTOR(VEC);
    if ( !run_to_end(if_set ? "V_IRQ, IF set" : "V_IRQ, IF clear") )
        return;
    printk("IF=%d: vector %#x taken %u times, frame RIP %#lx, V_INTR %#lx\n", if_set, VEC,
           guest_event_count[VEC], guest_event.frame[0], vmcb.vintr);
    if ( if_set )
    {
        if ( guest_event_count[VEC] != 1 )
            test_fail("IF set: vector %#x taken %u times, not once", VEC, guest_event_count[VEC]);
        else if ( guest_event.frame[0] != (uintptr_t)guest )
            test_fail("IF set: taken at %#lx, not before the first instruction %#lx",
                      guest_event.frame[0], (uint64_t)(uintptr_t)guest);
        if ( vmcb.vintr & V_IRQ )
            test_fail("IF set: V_IRQ still set after it was taken (V_INTR %#lx)", vmcb.vintr);
    }
    else
    {
        if ( guest_event_count[VEC] )
            test_fail("IF clear: vector %#x taken %u times", VEC, guest_event_count[VEC]);
        if ( !(vmcb.vintr & V_IRQ) )
            test_fail("IF clear: V_IRQ cleared although not taken (V_INTR %#lx)", vmcb.vintr);
    }
}

void test_main(void)
{
    run(true);
    run(false);
}

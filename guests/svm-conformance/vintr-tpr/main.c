/* V_IRQ against the virtual TPR (APM vol. 2, 15.21.1, 15.21.4): without
 * V_IGN_TPR a virtual interrupt is taken only when V_INTR_PRIO is above
 * V_TPR: priority 2 under V_TPR 5 stays pending, V_TPR 1 lets it in. */
#include "svm.h"

const char test_title[] = "V_IRQ waits for V_TPR below its priority";

#define VEC 0x50

static void guest_nop(void)
{
}

static void run(unsigned int tpr, bool taken)
{
    vmcb_init(guest_nop);
    guest_event_exit = 0;
    vmcb.rflags = 0x2 | X86_EFLAGS_IF;
    vmcb.vintr = V_IRQ | V_INTR_PRIO(2) | V_INTR_MASKING | V_INTR_VECTOR(VEC) | tpr;
    if ( !run_to_end("V_IRQ against V_TPR") )
        return;
    printk("prio 2, V_TPR %u: taken %u times, V_INTR %#lx\n", tpr, guest_event_count[VEC],
           vmcb.vintr);
    if ( guest_event_count[VEC] != (taken ? 1u : 0u) || !(vmcb.vintr & V_IRQ) != taken )
        test_fail("priority 2, V_TPR %u: taken %u times (V_INTR %#lx), expected %s", tpr,
                  guest_event_count[VEC], vmcb.vintr, taken ? "once" : "pending");
}

void test_main(void)
{
    run(5, false);
    run(1, true);
}

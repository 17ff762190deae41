/* EVENTINJ of an NMI (APM vol. 2, 15.20, TYPE 2): VMRUN delivers vector 2
 * through the guest's IDT before its first instruction, no error code. */
#include "svm.h"

const char test_title[] = "EVENTINJ: an NMI reaches the guest's vector 2";

static void guest(void)
{
}

void test_main(void)
{
    vmcb_init(guest);
    vmcb.eventinj = EVT(EVT_TYPE_NMI, 2);
    svm_run();
    if ( !exit_is_event() )
        return (void)check_exit(VMEXIT_VMMCALL, "NMI injected, expecting the guest's vector 2 stub");
    printk("vector %lu, frame %#lx %#lx, EXITINTINFO %#lx\n", guest_event.vector,
           guest_event.frame[0], guest_event.frame[1], vmcb.exitintinfo);
    if ( guest_event.vector != 2 || guest_event_count[2] != 1 )
        test_fail("the guest took vector %lu (%u NMIs), not one NMI", guest_event.vector,
                  guest_event_count[2]);
    if ( guest_event.frame[0] != (uintptr_t)guest )
        test_fail("frame[0] %#lx, not the guest's RIP %#lx", guest_event.frame[0],
                  (uint64_t)(uintptr_t)guest);
    if ( vmcb.exitintinfo & EVT_V )
        test_fail("EXITINTINFO %#lx after a completed delivery", vmcb.exitintinfo);
}

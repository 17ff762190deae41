/* EVENTINJ of #GP with EV clear (APM vol. 2, 15.20: "EV: set to 1 if the
 * exception should push an error code onto the stack; clear to 0
 * otherwise"): the frame has no error code, although #GP raised by an
 * instruction has one. QEMU 7.2 ignores EV ("FIXME: need to implement
 * valid_err") and pushes one by the vector. */
#include "svm.h"

const char test_title[] = "EVENTINJ: EV clear means no error code, whatever the vector";

static void guest(void)
{
}

void test_main(void)
{
    vmcb_init(guest);
    vmcb.eventinj = EVT(EVT_TYPE_EXCEPTION, X86_EXC_GP) | (0x5a5aull << 32);
    svm_run();
    if ( !exit_is_event() )
        return (void)check_exit(VMEXIT_VMMCALL, "#GP injected, expecting its stub");
    printk("#GP EV=0: vector %lu, frame %#lx %#lx %#lx\n", guest_event.vector,
           guest_event.frame[0], guest_event.frame[1], guest_event.frame[2]);
    if ( guest_event.vector != X86_EXC_GP )
        return test_fail("the guest took vector %lu, not #GP", guest_event.vector);
    if ( guest_event.frame[0] != (uintptr_t)guest )
        test_fail("frame %#lx %#lx: an error code was pushed (EV clear), RIP %#lx expected first",
                  guest_event.frame[0], guest_event.frame[1], (uint64_t)(uintptr_t)guest);
}

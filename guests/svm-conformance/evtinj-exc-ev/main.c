/* EVENTINJ of exceptions (APM vol. 2, 15.20, TYPE 3): EV set pushes the
 * given error code (#GP, #PF), EV clear pushes none (#UD, #BP). */
#include "svm.h"

const char test_title[] = "EVENTINJ: exceptions with and without an error code";

static void guest(void)
{
}

static void inject(unsigned int vec, bool ev, uint32_t ec)
{
    uint64_t want0 = ev ? ec : (uintptr_t)guest;

    vmcb_init(guest);
    vmcb.eventinj = EVT(EVT_TYPE_EXCEPTION, vec) | (ev ? EVT_EV : 0) | ((uint64_t)ec << 32);
    svm_run();
    if ( !exit_is_event() )
        return (void)check_exit(VMEXIT_VMMCALL, "exception injected, expecting its stub");
    printk("%s EV=%d: vector %lu, RSP %#lx, frame %#lx %#lx %#lx\n", exception_name(vec),
           ev, guest_event.vector, guest_event.rsp, guest_event.frame[0],
           guest_event.frame[1], guest_event.frame[2]);
    if ( guest_event.vector != vec || guest_event_count[vec] != 1 )
        test_fail("%s injected: the guest took vector %lu", exception_name(vec),
                  guest_event.vector);
    else if ( guest_event.frame[0] != want0 || (ev && guest_event.frame[1] != (uintptr_t)guest) )
        test_fail("%s EV=%d error code %#x: frame %#lx %#lx, not %#lx %#lx",
                  exception_name(vec), ev, ec, guest_event.frame[0], guest_event.frame[1],
                  want0, ev ? (uint64_t)(uintptr_t)guest : 0x08);
}

void test_main(void)
{
    inject(X86_EXC_GP, true, 0x1234);
    inject(X86_EXC_PF, true, 0x6);
    inject(X86_EXC_UD, false, 0);
    inject(X86_EXC_BP, false, 0);
}

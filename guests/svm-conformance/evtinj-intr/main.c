/* EVENTINJ of an external interrupt (APM vol. 2, 15.20): VMRUN delivers
 * vector 0x40 through the guest's IDT before the guest's first instruction,
 * with no error code and the guest's RIP in the frame, exactly once. The
 * guest then spins with IF clear for 2 s and must see no second delivery.
 * QEMU 7.2 keeps the injected vector as its pending exception number and
 * delivers it again at the vCPU's next kick, whatever IF says
 * (docs/qemu-tcg-svm.md; qemu/patches/svm-vmrun-injected-intr-once.patch).
 * Kicks come now and then (TCG's timers, I/O); scenario svm-conformance
 * makes one for sure by stopping and continuing the VM (QMP) while the
 * guest spins, after the line "guest spinning". */
#include "svm.h"

const char test_title[] = "EVENTINJ: an external interrupt is delivered once";

#define VEC 0x40

static volatile uint64_t spin_ticks;

static void guest(void)
{
    uint64_t t0;

    /* After the delivery, in the guest: the scenario kicks now. */
    printk("guest spinning with IF clear for %lu TSC ticks\n", spin_ticks);
    t0 = rdtsc();

    /* No PAUSE here: QEMU's PAUSE ends the TB with a fresh exception
     * number, which would hide the leftover one. */
    while ( rdtsc() - t0 < spin_ticks )
        barrier();
}

void test_main(void)
{
    uint64_t code, t0;

    vmcb_init(guest);
    guest_event_exit = 0;                  /* the stub IRETQs, no exit */
    spin_ticks = 6000000000ull;            /* ~2 s at a 3 GHz TSC */
    vmcb.eventinj = EVT(EVT_TYPE_INTR, VEC);
    t0 = rdtsc();
    code = svm_run();
    t0 = rdtsc() - t0;
    if ( code != VMEXIT_VMMCALL || vmcb.rip != (uintptr_t)guest_exit_vmmcall )
        return test_fail("exit %#lx (%s) at %#lx, not the guest's end",
                         code, exit_name(code), vmcb.rip);
    printk("vector %#x delivered %u times in %lu TSC ticks, frame RIP %#lx, RSP at entry %#lx\n",
           VEC, guest_event_count[VEC], t0, guest_event.frame[0], guest_event.rsp);
    if ( guest_event_count[VEC] != 1 )
        test_fail("vector %#x delivered %u times, not once", VEC, guest_event_count[VEC]);
    if ( guest_event.vector != VEC )
        test_fail("last event vector %#lx", guest_event.vector);
    /* No error code: the frame starts with RIP (the guest's entry point). */
    if ( guest_event_count[VEC] == 1 && guest_event.frame[0] != (uintptr_t)guest )
        test_fail("frame[0] %#lx, not the guest's RIP %#lx (an error code pushed?)",
                  guest_event.frame[0], (uint64_t)(uintptr_t)guest);
    if ( vmcb.eventinj & EVT_V )
        test_fail("EVENTINJ still valid after #VMEXIT: %#lx", vmcb.eventinj);
    if ( vmcb.exitintinfo & EVT_V )
        test_fail("EXITINTINFO %#lx after a completed delivery", vmcb.exitintinfo);
}

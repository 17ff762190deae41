/* V_IRQ with the VINTR intercept (APM vol. 2, 15.21.4, 15.13): where the
 * virtual interrupt would be taken, #VMEXIT(VINTR) instead, V_IRQ left
 * set and nothing delivered. The guest starts with IF clear and runs
 * `mov $1; sti; mov $2; mov $3`: the exit comes after the instruction in
 * the STI shadow (marker 2, RIP at the third mov). With IF set at VMRUN it
 * comes before the first instruction. */
#include "svm.h"

const char test_title[] = "V_IRQ with the VINTR intercept: an exit where it would be taken";

#define VEC 0x50

volatile uint32_t marker;
void guest_sti(void);
extern const uint8_t guest_sti_third[];
asm ( ".pushsection .text\n"
      ".globl guest_sti, guest_sti_third\n"
      "guest_sti:\n"
      "  movl $1, marker(%rip)\n"
      "  sti\n"
      "  movl $2, marker(%rip)\n"
      "guest_sti_third:\n"
      "  movl $3, marker(%rip)\n"
      "  cli\n"
      "  ret\n"
      ".popsection" );

static void run(bool if_set)
{
    const char *what = if_set ? "IF set at VMRUN" : "STI in the guest";
    uint64_t want_rip = if_set ? (uintptr_t)guest_sti : (uintptr_t)guest_sti_third;

    vmcb_init(guest_sti);
    marker = 0;
    vmcb.intercepts3 |= INTERCEPT_VINTR;
    vmcb.rflags = 0x2 | (if_set ? X86_EFLAGS_IF : 0);
    vmcb.vintr = V_IRQ | V_INTR_PRIO(0xf) | V_IGN_TPR | V_INTR_MASKING | V_INTR_VECTOR(VEC);
    svm_run();
    printk("%s: exit %s at %#lx, marker %u, V_INTR %#lx, vector taken %u times\n", what,
           exit_name(vmcb.exitcode), vmcb.rip, marker, vmcb.vintr, guest_event_count[VEC]);
    if ( !check_exit(VMEXIT_VINTR, what) )
        return;
    if ( vmcb.rip != want_rip || marker != (if_set ? 0 : 2) )
        test_fail("%s: VINTR exit at %#lx with marker %u, not at %#lx with marker %u", what,
                  vmcb.rip, marker, want_rip, if_set ? 0 : 2);
    if ( !(vmcb.vintr & V_IRQ) )
        test_fail("%s: V_IRQ cleared by the VINTR exit (V_INTR %#lx)", what, vmcb.vintr);
    if ( guest_event_count[VEC] )
        test_fail("%s: the guest took the vector as well", what);
}

void test_main(void)
{
    run(false);
    run(true);
}

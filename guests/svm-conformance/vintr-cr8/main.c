/* The guest's CR8 is V_TPR (APM vol. 2, 15.21.1: with V_INTR_MASKING a
 * MOV to CR8 writes V_TPR, not the host's TPR, and #VMEXIT writes it back):
 * a guest holding a priority-2 V_IRQ under V_TPR 5 lowers CR8 to 1 and
 * takes the interrupt right after that MOV. QEMU 7.2 aborts on the MOV
 * (it raises the virtual interrupt request without the lock that
 * cpu_interrupt() asserts: docs/qemu-tcg-svm.md, "The lock"). */
#include "svm.h"

const char test_title[] = "MOV to CR8 writes V_TPR and lets a V_IRQ in";

#define VEC 0x50

void guest_tpr(void);
extern const uint8_t guest_tpr_lowered[];
asm ( ".pushsection .text\n"
      ".globl guest_tpr, guest_tpr_lowered\n"
      "guest_tpr:\n"
      "  nop\n"
      "  mov $1, %eax\n"
      "  mov %rax, %cr8\n"
      "guest_tpr_lowered:\n"
      "  nop\n"
      "  ret\n"
      ".popsection" );

void test_main(void)
{
    uint64_t host_cr8, cr8_after;

    asm volatile ( "mov %%cr8, %0" : "=r" (host_cr8) );
    vmcb_init(guest_tpr);
    guest_event_exit = 0;
    vmcb.rflags = 0x2 | X86_EFLAGS_IF;
    vmcb.vintr = V_IRQ | V_INTR_PRIO(2) | V_INTR_MASKING | V_INTR_VECTOR(VEC) | 5;
    printk("guest lowers CR8 from 5 to 1 with a priority-2 V_IRQ pending\n");
    if ( run_to_end("CR8 lowered to 1") )
    {
        printk("taken %u times at %#lx (after the MOV: %#lx), V_INTR %#lx\n",
               guest_event_count[VEC], guest_event.frame[0],
               (uint64_t)(uintptr_t)guest_tpr_lowered, vmcb.vintr);
        if ( guest_event_count[VEC] != 1 ||
             guest_event.frame[0] != (uintptr_t)guest_tpr_lowered )
            test_fail("CR8 lowered to 1: taken %u times at %#lx, not once at %#lx",
                      guest_event_count[VEC], guest_event.frame[0],
                      (uint64_t)(uintptr_t)guest_tpr_lowered);
        if ( (vmcb.vintr & 0xff) != 1 )
            test_fail("V_TPR %#lx at #VMEXIT, not the guest's CR8 (1)", vmcb.vintr & 0xff);
    }
    asm volatile ( "mov %%cr8, %0" : "=r" (cr8_after) );
    if ( cr8_after != host_cr8 )
        test_fail("the host's CR8 changed from %#lx to %#lx", host_cr8, cr8_after);
}

/* Register frame built by arch/x86/entry.S for every interrupt/exception. */
#ifndef ASM_REGS_H
#define ASM_REGS_H
#include <xen/types.h>

struct trap_frame {
    uint64_t r15, r14, r13, r12, rbp, rbx, r11, r10, r9, r8;
    uint64_t rax, rcx, rdx, rsi, rdi;
    uint64_t entry_vector, error_code;
    uint64_t rip, cs, rflags, rsp, ss;      /* pushed by the CPU */
};

/* Vectors (Xen's numbering for the local APIC ones). */
#define TRAP_nmi              2
#define TRAP_double_fault     8
#define TRAP_page_fault       14
#define FIRST_DYNAMIC_VECTOR  0x20
#define LOCAL_TIMER_VECTOR    0xfa
#define CALL_FUNCTION_VECTOR  0xfb
#define EVENT_CHECK_VECTOR    0xfc
#define SPURIOUS_APIC_VECTOR  0xff

void trap_init(void);
void percpu_traps_init(unsigned int cpu);   /* GDT with this CPU's TSS, IDT */
void show_registers(const struct trap_frame *regs);
void show_stack_trace(uint64_t rbp, uint64_t rip, uint64_t rsp);
extern volatile bool panic_in_progress;
extern volatile unsigned int cpus_stopped;   /* CPUs halted by its NMI */

#endif

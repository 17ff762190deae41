/* Exceptions and interrupts in the guest: a 256-vector IDT whose stubs
 * (common/entry.S) save the registers and call do_trap() (common/traps.c).
 * A test takes a vector over with trap_set_hook(), or wraps one faulting
 * instruction in an exception-table entry and gets the fault back as an
 * exinfo_t (the *_safe helpers in x86.h), as XTF does. */
#ifndef GUEST_TRAPS_H
#define GUEST_TRAPS_H

#include "types.h"

/* Vectors (AMD APM vol. 2, 8.2). */
#define X86_EXC_DE   0
#define X86_EXC_DB   1
#define X86_EXC_NMI  2
#define X86_EXC_BP   3
#define X86_EXC_UD   6
#define X86_EXC_DF   8
#define X86_EXC_GP  13
#define X86_EXC_PF  14

/* #PF error code bits (APM vol. 2, 8.4.2). */
#define PFEC_PRESENT  (1u << 0)
#define PFEC_WRITE    (1u << 1)

/* The frame every stub builds; do_trap() may change rip and the GPRs. */
struct cpu_regs {
    uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
    uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
    uint64_t vector, error_code;
    uint64_t rip, cs, rflags, rsp, ss;      /* pushed by the CPU */
};

/* 0: no fault. Else bit 63 set, the vector in bits 39:32 and the error
 * code in bits 31:0. Delivered in %rdi to the fixup of the extable entry. */
typedef uint64_t exinfo_t;
#define EXINFO(vec, ec)     ((1UL << 63) | ((uint64_t)(vec) << 32) | (uint32_t)(ec))
#define EXINFO_VEC(ex)      ((unsigned int)(((ex) >> 32) & 0xff))
#define EXINFO_EC(ex)       ((uint32_t)(ex))

#define _ASM_EXTABLE(fault, fixup)            \
    ".pushsection .extable, \"a\"\n"          \
    ".balign 8\n"                             \
    ".quad " #fault ", " #fixup "\n"          \
    ".popsection\n"

/* A hook returns true when it handled the event (resume at regs->rip). */
typedef bool (*trap_hook_t)(struct cpu_regs *regs);

void trap_init(void);
/* Loads the IDT trap_init() built: what a secondary vCPU does first. */
void trap_load_idt(void);
void trap_set_hook(unsigned int vector, trap_hook_t hook);
void do_trap(struct cpu_regs *regs);
const char *exception_name(unsigned int vector);

/* CR2 as it was at the last #PF taken through the exception table. */
extern uint64_t last_fault_cr2;

#endif

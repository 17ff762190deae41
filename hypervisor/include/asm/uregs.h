/* Offsets in struct cpu_user_regs (public/arch-x86/xen-x86_64.h) for the
 * assembly that saves and loads guest registers (arch/x86/hvm/svm/entry.S);
 * asserted against the struct in arch/x86/hvm/svm/svm.c. Xen's UREGS_*. */
#ifndef ASM_UREGS_H
#define ASM_UREGS_H

#define UREGS_r15  0
#define UREGS_r14  8
#define UREGS_r13  16
#define UREGS_r12  24
#define UREGS_rbp  32
#define UREGS_rbx  40
#define UREGS_r11  48
#define UREGS_r10  56
#define UREGS_r9   64
#define UREGS_r8   72
#define UREGS_rax  80
#define UREGS_rcx  88
#define UREGS_rdx  96
#define UREGS_rsi  104
#define UREGS_rdi  112

#endif

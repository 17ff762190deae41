/* VMRUN and back (AMD APM vol. 2, 15.5-15.6).
 *
 * void svm_asm_vmrun(struct cpu_user_regs *regs, uint64_t vmcb_pa, uint64_t host_vmcb_pa)
 *
 * Called with GIF=0 (CLGI). VMRUN itself switches RAX, RSP, RIP, RFLAGS,
 * CS/SS/DS/ES, the descriptor tables and control registers; FS, GS, TR,
 * LDTR, KernelGSBase and the SYSCALL/SYSENTER MSRs are switched here with
 * VMSAVE/VMLOAD, so the host's GS base (smp_processor_id()) is back before
 * any C code runs. The other guest registers go through *regs (RAX, RSP,
 * RIP and RFLAGS are copied between *regs and the VMCB in C). Returns
 * after the #VMEXIT, still with GIF=0: the caller's STGI takes the
 * interrupt that made the guest exit. */
#include <asm/config.h>
#include <asm/uregs.h>

        .text
        .globl  svm_asm_vmrun
svm_asm_vmrun:
        push    %rbp
        push    %rbx
        push    %r12
        push    %r13
        push    %r14
        push    %r15
        push    %rdi                    /* 16(%rsp): regs */
        push    %rdx                    /*  8(%rsp): host VMCB */
        push    %rsi                    /*  0(%rsp): guest VMCB */

        mov     %rdx, %rax
        vmsave                          /* host FS/GS/TR/LDTR and MSRs */
        mov     %rsi, %rax
        vmload                          /* the guest's */
        /* Host RFLAGS.IF=1 inside the guest: a physical interrupt then
         * exits (INTR intercept) instead of waiting for the guest. GIF=0
         * holds it until the caller's STGI. Set well before VMRUN: QEMU
         * 7.2 carries the one-instruction STI shadow into the guest, which
         * would then ignore a virtual interrupt for its first instruction
         * (docs/qemu-tcg-svm.md). */
        sti

        mov     UREGS_rbx(%rdi), %rbx
        mov     UREGS_rcx(%rdi), %rcx
        mov     UREGS_rdx(%rdi), %rdx
        mov     UREGS_rsi(%rdi), %rsi
        mov     UREGS_rbp(%rdi), %rbp
        mov     UREGS_r8(%rdi), %r8
        mov     UREGS_r9(%rdi), %r9
        mov     UREGS_r10(%rdi), %r10
        mov     UREGS_r11(%rdi), %r11
        mov     UREGS_r12(%rdi), %r12
        mov     UREGS_r13(%rdi), %r13
        mov     UREGS_r14(%rdi), %r14
        mov     UREGS_r15(%rdi), %r15
        mov     UREGS_rdi(%rdi), %rdi
        vmrun                           /* RAX: the guest VMCB */

        /* #VMEXIT: RAX/RSP are the host's again; the rest are the guest's. */
        vmsave                          /* the guest's FS/GS/... into its VMCB */
        push    %rdi
        mov     24(%rsp), %rdi          /* regs */
        mov     %rbx, UREGS_rbx(%rdi)
        mov     %rcx, UREGS_rcx(%rdi)
        mov     %rdx, UREGS_rdx(%rdi)
        mov     %rsi, UREGS_rsi(%rdi)
        popq    UREGS_rdi(%rdi)
        mov     %rbp, UREGS_rbp(%rdi)
        mov     %r8, UREGS_r8(%rdi)
        mov     %r9, UREGS_r9(%rdi)
        mov     %r10, UREGS_r10(%rdi)
        mov     %r11, UREGS_r11(%rdi)
        mov     %r12, UREGS_r12(%rdi)
        mov     %r13, UREGS_r13(%rdi)
        mov     %r14, UREGS_r14(%rdi)
        mov     %r15, UREGS_r15(%rdi)
        mov     8(%rsp), %rax
        vmload                          /* host GS base: per-CPU data back */

        add     $24, %rsp
        pop     %r15
        pop     %r14
        pop     %r13
        pop     %r12
        pop     %rbx
        pop     %rbp
        ret

/* VMRUN and back (AMD APM vol. 2, 15.5-15.6).
 *
 * void svm_asm_vmrun(struct hvm_gprs *regs, uint64_t vmcb_pa, uint64_t host_vmcb_pa)
 *
 * Called with GIF=0 (CLGI). VMRUN itself switches RAX, RSP, RIP, RFLAGS,
 * CS/SS/DS/ES, the descriptor tables and control registers; FS, GS, TR,
 * LDTR, KernelGSBase and the SYSCALL/SYSENTER MSRs are switched here with
 * VMSAVE/VMLOAD, so the host's GS base (smp_processor_id()) is back before
 * any C code runs. The other guest registers go through *regs. Returns
 * after the #VMEXIT, still with GIF=0: the caller's STGI takes the
 * interrupt that made the guest exit. */
#include <asm/config.h>

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

        mov     8(%rdi), %rbx
        mov     16(%rdi), %rcx
        mov     24(%rdi), %rdx
        mov     32(%rdi), %rsi
        mov     48(%rdi), %rbp
        mov     56(%rdi), %r8
        mov     64(%rdi), %r9
        mov     72(%rdi), %r10
        mov     80(%rdi), %r11
        mov     88(%rdi), %r12
        mov     96(%rdi), %r13
        mov     104(%rdi), %r14
        mov     112(%rdi), %r15
        mov     40(%rdi), %rdi
        vmrun                           /* RAX: the guest VMCB */

        /* #VMEXIT: RAX/RSP are the host's again; the rest are the guest's. */
        vmsave                          /* the guest's FS/GS/... into its VMCB */
        push    %rdi
        mov     24(%rsp), %rdi          /* regs */
        mov     %rbx, 8(%rdi)
        mov     %rcx, 16(%rdi)
        mov     %rdx, 24(%rdi)
        mov     %rsi, 32(%rdi)
        popq    40(%rdi)
        mov     %rbp, 48(%rdi)
        mov     %r8, 56(%rdi)
        mov     %r9, 64(%rdi)
        mov     %r10, 72(%rdi)
        mov     %r11, 80(%rdi)
        mov     %r12, 88(%rdi)
        mov     %r13, 96(%rdi)
        mov     %r14, 104(%rdi)
        mov     %r15, 112(%rdi)
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

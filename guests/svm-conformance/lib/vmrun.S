/* VMRUN (APM 15.5): the host's callee-saved registers are saved around it
 * because #VMEXIT restores only RSP, RAX and the control state (the guest
 * leaves its own values in the other GPRs). GIF is 0 after #VMEXIT: STGI. */
        .text
        .code64

        .macro save_host
        push %rbx
        push %rbp
        push %r12
        push %r13
        push %r14
        push %r15
        .endm

        .macro restore_host
        pop  %r15
        pop  %r14
        pop  %r13
        pop  %r12
        pop  %rbp
        pop  %rbx
        .endm

/* void svm_vmrun_raw(uint64_t vmcb_pa) */
        .globl svm_vmrun_raw
svm_vmrun_raw:
        save_host
        mov  %rdi, %rax
        vmrun
        stgi
        restore_host
        ret

/* void svm_vmrun_sti(uint64_t vmcb_pa): CLGI; STI; VMRUN, so that the
 * host's STI shadow covers the VMRUN (the interrupt-shadow tests). */
        .globl svm_vmrun_sti
svm_vmrun_sti:
        save_host
        mov  %rdi, %rax
        clgi
        sti
        vmrun
        cli
        stgi
        restore_host
        ret

/* void svm_vmrun_tf(uint64_t vmcb_pa): VMRUN with the host's RFLAGS.TF set
 * (APM 15.5.2: the #DB trap comes after the #VMEXIT, at svm_vmrun_tf_after). */
        .globl svm_vmrun_tf, svm_vmrun_tf_after
svm_vmrun_tf:
        save_host
        mov  %rdi, %rax
        clgi
        pushf
        orq  $0x100, (%rsp)
        popf
        vmrun
svm_vmrun_tf_after:
        pushf
        andq $~0x100, (%rsp)
        popf
        stgi
        restore_host
        ret

/* A guest function returns here. */
        .globl guest_exit_vmmcall
guest_exit_vmmcall:
        vmmcall
        ud2

        .section .note.GNU-stack, "", @progbits

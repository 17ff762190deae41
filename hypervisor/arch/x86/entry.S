/* Interrupt and exception entry: one 16-byte stub per vector pushes a dummy
 * error code where the CPU does not push one (Intel SDM vol. 3 table 6-1),
 * then the vector; common_interrupt saves the rest as struct trap_frame. */
        .text
        .align  16
        .globl  interrupt_stubs
interrupt_stubs:
vec = 0
        .rept   256
        .align  16
        .if !(vec == 8 || (vec >= 10 && vec <= 14) || vec == 17 || vec == 21 || vec == 29 || vec == 30)
        pushq   $0
        .endif
        pushq   $vec
        jmp     common_interrupt
vec = vec + 1
        .endr

common_interrupt:
        push    %rdi
        push    %rsi
        push    %rdx
        push    %rcx
        push    %rax
        push    %r8
        push    %r9
        push    %r10
        push    %r11
        push    %rbx
        push    %rbp
        push    %r12
        push    %r13
        push    %r14
        push    %r15
        cld
        mov     %rsp, %rdi
        call    do_interrupt
        pop     %r15
        pop     %r14
        pop     %r13
        pop     %r12
        pop     %rbp
        pop     %rbx
        pop     %r11
        pop     %r10
        pop     %r9
        pop     %r8
        pop     %rax
        pop     %rcx
        pop     %rdx
        pop     %rsi
        pop     %rdi
        add     $16, %rsp               /* vector, error code */
        iretq

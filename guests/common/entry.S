/* One stub per vector: push a dummy error code where the CPU pushes none
 * (AMD APM vol. 2, 8.2: #DF, #TS, #NP, #SS, #GP, #PF, #AC, #CP push one),
 * the vector, then every GPR (struct cpu_regs), call do_trap, return. */
        .text
        .code64
        .balign 16
trap_common:
        push %rax
        push %rbx
        push %rcx
        push %rdx
        push %rsi
        push %rdi
        push %rbp
        push %r8
        push %r9
        push %r10
        push %r11
        push %r12
        push %r13
        push %r14
        push %r15
        mov  %rsp, %rdi
        mov  %rsp, %rbx          /* callee-saved: realign the stack for C */
        and  $~15, %rsp
        cld
        call do_trap
        mov  %rbx, %rsp
        pop  %r15
        pop  %r14
        pop  %r13
        pop  %r12
        pop  %r11
        pop  %r10
        pop  %r9
        pop  %r8
        pop  %rbp
        pop  %rdi
        pop  %rsi
        pop  %rdx
        pop  %rcx
        pop  %rbx
        pop  %rax
        add  $16, %rsp           /* vector, error code */
        iretq

        .macro stub v
        .balign 16
trap_stub_\v:
        .if (\v == 8) || ((\v >= 10) && (\v <= 14)) || (\v == 17) || (\v == 21)
        .else
        push $0
        .endif
        push $\v
        jmp  trap_common
        .endm

        .altmacro
        .set v, 0
        .rept 256
        stub %v
        .set v, v + 1
        .endr

        .macro stub_addr v
        .quad trap_stub_\v
        .endm

        .section .rodata
        .balign 8
        .globl trap_stubs
trap_stubs:
        .set v, 0
        .rept 256
        stub_addr %v
        .set v, v + 1
        .endr

        .section .note.GNU-stack, "", @progbits

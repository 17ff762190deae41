/* The guest's IDT stubs (svm.h): each records the vector, its RSP at entry
 * and the six quadwords the CPU pushed from there (an error code, if any,
 * first), counts, then exits by VMMCALL if guest_event_exit is set, and
 * returns by IRETQ. They run in the guest, on the guest's stack. */
        .text
        .code64

guest_event_common:                 /* %rax: vector; 16(%rsp): the frame */
        push %rbx
        mov  %rax, guest_event(%rip)
        lea  16(%rsp), %rbx
        mov  %rbx, guest_event+8(%rip)
        lea  guest_event_count(%rip), %rbx
        lock incl (%rbx, %rax, 4)
        xor  %eax, %eax
1:      mov  16(%rsp, %rax, 8), %rbx
        mov  %rbx, guest_event+16(, %rax, 8)
        inc  %eax
        cmp  $6, %eax
        jb   1b
        pop  %rbx
        pop  %rax
        cmpb $0, guest_event_exit(%rip)
        je   2f
        .globl guest_event_vmmcall
guest_event_vmmcall:
        vmmcall
2:      iretq

        .macro gstub v
        .balign 16
gstub_\v:
        push %rax
        mov  $\v, %eax
        jmp  guest_event_common
        .endm

        .altmacro
        .set v, 0
        .rept 256
        gstub %v
        .set v, v + 1
        .endr

        .macro gaddr v
        .quad gstub_\v
        .endm

        .section .rodata
        .balign 8
        .globl guest_stubs
guest_stubs:
        .set v, 0
        .rept 256
        gaddr %v
        .set v, v + 1
        .endr

        .bss
        .balign 64
        .globl guest_event, guest_event_count, guest_event_exit
guest_event:
        .skip 8 * 8
guest_event_count:
        .skip 4 * 256
guest_event_exit:
        .skip 1

        .balign 4096
        .globl guest_idt, guest_idt_end
guest_idt:
        .skip 16 * 256
guest_idt_end:

        .section .note.GNU-stack, "", @progbits

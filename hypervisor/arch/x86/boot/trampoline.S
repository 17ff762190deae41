/* AP start-up: a SIPI starts each application processor in real mode at
 * TRAMPOLINE_PHYS (vector = page number, Intel SDM vol. 3 §8.4.4). This code
 * is copied there; it enters protected mode, then long mode on the BSP's
 * page tables, and jumps to start_secondary(cpu) on the stack the BSP
 * left in ap_stack. */
#include <asm/config.h>

#define PHYS(x) ((x) - tramp_start + TRAMPOLINE_PHYS)

        .section .trampoline, "ax"
        .code16
tramp_start:
        cli
        cld
        xor     %ax, %ax
        mov     %ax, %ds
        lgdtl   PHYS(tramp_gdt_descr)
        mov     %cr0, %eax
        or      $1, %eax                /* PE */
        mov     %eax, %cr0
        ljmpl   $__HYPERVISOR_CS32, $PHYS(tramp32)

        .code32
tramp32:
        mov     $__HYPERVISOR_DS, %eax
        mov     %eax, %ds
        mov     %eax, %es
        mov     %eax, %ss
        mov     PHYS(ap_cr3), %eax
        mov     %eax, %cr3
        mov     %cr4, %eax
        or      $0x20, %eax             /* PAE */
        mov     %eax, %cr4
        mov     $0xC0000080, %ecx
        rdmsr
        or      $0x100, %eax            /* EFER.LME */
        wrmsr
        mov     %cr0, %eax
        or      $0x80010000, %eax       /* PG | WP */
        mov     %eax, %cr0
        ljmp    $__HYPERVISOR_CS, $PHYS(tramp64)

        .code64
tramp64:
        mov     PHYS(ap_stack), %rsp
        mov     PHYS(ap_cpu), %edi
        xor     %ebp, %ebp
        movabs  $start_secondary, %rax
        jmp     *%rax

        .align  8
tramp_gdt:
        .quad   0
        .quad   0x00af9a000000ffff      /* 0x08: 64-bit code */
        .quad   0x00cf92000000ffff      /* 0x10: data */
        .quad   0x00cf9a000000ffff      /* 0x18: 32-bit code */
tramp_gdt_descr:
        .short  4 * 8 - 1
        .long   PHYS(tramp_gdt)
        .align  8
        .globl  ap_cr3, ap_stack, ap_cpu
ap_cr3:
        .quad   0
ap_stack:
        .quad   0
ap_cpu:
        .quad   0

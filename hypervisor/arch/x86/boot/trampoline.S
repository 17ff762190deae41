/* AP start-up: a SIPI starts each application processor in real mode at
 * TRAMPOLINE_PHYS (vector = page number, Intel SDM vol. 3 §8.4.4). This code
 * is copied there; it enters protected mode, then long mode on the BSP's
 * page tables, finds its own slot (CPU index and stack) by its APIC ID and
 * jumps to start_secondary(cpu) on that stack. */
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
        /* Own APIC ID: x2APIC ID from leaf 0xB when the CPU has it (EBX of
         * sub-leaf 0 non-zero), else the initial APIC ID in CPUID.1:EBX[31:24]
         * (Intel SDM vol. 3 §8.4.5, vol. 2 CPUID). */
        mov     $1, %eax
        cpuid
        shr     $24, %ebx
        mov     %ebx, %esi
        xor     %eax, %eax
        cpuid
        cmp     $0xb, %eax
        jb      1f
        mov     $0xb, %eax
        xor     %ecx, %ecx
        cpuid
        test    %ebx, %ebx
        jz      1f
        mov     %edx, %esi
        /* The slot holding that ID: a late AP finds its own, never another
         * CPU's; no slot means nobody asked for this CPU. */
1:      movabs  $ap_boot_apic_id, %rbx
        mov     $1, %ecx
2:      cmp     $NR_CPUS, %ecx
        jae     park
        cmp     (%rbx, %rcx, 4), %esi
        je      3f
        inc     %ecx
        jmp     2b
3:      movabs  $ap_boot_stack, %rbx
        mov     (%rbx, %rcx, 8), %rsp
        test    %rsp, %rsp
        jz      park
        mov     %ecx, %edi
        xor     %ebp, %ebp
        movabs  $start_secondary, %rax
        jmp     *%rax
park:
        cli
        hlt
        jmp     park

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
        .globl  ap_cr3
ap_cr3:
        .quad   0

/* PVH entry (Xen's docs/misc/pvh.pandoc): the domain builder starts the
 * vCPU at the address of the XEN_ELFNOTE_PHYS32_ENTRY note, in 32-bit
 * protected mode with paging off, flat 4 GiB CS/DS, and %ebx = physical
 * address of struct hvm_start_info. We build an identity map of the first
 * 4 GiB with 2 MiB pages, enter long mode (AMD APM vol. 2, 14.6: PAE,
 * CR3, EFER.LME, then CR0.PG) and call guest_start(start_info). */
#include <xen/elfnote.h>

#define ELFNOTE(type, desc_directive, desc)   \
        .pushsection .note.Xen, "a";          \
        .balign 4;                            \
        .long 4, 2f - 1f, type;               \
        .asciz "Xen";                         \
1:      desc_directive desc;                  \
2:      .balign 4;                            \
        .popsection

        ELFNOTE(XEN_ELFNOTE_GUEST_OS, .asciz, "xenlab-test-guest")
        ELFNOTE(XEN_ELFNOTE_GUEST_VERSION, .asciz, "0.1")
        ELFNOTE(XEN_ELFNOTE_XEN_VERSION, .asciz, "xen-3.0")
        ELFNOTE(XEN_ELFNOTE_LOADER, .asciz, "generic")
        ELFNOTE(XEN_ELFNOTE_PHYS32_ENTRY, .long, pvh_start)

#define MSR_EFER      0xc0000080
#define EFER_LME      (1 << 8)
#define CR4_PAE       (1 << 5)
#define CR0_PE_WP_PG  0x80010001      /* WP: read-only pages bind CPL0 too */
#define PTE_P_RW      0x003
#define PDE_P_RW_PS   0x083

        .section .text.head, "ax"
        .code32
        .globl pvh_start
pvh_start:
        cli
        cld
        mov  %ebx, start_info_pa
        lgdt gdt_ptr
        mov  $0x10, %eax
        mov  %eax, %ds
        mov  %eax, %es
        mov  %eax, %ss
        mov  $stack_top, %esp

        /* PML4[0] -> PDPT; PDPT[0..3] -> the four page directories. */
        movl $(l3_identmap + PTE_P_RW), l4_identmap
        mov  $l2_identmap + PTE_P_RW, %eax
        xor  %ecx, %ecx
1:      mov  %eax, l3_identmap(, %ecx, 8)
        add  $4096, %eax
        inc  %ecx
        cmp  $4, %ecx
        jb   1b
        /* 2048 2 MiB pages: entry i maps i << 21 (its upper half is 0 but
         * for the bits above 4 GiB, which stay 0 here). */
        xor  %ecx, %ecx
2:      mov  %ecx, %eax
        shl  $21, %eax
        or   $PDE_P_RW_PS, %eax
        mov  %eax, l2_identmap(, %ecx, 8)
        inc  %ecx
        cmp  $2048, %ecx
        jb   2b

        mov  %cr4, %eax
        or   $CR4_PAE, %eax
        mov  %eax, %cr4
        mov  $l4_identmap, %eax
        mov  %eax, %cr3
        mov  $MSR_EFER, %ecx
        rdmsr
        or   $EFER_LME, %eax
        wrmsr
        mov  %cr0, %eax
        or   $CR0_PE_WP_PG, %eax
        mov  %eax, %cr0
        ljmp $0x08, $start64

        .code64
start64:
        mov  $0x10, %eax
        mov  %eax, %ds
        mov  %eax, %es
        mov  %eax, %ss
        xor  %eax, %eax
        mov  %eax, %fs
        mov  %eax, %gs
        mov  $stack_top, %rsp
        mov  start_info_pa(%rip), %edi
        call guest_start
3:      hlt
        jmp  3b

        .section .rodata
        .balign 8
gdt:
        .quad 0                          /* null */
        .quad 0x00af9b000000ffff         /* 0x08: 64-bit code, DPL0 */
        .quad 0x00cf93000000ffff         /* 0x10: flat data */
gdt_end:
gdt_ptr:
        .word gdt_end - gdt - 1
        .long gdt

        /* Poisoned with ret (0xc3) until the hypervisor writes it. */
        .section .text.hypercall_page, "ax"
        .balign 4096
        .globl hypercall_page
hypercall_page:
        .fill 4096, 1, 0xc3

        .data
start_info_pa:
        .long 0

        .bss
        .balign 4096
        .globl l4_identmap, l3_identmap, l2_identmap
l4_identmap:
        .skip 4096
l3_identmap:
        .skip 4096
l2_identmap:
        .skip 4 * 4096
stack:
        .skip 16384
stack_top:

        .section .note.GNU-stack, "", @progbits

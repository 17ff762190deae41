/*
 * Entry from a multiboot 1 loader (QEMU -kernel) or multiboot 2 (GRUB):
 * 32-bit protected mode, paging off, EAX = loader magic, EBX = info.
 * Builds an identity map of the low 4 GiB with 2 MiB pages, switches to
 * long mode (Intel SDM vol. 3 §9.8.5 / AMD APM vol. 2 §14.6) and calls
 * __start_xen(magic, info).
 */
#include <asm/config.h>

#define MB1_MAGIC 0x1BADB002
/* page-align modules, give memory info, use the load addresses below */
#define MB1_FLAGS ((1 << 0) | (1 << 1) | (1 << 16))
#define MB2_MAGIC 0xE85250D6

        .section .text.head, "ax"
        .code32
        .globl _start
_start:
        jmp     start32

        .align  4
multiboot1_header:
        .long   MB1_MAGIC
        .long   MB1_FLAGS
        .long   -(MB1_MAGIC + MB1_FLAGS)
        /* a.out kludge fields: QEMU 7.2 refuses ELF64 otherwise */
        .long   multiboot1_header       /* header_addr */
        .long   _start                  /* load_addr */
        .long   _edata_load             /* load_end_addr */
        .long   _end                    /* bss_end_addr */
        .long   start32                 /* entry_addr */

        .align  8
multiboot2_header:
        .long   MB2_MAGIC
        .long   0                       /* architecture: i386 */
        .long   mb2_end - multiboot2_header
        .long   -(MB2_MAGIC + (mb2_end - multiboot2_header))
        .align  8
        .short  1, 1                    /* information request, optional */
        .long   8 + 5 * 4
        .long   1, 3, 6, 14, 15         /* cmdline, modules, mmap, ACPI RSDP */
        .align  8
        .short  3, 0                    /* entry address */
        .long   12
        .long   start32
        .align  8
        .short  0, 0                    /* end */
        .long   8
mb2_end:

        .globl  start32
start32:
        cld
        cli
        mov     %eax, mb_magic
        mov     %ebx, mb_info

        /* The loader zeroes BSS for multiboot 1, not always for 2. */
        mov     $__bss_start, %edi
        mov     $_end, %ecx
        sub     %edi, %ecx
        xor     %eax, %eax
        rep stosb

        mov     $cpu0_stack + STACK_SIZE, %esp

        /* L2: 2048 entries of 2 MiB (present, writable, large page). */
        mov     $l2_identmap, %edi
        xor     %ecx, %ecx
1:      mov     %ecx, %eax
        shl     $21, %eax
        or      $0x83, %eax
        mov     %eax, (%edi, %ecx, 8)
        inc     %ecx
        cmp     $2048, %ecx
        jb      1b

        /* L3: four entries, one per GiB, pointing at the L2 pages. */
        mov     $l2_identmap + 3, %eax
        xor     %ecx, %ecx
2:      mov     %eax, l3_identmap(, %ecx, 8)
        add     $4096, %eax
        inc     %ecx
        cmp     $4, %ecx
        jb      2b

        mov     $l3_identmap + 3, %eax
        mov     %eax, idle_pg_table

        mov     $idle_pg_table, %eax
        mov     %eax, %cr3
        mov     %cr4, %eax
        or      $0x20, %eax             /* CR4.PAE */
        mov     %eax, %cr4
        mov     $0xC0000080, %ecx       /* EFER */
        rdmsr
        or      $0x100, %eax            /* EFER.LME */
        wrmsr
        mov     %cr0, %eax
        or      $0x80010001, %eax       /* PG | WP | PE */
        mov     %eax, %cr0

        lgdt    boot_gdt_descr
        ljmp    $0x08, $start64

        .code64
start64:
        mov     $0x10, %eax
        mov     %eax, %ds
        mov     %eax, %es
        mov     %eax, %ss
        xor     %eax, %eax
        mov     %eax, %fs
        mov     %eax, %gs
        mov     $cpu0_stack + STACK_SIZE, %rsp
        xor     %ebp, %ebp              /* ends stack traces */
        mov     mb_magic(%rip), %edi
        mov     mb_info(%rip), %esi
        call    __start_xen
        ud2

        .section .data, "aw"
        .align  8
mb_magic:
        .long   0
mb_info:
        .long   0
        .globl  boot_gdt
        .align  16
boot_gdt:
        .quad   0
        .quad   0x00af9a000000ffff      /* 0x08: 64-bit code */
        .quad   0x00cf92000000ffff      /* 0x10: data */
        .quad   0x00cf9a000000ffff      /* 0x18: 32-bit code (AP trampoline) */
boot_gdt_end:
boot_gdt_descr:
        .short  boot_gdt_end - boot_gdt - 1
        .long   boot_gdt

        .section .bss.pagetables, "aw", @nobits
        .align  4096
        .globl  idle_pg_table
idle_pg_table:
        .skip   4096
        .globl  l3_identmap
l3_identmap:
        .skip   4096
l2_identmap:
        .skip   4 * 4096
        .globl  cpu0_stack
cpu0_stack_guard:                       /* unmapped by memguard_guard_stack() */
        .skip   4096
cpu0_stack:
        .skip   STACK_SIZE

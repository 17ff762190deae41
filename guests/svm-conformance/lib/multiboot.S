/* Multiboot 1 header, so that QEMU's -kernel loads the test (QEMU refuses
 * 64-bit ELF images, hence the address fields, flag bit 16: the loader
 * copies the file from load_addr to load_end_addr, clears up to bss_end and
 * jumps to the entry in 32-bit protected mode with paging off, as the PVH
 * entry expects: common/head.S's pvh_start does the rest). */
#define MB_MAGIC     0x1badb002
#define MB_FLAGS     0x00010000

        .section .multiboot, "a"
        .balign 4
mb_header:
        .long MB_MAGIC
        .long MB_FLAGS
        .long -(MB_MAGIC + MB_FLAGS)
        .long mb_header              /* header_addr */
        .long __image_start          /* load_addr */
        .long _edata                 /* load_end_addr */
        .long _end                   /* bss_end_addr */
        .long pvh_start              /* entry_addr */

        .section .note.GNU-stack, "", @progbits

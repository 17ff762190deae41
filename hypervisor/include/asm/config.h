/* Build-wide constants, usable from assembly. */
#ifndef ASM_CONFIG_H
#define ASM_CONFIG_H

#define NR_CPUS          64
#define STACK_SIZE       (16 * 1024)
#define STACK_ORDER      3                  /* an AP's stack block: stack + guard page + unused */
#define XEN_LOAD_ADDR    0x100000           /* identity-linked at 1 MiB */
#define TRAMPOLINE_PHYS  0x8000             /* AP start-up code, below 1 MiB */
#define DIRECTMAP_LIMIT  (4ULL << 30)       /* head.S maps 0..4 GiB */
#define DIRECTMAP_MAX    (512ULL << 30)     /* one L3 table: what the map can grow to */

#define __HYPERVISOR_CS  0x08
#define __HYPERVISOR_DS  0x10
#define __HYPERVISOR_CS32 0x18
#define TSS_SELECTOR     0x20

#endif

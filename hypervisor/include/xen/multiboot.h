/* What the boot loader told us, copied out of its (multiboot 1 or 2) info
 * structures so that their memory can be reused. */
#ifndef XEN_MULTIBOOT_H
#define XEN_MULTIBOOT_H
#include <xen/types.h>

#define MULTIBOOT1_BOOTLOADER_MAGIC 0x2BADB002
#define MULTIBOOT2_BOOTLOADER_MAGIC 0x36d76289
#define BI_MAX_MMAP 128
#define BI_MAX_MODS 16

enum { E820_RAM = 1, E820_RESERVED = 2, E820_ACPI = 3, E820_NVS = 4, E820_UNUSABLE = 5 };

struct boot_info {
    unsigned int mb_version;            /* 1 or 2 */
    char cmdline[1024];
    char loader[64];
    unsigned int nr_mmap;
    struct { uint64_t addr, size; uint32_t type; } mmap[BI_MAX_MMAP];
    bool mmap_synthesized;              /* only mem_lower/upper were given */
    unsigned int nr_mods;
    struct { paddr_t start, end; char cmdline[256]; } mods[BI_MAX_MODS];
    uint8_t rsdp[36];                   /* ACPI RSDP copy from MB2, if any */
    bool has_rsdp;
    bool truncated;                     /* something did not fit above */
};

/* Maps loader-provided physical memory for reading: identity in the
 * hypervisor, a test buffer on the host. NULL when out of range. */
typedef const void *(*bi_map_t)(paddr_t pa, size_t len);

/* Returns 0, or -1 for an unknown magic or malformed structures (*err
 * explains which). */
int multiboot_parse(uint32_t magic, paddr_t info, bi_map_t map,
                    struct boot_info *bi, const char **err);
const char *e820_type_name(uint32_t type);

#endif

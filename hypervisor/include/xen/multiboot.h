/* What the boot loader told us, copied out of its (multiboot 1 or 2) info
 * structures so that their memory can be reused. */
#ifndef XEN_MULTIBOOT_H
#define XEN_MULTIBOOT_H
#include <xen/types.h>

#define MULTIBOOT1_BOOTLOADER_MAGIC 0x2BADB002
#define MULTIBOOT2_BOOTLOADER_MAGIC 0x36d76289
#define BI_MAX_MMAP 128
#define BI_MAX_MODS 32               /* dom0-less test hosts carry one per test guest */
#define BI_CMDLINE_SIZE 1024        /* Xen's COMMAND_LINE_SIZE for its own line */
#define BI_MOD_CMDLINE_SIZE 2048    /* Linux x86's COMMAND_LINE_SIZE: a dom0 kernel's limit */
#define BI_STR_SCAN_MAX 65536       /* multiboot 1 strings: how far a terminator is sought */
#define BI_MAX_CUTS 8

#define BI_CUT_CMDLINE     "command line"
#define BI_CUT_LOADER      "boot loader name"
#define BI_CUT_MOD_CMDLINE "module command line"
#define BI_CUT_MMAP        "memory map"
#define BI_CUT_MODS        "module list"

enum { E820_RAM = 1, E820_RESERVED = 2, E820_ACPI = 3, E820_NVS = 4, E820_UNUSABLE = 5 };

/* A string or list the loader gave that did not fit in struct boot_info. */
struct bi_cut {
    const char *what;                   /* one of BI_CUT_* */
    int index;                          /* module number, or -1 */
    uint64_t given, kept;               /* characters or entries */
};

struct boot_info {
    unsigned int mb_version;            /* 1 or 2 */
    char cmdline[BI_CMDLINE_SIZE];
    char loader[64];
    unsigned int nr_mmap;
    struct { uint64_t addr, size; uint32_t type; } mmap[BI_MAX_MMAP];
    bool mmap_synthesized;              /* only mem_lower/upper were given */
    unsigned int nr_mods;
    uint64_t mmap_given, mods_given;    /* entries the loader listed */
    struct { paddr_t start, end; char cmdline[BI_MOD_CMDLINE_SIZE]; } mods[BI_MAX_MODS];
    uint8_t rsdp[36];                   /* ACPI RSDP copy from MB2, if any */
    bool has_rsdp;
    /* What did not fit above, each reported at boot; parsing goes on. */
    unsigned int nr_cuts;
    struct bi_cut cuts[BI_MAX_CUTS];
    unsigned int cuts_unrecorded;       /* more cuts than cuts[] holds */
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

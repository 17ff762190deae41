/* Where the PVH start of day goes in a guest's memory: the boot modules, the
 * hvm_start_info with the command lines, module list and memory map
 * (<public/arch-x86/hvm/start_info.h>, docs/misc/pvh.pandoc), in the shape
 * Xen 4.17's toolstack gives a PVH domU (tools/libs/guest/xg_dom_x86.c:
 * alloc_magic_pages_hvm, bootlate_hvm; tools/libs/light/libxl_x86.c:
 * domain_construct_memmap). Pure code, host-tested. */
#ifndef XEN_PVH_LAYOUT_H
#define XEN_PVH_LAYOUT_H
#include <xen/types.h>
#include <public/arch-x86/hvm/start_info.h>

#define PVH_MAX_MODULES   4
#define PVH_MAX_MEMMAP    8

/* libxl's conventions for a PVH domU, not public ABI (so defined here):
 * low RAM ends where the MMIO hole starts, at the lowest of the ACPI area
 * (0xFC000000, libxl_arch.h ACPI_INFO_PHYSICAL_ADDRESS), the local APIC
 * (0xFEE00000) and the special pages (libxl_dom.c: libxl__build_hvm); the
 * rest of RAM goes above 4 GiB. The 8 special pages (xenstore, console,
 * ioreq...) end at pfn 0xFF000 (xenguest.h X86_HVM_END_SPECIAL_REGION) and
 * are reserved in the memory map. */
#define PVH_MMIO_HOLE_START     0xFC000000ULL
#define PVH_HIGHMEM_START       (1ULL << 32)
#define PVH_NR_SPECIAL_PAGES    8
#define PVH_SPECIAL_REGION_END  (0xFF000ULL << PAGE_SHIFT)
#define PVH_SPECIAL_REGION_START (PVH_SPECIAL_REGION_END - (PVH_NR_SPECIAL_PAGES << PAGE_SHIFT))

struct pvh_module { uint64_t size; const char *cmdline; };  /* cmdline may be NULL */

struct pvh_layout_in {
    uint64_t ram_bytes;                 /* guest RAM from gpa 0 (below a 4 GiB hole if large) */
    uint64_t kernel_start, kernel_end;  /* from elf_binary_info pstart/pend */
    const char *cmdline;                /* guest command line, may be NULL */
    unsigned int nr_modules; const struct pvh_module *modules;   /* e.g. the initramfs */
    /* Optional ACPI tables (0/0: none), in the MMIO hole as libxl puts them:
     * an ACPI entry of the memory map; rsdp_gpa goes to start_info. */
    uint64_t acpi_gpa, acpi_size, rsdp_gpa;
};

struct pvh_layout_out {
    uint64_t start_info_gpa, modlist_gpa, cmdline_gpa, memmap_gpa;   /* 0: not there */
    uint64_t module_gpa[PVH_MAX_MODULES], module_cmdline_gpa[PVH_MAX_MODULES];
    unsigned int nr_memmap; struct hvm_memmap_table_entry memmap[PVH_MAX_MEMMAP];
    uint64_t lowmem_end, highmem_end;   /* RAM is [0, lowmem_end) and [4 GiB, highmem_end) */
    uint64_t end_gpa;                   /* first free byte after everything placed */
};

/* Places the modules (each page-aligned) after the kernel, then one
 * page-aligned block: hvm_start_info, the command line, the module list, the
 * modules' command lines, the memory map (each 8-byte aligned). Checks that
 * the kernel and all of it fit in low RAM. 0, or -1 with *err (a constant).
 * The caller copies: each module's bytes to module_gpa[i], in->cmdline
 * (strlen + 1 bytes) to cmdline_gpa, each module cmdline to
 * module_cmdline_gpa[i], and what pvh_fill_start_info() fills. */
int pvh_layout(const struct pvh_layout_in *in, struct pvh_layout_out *out, const char **err);

/* Fills the hvm_start_info (version 1, XEN_HVM_START_MAGIC_VALUE, flags 0 as
 * for a domU: a dom0 adds SIF_PRIVILEGED | SIF_INITDOMAIN) and mods[0 ..
 * in->nr_modules); the memory map to copy is out->memmap[0 .. nr_memmap). */
void pvh_fill_start_info(const struct pvh_layout_in *in, const struct pvh_layout_out *out,
                         struct hvm_start_info *si, struct hvm_modlist_entry *mods);

#endif

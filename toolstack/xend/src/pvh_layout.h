/* Where a PVH domain's memory, special pages and start info go, as Xen
 * 4.17's libxl (libxl__arch_domain_construct_memmap) and libxenguest
 * (meminit_hvm, alloc_magic_pages_hvm, bootlate_hvm) lay them out for
 * type="pvh" without ACPI tables or modules. Pure code, unit-tested. */
#ifndef PVH_LAYOUT_H
#define PVH_LAYOUT_H

#include <stddef.h>
#include <stdint.h>

#include <xenctrl.h>      /* first: the public headers in tools form */
#include <xenguest.h>     /* X86_HVM_* only: libxenguest is not linked */
#include <xen/arch-x86/hvm/start_info.h>

#define PVH_PAGE_SHIFT 12
#define PVH_PAGE_SIZE (1ull << PVH_PAGE_SHIFT)

/* The special pages: the X86_HVM_NR_SPECIAL_PAGES frames below
 * X86_HVM_END_SPECIAL_REGION, in xg_dom_x86.c's order (the two constants
 * from xenguest.h, which libxl shares with libxenguest for them). */
#define PVH_END_SPECIAL_REGION X86_HVM_END_SPECIAL_REGION
#define PVH_NR_SPECIAL_PAGES   X86_HVM_NR_SPECIAL_PAGES
enum pvh_special {
    PVH_SPECIAL_PAGING, PVH_SPECIAL_ACCESS, PVH_SPECIAL_SHARING,
    PVH_SPECIAL_BUFIOREQ, PVH_SPECIAL_XENSTORE, PVH_SPECIAL_IOREQ,
    PVH_SPECIAL_IDENT_PT, PVH_SPECIAL_CONSOLE,
};
#define pvh_special_pfn(x) (PVH_END_SPECIAL_REGION - PVH_NR_SPECIAL_PAGES + (x))

/* Low RAM ends where libxl's default MMIO hole starts (HVM_BELOW_4G_RAM_END,
 * 0xf0000000); the rest goes above 4 GiB. */
#define PVH_LOWMEM_LIMIT 0xf0000000ull
#define PVH_HIGHMEM_START (1ull << 32)

/* E820 types (hvm_memmap_table_entry.type, public/arch-x86/hvm/start_info.h). */
#define PVH_MAX_MEMMAP 3

struct pvh_layout {
    uint64_t lowmem_end;        /* RAM [0, lowmem_end) */
    uint64_t highmem_end;       /* RAM [4 GiB, highmem_end), or 0 */
    struct hvm_memmap_table_entry memmap[PVH_MAX_MEMMAP];
    unsigned n_memmap;
    uint64_t start_info_pfn;    /* first page after the kernel */
    size_t start_info_size;     /* start info + command line + memory map */
};

/* Plans a domain of mem_bytes (a multiple of 4 KiB) whose kernel occupies
 * [image_lo, image_hi), with a command line of cmdline_len bytes (without
 * its NUL). 0, or -EINVAL (no memory, a kernel or start info that does not
 * fit in low RAM). */
int pvh_layout_plan(uint64_t mem_bytes, uint64_t image_lo, uint64_t image_hi,
                    size_t cmdline_len, struct pvh_layout *out);

/* Writes the start info page(s) into buf (l->start_info_size bytes,
 * zeroed first): struct hvm_start_info version 1, then the command line,
 * then the memory map, each at the guest-physical address the structure
 * gives (start_info_pfn << 12 onwards). 0, or -ENOSPC if buf is short. */
int pvh_start_info_build(const struct pvh_layout *l, const char *cmdline,
                         void *buf, size_t len);

#endif

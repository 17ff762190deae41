/* Where a PVH domain's memory, kernel, ramdisk, ACPI tables, special
 * pages and start info go, as Xen 4.17's libxl (domain_construct_memmap,
 * libxl__dom_load_acpi) and libxenguest (meminit_hvm,
 * alloc_magic_pages_hvm, bootlate_hvm) lay them out for type="pvh". The
 * placement and the ACPI tables are the hypervisor's own pure code
 * (hypervisor/common/libelf/pvh_layout.c, arch/x86/hvm/pvh_acpi.c, which
 * its dom0-less builder uses for the same guests), compiled into xend as
 * Xen's tools compile its libelf. Pure code, unit-tested and fuzzed. */
#ifndef PVH_LAYOUT_H
#define PVH_LAYOUT_H

#include <stddef.h>
#include <stdint.h>

#include <xenctrl.h>      /* first: the public headers in tools form */
#include <xenguest.h>     /* X86_HVM_* only: libxenguest is not linked */
#include <xen/arch-x86/hvm/start_info.h>

#include <xen/pvh_layout.h>        /* hypervisor/include */
#include <asm/hvm/pvh_acpi.h>      /* hypervisor/include */

#define PVH_PAGE_SHIFT 12
#define PVH_PAGE_SIZE (1ull << PVH_PAGE_SHIFT)

/* The special pages, in xg_dom_x86.c's order, end where xenguest.h says. */
_Static_assert(PVH_NR_SPECIAL_PAGES == X86_HVM_NR_SPECIAL_PAGES, "special pages");
_Static_assert(PVH_SPECIAL_REGION_END == (uint64_t)X86_HVM_END_SPECIAL_REGION << PVH_PAGE_SHIFT,
               "special region");
enum pvh_special {
    PVH_SPECIAL_PAGING, PVH_SPECIAL_ACCESS, PVH_SPECIAL_SHARING,
    PVH_SPECIAL_BUFIOREQ, PVH_SPECIAL_XENSTORE, PVH_SPECIAL_IOREQ,
    PVH_SPECIAL_IDENT_PT, PVH_SPECIAL_CONSOLE,
};
#define pvh_special_pfn(x) (X86_HVM_END_SPECIAL_REGION - X86_HVM_NR_SPECIAL_PAGES + (x))

/* The ACPI tables: in the MMIO hole, a page above its start (libxl keeps
 * its hvm_info page at ACPI_INFO_PHYSICAL_ADDRESS, 0xFC000000, and the
 * tables after it), where the hypervisor's dom0-less builder puts them. */
#define PVH_ACPI_GPA (PVH_MMIO_HOLE_START + PVH_PAGE_SIZE)

struct pvh_plan {
    struct pvh_layout_in in;    /* in.cmdline points at the caller's string */
    struct pvh_layout_out out;
    struct pvh_module ramdisk;  /* module 0 when in.nr_modules is 1 */
    uint8_t *acpi;              /* malloc'd tables for PVH_ACPI_GPA, acpi_len bytes */
    size_t acpi_len;
};

/* Plans a domain of mem_bytes (a multiple of 4 KiB) and vcpus vCPUs whose
 * kernel occupies [image_lo, image_hi), with cmdline ("" for none) and a
 * ramdisk of ramdisk_size bytes (0: none). 0, or -EINVAL (-ENOMEM) with
 * *err a constant. Free with pvh_plan_free. */
int pvh_plan_make(uint64_t mem_bytes, unsigned vcpus, uint64_t image_lo, uint64_t image_hi,
                  const char *cmdline, uint64_t ramdisk_size, struct pvh_plan *p,
                  const char **err);
void pvh_plan_free(struct pvh_plan *p);

/* Bytes of the start info block, [out.start_info_gpa, out.end_gpa). */
size_t pvh_start_info_size(const struct pvh_plan *p);

/* Writes the start info block into buf (len bytes, zeroed first):
 * hvm_start_info v1, the command line, the module list (the ramdisk as
 * module 0, without a command line as libxl gives it), the memory map,
 * each where p->out places it. 0, or -ENOSPC if buf is short. */
int pvh_start_info_build(const struct pvh_plan *p, void *buf, size_t len);

#endif

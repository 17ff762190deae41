/* What the builder puts into a new domain's RAM besides the special pages:
 * the kernel (ELF or bzImage, pvh_kernel.h) at its physical addresses, the
 * ramdisk after it (start info module 0), the ACPI tables in the MMIO
 * hole, and the start info block, as pvh_layout.h plans them; through
 * libxenforeignmemory (xc_dom_load_elf_kernel, xc_dom_load_module,
 * libxl__dom_load_acpi, bootlate_hvm). */
#ifndef XEND_IMAGE_H
#define XEND_IMAGE_H

#include <stddef.h>
#include <stdint.h>

#include "pvh_elf.h"
#include "pvh_kernel.h"
#include "pvh_layout.h"      /* first: <xenctrl.h> */
#include <xenforeignmemory.h>
#include "xend_vm.h"

struct xend_image {
    uint8_t *file;              /* the kernel file */
    size_t file_len;
    struct pvh_kernel kernel;   /* its ELF */
    struct pvh_image elf;       /* the ELF's segments and entry */
    uint8_t *ramdisk;           /* the ramdisk file, or NULL */
    size_t ramdisk_len;
    struct pvh_plan plan;
};

/* Reads the kernel and ramdisk s names and plans the domain. 0, or a
 * negative errno with *why malloc'd ("kernel PATH: ..."). Free with
 * xend_image_free whatever the result. */
int xend_image_read(const struct xend_vm_spec *s, struct xend_image *im, char **why);
void xend_image_free(struct xend_image *im);

/* The guest's n frames from pfn, mapped writable; NULL with errno. */
void *xend_map_guest(xenforeignmemory_handle *fmem, uint32_t domid, xen_pfn_t pfn, size_t n);

/* Copies kernel, ramdisk, ACPI tables (populating their pages in the
 * hole first) and start info into the domain. 0, or a negative errno
 * with *why malloc'd. */
int xend_image_load(xc_interface *xch, xenforeignmemory_handle *fmem, uint32_t domid,
                    const struct xend_image *im, char **why);

#endif

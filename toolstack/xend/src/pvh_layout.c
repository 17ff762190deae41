/* The memory plan and start info of a PVH domain (see pvh_layout.h). */
#include "pvh_layout.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

int pvh_plan_make(uint64_t mem_bytes, unsigned vcpus, uint64_t image_lo, uint64_t image_hi,
                  const char *cmdline, uint64_t ramdisk_size, struct pvh_plan *p,
                  const char **err)
{
    size_t cap;
    uint64_t rsdp;

    memset(p, 0, sizeof(*p));
    if (!mem_bytes || mem_bytes & (PVH_PAGE_SIZE - 1)) {
        *err = "the memory size is not a whole number of pages";
        return -EINVAL;
    }
    /* libxl__dom_load_acpi: RSDP, XSDT, FADT, DSDT and a MADT with one
     * local APIC per vCPU. */
    cap = pvh_acpi_size(vcpus);
    p->acpi = calloc(1, cap);
    if (!p->acpi) {
        *err = "out of memory for the ACPI tables";
        return -ENOMEM;
    }
    if (pvh_acpi_build(vcpus, PVH_ACPI_GPA, p->acpi, cap, &rsdp, &p->acpi_len, err))
        goto bad;
    p->in = (struct pvh_layout_in){
        .ram_bytes = mem_bytes, .kernel_start = image_lo, .kernel_end = image_hi,
        .cmdline = cmdline && *cmdline ? cmdline : NULL,
        .acpi_gpa = PVH_ACPI_GPA, .acpi_size = p->acpi_len, .rsdp_gpa = rsdp };
    if (ramdisk_size) {
        p->ramdisk = (struct pvh_module){ .size = ramdisk_size, .cmdline = NULL };
        p->in.nr_modules = 1;
        p->in.modules = &p->ramdisk;
    }
    if (pvh_layout(&p->in, &p->out, err))
        goto bad;
    return 0;
bad:
    pvh_plan_free(p);
    return -EINVAL;
}

void pvh_plan_free(struct pvh_plan *p)
{
    free(p->acpi);
    p->acpi = NULL;
    p->in.modules = NULL;
}

size_t pvh_start_info_size(const struct pvh_plan *p)
{
    return (size_t)(p->out.end_gpa - p->out.start_info_gpa);
}

/* src (len bytes) at guest address gpa of the block at base. */
static void put(uint8_t *buf, uint64_t base, uint64_t gpa, const void *src, size_t len)
{
    memcpy(buf + (gpa - base), src, len);
}

int pvh_start_info_build(const struct pvh_plan *p, void *buf, size_t len)
{
    const struct pvh_layout_in *in = &p->in;
    const struct pvh_layout_out *out = &p->out;
    struct hvm_modlist_entry mods[PVH_MAX_MODULES];
    struct hvm_start_info si;
    uint64_t base = out->start_info_gpa;

    if (len < pvh_start_info_size(p))
        return -ENOSPC;
    memset(buf, 0, len);
    pvh_fill_start_info(in, out, &si, mods);
    put(buf, base, base, &si, sizeof(si));
    if (in->cmdline)
        put(buf, base, out->cmdline_gpa, in->cmdline, strlen(in->cmdline) + 1);
    if (in->nr_modules)
        put(buf, base, out->modlist_gpa, mods, in->nr_modules * sizeof(mods[0]));
    put(buf, base, out->memmap_gpa, out->memmap, out->nr_memmap * sizeof(out->memmap[0]));
    return 0;
}

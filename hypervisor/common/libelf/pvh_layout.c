/* The PVH start of day in guest memory, laid out as Xen 4.17's toolstack
 * does for a PVH domU: kernel at its paddr, each module in whole pages
 * after it (xc_dom_alloc_segment), then one page-aligned block with the
 * start info, the command line rounded to 8 bytes, the module list, the
 * modules' command lines and the memory map (alloc_magic_pages_hvm,
 * bootlate_hvm). Xen packs module command lines in fixed 1 KiB slots for at
 * most 2 modules; we round each to 8 bytes instead. The memory map is
 * libxl's for a PVH domU without device model (domain_construct_memmap):
 * one RAM entry from 0 (no 640 KiB/1 MiB split: Linux reserves
 * 0xA0000-0xFFFFF itself), the special pages reserved, the ACPI tables if
 * any, RAM above 4 GiB if any. */
#include <xen/pvh_layout.h>
#include <xen/string.h>

/* The local APIC page (Intel SDM vol. 3 10.4.1, default base; AMD APM vol. 2
 * 16.3.1): nothing else of the hole may cover it. */
#define LAPIC_DEFAULT_BASE 0xFEE00000ULL

static uint64_t str_slot(const char *s)
{
    return s ? ROUNDUP((uint64_t)strlen(s) + 1, 8) : 0;
}

static void memmap_add(struct pvh_layout_out *out, uint64_t addr, uint64_t size, uint32_t type)
{
    struct hvm_memmap_table_entry *e = &out->memmap[out->nr_memmap++];

    e->addr = addr;
    e->size = size;
    e->type = type;
    e->reserved = 0;
}

static int build_memmap(const struct pvh_layout_in *in, struct pvh_layout_out *out,
                        const char **err)
{
    memmap_add(out, 0, out->lowmem_end, XEN_HVM_MEMMAP_TYPE_RAM);
    memmap_add(out, PVH_SPECIAL_REGION_START, PVH_NR_SPECIAL_PAGES << PAGE_SHIFT,
               XEN_HVM_MEMMAP_TYPE_RESERVED);
    if (in->acpi_size) {
        uint64_t start = ROUNDDOWN(in->acpi_gpa, PAGE_SIZE);

        if (in->acpi_gpa < out->lowmem_end || in->acpi_gpa >= LAPIC_DEFAULT_BASE ||
            in->acpi_size > LAPIC_DEFAULT_BASE - in->acpi_gpa) {
            *err = "the ACPI tables must lie in the MMIO hole, below the local APIC";
            return -1;
        }
        if (in->rsdp_gpa && (in->rsdp_gpa < in->acpi_gpa ||
                             in->rsdp_gpa - in->acpi_gpa >= in->acpi_size)) {
            *err = "the RSDP lies outside the ACPI tables";
            return -1;
        }
        memmap_add(out, start, ROUNDUP(in->acpi_gpa + in->acpi_size, PAGE_SIZE) - start,
                   XEN_HVM_MEMMAP_TYPE_ACPI);
    } else if (in->rsdp_gpa) {
        *err = "an RSDP without ACPI tables";
        return -1;
    }
    if (out->highmem_end)
        memmap_add(out, PVH_HIGHMEM_START, out->highmem_end - PVH_HIGHMEM_START,
                   XEN_HVM_MEMMAP_TYPE_RAM);
    return 0;
}

/* off += len unless that passes room; false when it would. */
static bool take(uint64_t *off, uint64_t len, uint64_t room)
{
    if (len > room || *off > room - len)
        return false;
    *off += len;
    return true;
}

int pvh_layout(const struct pvh_layout_in *in, struct pvh_layout_out *out, const char **err)
{
    uint64_t pos, room, off = sizeof(struct hvm_start_info);

    memset(out, 0, sizeof(*out));
    *err = NULL;
    if (in->nr_modules > PVH_MAX_MODULES || (in->nr_modules && !in->modules)) {
        *err = "too many boot modules for one guest (at most 4)";
        return -1;
    }
    if (in->kernel_start >= in->kernel_end) {
        *err = "the kernel occupies no memory";
        return -1;
    }
    out->lowmem_end = ROUNDDOWN(MIN(in->ram_bytes, PVH_MMIO_HOLE_START), PAGE_SIZE);
    if (in->ram_bytes > PVH_MMIO_HOLE_START)
        out->highmem_end = PVH_HIGHMEM_START + ROUNDDOWN(in->ram_bytes - PVH_MMIO_HOLE_START,
                                                         PAGE_SIZE);
    if (in->kernel_end > out->lowmem_end) {
        *err = "the kernel does not fit in the guest's RAM below 4 GiB";
        return -1;
    }

    pos = ROUNDUP(in->kernel_end, PAGE_SIZE);
    for (unsigned int i = 0; i < in->nr_modules; i++) {
        uint64_t size = in->modules[i].size;

        if (size == 0) {
            *err = "a boot module is empty";
            return -1;
        }
        /* lowmem_end is page-aligned, so the rounded size fits too. */
        if (size > out->lowmem_end - pos) {
            *err = "a boot module (initramfs) does not fit in the guest's RAM after the kernel";
            return -1;
        }
        out->module_gpa[i] = pos;
        pos += ROUNDUP(size, PAGE_SIZE);
    }

    if (build_memmap(in, out, err))
        return -1;

    room = out->lowmem_end - pos;
    out->start_info_gpa = pos;
    if (in->cmdline) {
        out->cmdline_gpa = pos + off;
        if (!take(&off, str_slot(in->cmdline), room))
            goto full;
    }
    if (in->nr_modules) {
        out->modlist_gpa = pos + off;
        if (!take(&off, in->nr_modules * sizeof(struct hvm_modlist_entry), room))
            goto full;
    }
    for (unsigned int i = 0; i < in->nr_modules; i++)
        if (in->modules[i].cmdline) {
            out->module_cmdline_gpa[i] = pos + off;
            if (!take(&off, str_slot(in->modules[i].cmdline), room))
                goto full;
        }
    out->memmap_gpa = pos + off;
    if (!take(&off, out->nr_memmap * sizeof(struct hvm_memmap_table_entry), room))
        goto full;
    out->end_gpa = pos + off;
    return 0;

 full:
    *err = "no room in the guest's RAM for the start info, command lines and memory map";
    return -1;
}

void pvh_fill_start_info(const struct pvh_layout_in *in, const struct pvh_layout_out *out,
                         struct hvm_start_info *si, struct hvm_modlist_entry *mods)
{
    memset(si, 0, sizeof(*si));
    si->magic = XEN_HVM_START_MAGIC_VALUE;
    si->version = 1;                    /* memmap_paddr/memmap_entries are valid */
    si->nr_modules = in->nr_modules;
    si->modlist_paddr = out->modlist_gpa;
    si->cmdline_paddr = out->cmdline_gpa;
    si->rsdp_paddr = in->rsdp_gpa;
    si->memmap_paddr = out->memmap_gpa;
    si->memmap_entries = out->nr_memmap;
    for (unsigned int i = 0; i < in->nr_modules; i++) {
        memset(&mods[i], 0, sizeof(mods[i]));
        mods[i].paddr = out->module_gpa[i];
        mods[i].size = in->modules[i].size;
        mods[i].cmdline_paddr = out->module_cmdline_gpa[i];
    }
}

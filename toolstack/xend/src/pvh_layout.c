/* The memory plan and start info of a PVH domain (see pvh_layout.h). */
#include "pvh_layout.h"

#include <errno.h>
#include <string.h>

#define ROUNDUP(x, a) (((x) + (a) - 1) & ~((uint64_t)(a) - 1))

int pvh_layout_plan(uint64_t mem_bytes, uint64_t image_lo, uint64_t image_hi,
                    size_t cmdline_len, struct pvh_layout *l)
{
    uint64_t si_end;

    memset(l, 0, sizeof(*l));
    if (!mem_bytes || mem_bytes & (PVH_PAGE_SIZE - 1) || image_hi < image_lo ||
        mem_bytes > UINT64_MAX - PVH_HIGHMEM_START)
        return -EINVAL;
    l->lowmem_end = mem_bytes < PVH_LOWMEM_LIMIT ? mem_bytes : PVH_LOWMEM_LIMIT;
    if (mem_bytes > PVH_LOWMEM_LIMIT)
        l->highmem_end = PVH_HIGHMEM_START + (mem_bytes - PVH_LOWMEM_LIMIT);

    /* libxenguest: start info, the command line rounded up to 8 bytes,
     * (modules: none here), the memory map; right after the kernel. */
    l->start_info_pfn = ROUNDUP(image_hi, PVH_PAGE_SIZE) >> PVH_PAGE_SHIFT;
    l->start_info_size = sizeof(struct hvm_start_info) +
                         (cmdline_len ? ROUNDUP(cmdline_len + 1, 8) : 0) +
                         PVH_MAX_MEMMAP * sizeof(struct hvm_memmap_table_entry);
    si_end = (l->start_info_pfn << PVH_PAGE_SHIFT) +
             ROUNDUP(l->start_info_size, PVH_PAGE_SIZE);
    if (image_hi > l->lowmem_end || si_end > l->lowmem_end)
        return -EINVAL;

    /* libxl__arch_domain_construct_memmap for PVH: low RAM from 0 (no
     * VGA hole without a device model), the special pages reserved, high
     * RAM at 4 GiB. */
    l->memmap[l->n_memmap++] = (struct hvm_memmap_table_entry){
        .addr = 0, .size = l->lowmem_end, .type = XEN_HVM_MEMMAP_TYPE_RAM };
    l->memmap[l->n_memmap++] = (struct hvm_memmap_table_entry){
        .addr = (uint64_t)pvh_special_pfn(0) << PVH_PAGE_SHIFT,
        .size = (uint64_t)PVH_NR_SPECIAL_PAGES << PVH_PAGE_SHIFT,
        .type = XEN_HVM_MEMMAP_TYPE_RESERVED };
    if (l->highmem_end)
        l->memmap[l->n_memmap++] = (struct hvm_memmap_table_entry){
            .addr = PVH_HIGHMEM_START, .size = l->highmem_end - PVH_HIGHMEM_START,
            .type = XEN_HVM_MEMMAP_TYPE_RAM };
    return 0;
}

int pvh_start_info_build(const struct pvh_layout *l, const char *cmdline,
                         void *buf, size_t len)
{
    struct hvm_start_info si = { .magic = XEN_HVM_START_MAGIC_VALUE, .version = 1 };
    uint64_t base = l->start_info_pfn << PVH_PAGE_SHIFT;
    size_t off = sizeof(si), n = cmdline && *cmdline ? strlen(cmdline) : 0;
    uint8_t *p = buf;

    if (len < l->start_info_size)
        return -ENOSPC;
    memset(buf, 0, len);
    if (n) {
        if (off + ROUNDUP(n + 1, 8) > l->start_info_size)
            return -ENOSPC;
        memcpy(p + off, cmdline, n);
        si.cmdline_paddr = base + off;
        off += ROUNDUP(n + 1, 8);
    }
    if (off + l->n_memmap * sizeof(l->memmap[0]) > len)
        return -ENOSPC;
    memcpy(p + off, l->memmap, l->n_memmap * sizeof(l->memmap[0]));
    si.memmap_paddr = base + off;
    si.memmap_entries = l->n_memmap;
    /* No ACPI tables yet: rsdp_paddr 0 (libxl builds them for PVH). */
    memcpy(p, &si, sizeof(si));
    return 0;
}

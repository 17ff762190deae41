/* Multiboot 1 and 2 information parsing (pure: host-tested). Layouts: the
 * Multiboot Specification 0.6.96 §3.3 and Multiboot2 Specification §3.6. */
#include <xen/multiboot.h>
#include <xen/string.h>

#define MB1_FLAG_MEM     (1u << 0)
#define MB1_FLAG_CMDLINE (1u << 2)
#define MB1_FLAG_MODS    (1u << 3)
#define MB1_FLAG_MMAP    (1u << 6)
#define MB1_FLAG_LOADER  (1u << 9)

static uint32_t rd32(const void *p, size_t off)
{
    uint32_t v;

    memcpy(&v, (const char *)p + off, 4);
    return v;
}

static uint64_t rd64(const void *p, size_t off)
{
    uint64_t v;

    memcpy(&v, (const char *)p + off, 8);
    return v;
}

static void add_cut(struct boot_info *bi, const char *what, int index,
                    uint64_t given, uint64_t kept)
{
    if (bi->nr_cuts == BI_MAX_CUTS) {
        bi->cuts_unrecorded++;
        return;
    }
    bi->cuts[bi->nr_cuts++] = (struct bi_cut){ what, index, given, kept };
}

/* Copies a NUL-terminated string of at most `limit` bytes (its tag, for
 * multiboot 2) from loader memory into dst[size]. A longer string is cut
 * and recorded with its full length, so that the report says how much
 * was lost. */
static void copy_str(struct boot_info *bi, bi_map_t map, paddr_t pa, size_t limit,
                     char *dst, size_t size, const char *what, int index)
{
    size_t i = 0;

    dst[0] = '\0';
    if (!pa)
        return;
    for (; i < limit; i++) {
        const char *c = map(pa + i, 1);

        if (!c || !*c)
            break;
        if (i + 1 < size)
            dst[i] = *c;
    }
    dst[MIN(i, size - 1)] = '\0';
    if (i >= size)
        add_cut(bi, what, index, i, size - 1);
}

static void add_mmap(struct boot_info *bi, uint64_t addr, uint64_t size,
                     uint32_t type)
{
    if (bi->nr_mmap == BI_MAX_MMAP) {
        bi->mmap_given++;
        return;
    }
    bi->mmap[bi->nr_mmap].addr = addr;
    bi->mmap[bi->nr_mmap].size = size;
    bi->mmap[bi->nr_mmap].type = type;
    bi->nr_mmap++;
    bi->mmap_given++;
}

static void add_module(struct boot_info *bi, bi_map_t map, paddr_t start,
                       paddr_t end, paddr_t str, size_t str_limit)
{
    bi->mods_given++;
    if (bi->nr_mods == BI_MAX_MODS)
        return;
    bi->mods[bi->nr_mods].start = start;
    bi->mods[bi->nr_mods].end = end;
    copy_str(bi, map, str, str_limit, bi->mods[bi->nr_mods].cmdline,
             sizeof(bi->mods[0].cmdline), BI_CUT_MOD_CMDLINE, (int)bi->nr_mods);
    bi->nr_mods++;
}

/* Lists that overflowed are recorded once, with their full length. */
static void record_list_cuts(struct boot_info *bi)
{
    if (bi->mmap_given > bi->nr_mmap)
        add_cut(bi, BI_CUT_MMAP, -1, bi->mmap_given, bi->nr_mmap);
    if (bi->mods_given > bi->nr_mods)
        add_cut(bi, BI_CUT_MODS, -1, bi->mods_given, bi->nr_mods);
}

static void synth_mmap(struct boot_info *bi, uint32_t lower_kb, uint32_t upper_kb)
{
    add_mmap(bi, 0, (uint64_t)lower_kb << 10, E820_RAM);
    add_mmap(bi, MB(1), (uint64_t)upper_kb << 10, E820_RAM);
    bi->mmap_synthesized = true;
}

static int parse_mb1(paddr_t info, bi_map_t map, struct boot_info *bi,
                     const char **err)
{
    const void *mbi = map(info, 88);
    uint32_t flags;

    if (!mbi) {
        *err = "multiboot 1 info not readable";
        return -1;
    }
    flags = rd32(mbi, 0);
    /* A cut string or a full list never stops the parsing: what follows
     * (modules, the memory map) matters more than what was lost. */
    if (flags & MB1_FLAG_CMDLINE)
        copy_str(bi, map, rd32(mbi, 16), BI_STR_SCAN_MAX, bi->cmdline,
                 sizeof(bi->cmdline), BI_CUT_CMDLINE, -1);
    if (flags & MB1_FLAG_LOADER)
        copy_str(bi, map, rd32(mbi, 64), BI_STR_SCAN_MAX, bi->loader,
                 sizeof(bi->loader), BI_CUT_LOADER, -1);
    if (flags & MB1_FLAG_MODS) {
        /* Only the modules that fit are read; the count comes from the loader. */
        uint32_t count = rd32(mbi, 20);

        for (uint32_t i = 0; i < MIN(count, (uint32_t)BI_MAX_MODS); i++) {
            const void *m = map(rd32(mbi, 24) + (paddr_t)i * 16, 16);

            if (!m) {
                *err = "multiboot 1 module list not readable";
                return -1;
            }
            add_module(bi, map, rd32(m, 0), rd32(m, 4), rd32(m, 8), BI_STR_SCAN_MAX);
        }
        bi->mods_given = count;
    }
    if (flags & MB1_FLAG_MMAP) {
        paddr_t p = rd32(mbi, 48), end = p + rd32(mbi, 44);

        while (p + 24 <= end) {
            const void *e = map(p, 24);

            if (!e || rd32(e, 0) < 20) {
                *err = "multiboot 1 memory map malformed";
                return -1;
            }
            add_mmap(bi, rd64(e, 4), rd64(e, 12), rd32(e, 20));
            p += (paddr_t)rd32(e, 0) + 4;   /* size excludes itself; no 32-bit wrap */
        }
    } else if (flags & MB1_FLAG_MEM) {
        synth_mmap(bi, rd32(mbi, 4), rd32(mbi, 8));
    }
    record_list_cuts(bi);
    return 0;
}

/* Smallest valid size of the tags we read (header + fixed fields). */
static uint32_t mb2_min_size(uint32_t type)
{
    switch (type) {
    case 3: case 4: case 6: return 16;
    case 14: return 8 + 20;
    case 15: return 8 + 36;
    }
    return 8;
}

static int parse_mb2_tag(const void *t, paddr_t pa, uint32_t size, bi_map_t map,
                         struct boot_info *bi, const char **err)
{
    if (size < mb2_min_size(rd32(t, 0))) {
        *err = "multiboot 2 tag too small for its type";
        return -1;
    }
    switch (rd32(t, 0)) {
    case 1:
        copy_str(bi, map, pa + 8, size - 8, bi->cmdline, sizeof(bi->cmdline),
                 BI_CUT_CMDLINE, -1);
        break;
    case 2:
        copy_str(bi, map, pa + 8, size - 8, bi->loader, sizeof(bi->loader),
                 BI_CUT_LOADER, -1);
        break;
    case 3:
        add_module(bi, map, rd32(t, 8), rd32(t, 12), pa + 16, size - 16);
        break;
    case 4:
        if (!bi->nr_mmap)
            synth_mmap(bi, rd32(t, 8), rd32(t, 12));
        break;
    case 6: {
        uint32_t esz = rd32(t, 8);

        if (esz < 24) {
            *err = "multiboot 2 memory map entry too small";
            return -1;
        }
        if (bi->mmap_synthesized)
            bi->nr_mmap = 0, bi->mmap_given = 0, bi->mmap_synthesized = false;
        for (uint64_t off = 16; off + esz <= size; off += esz) {
            const void *e = map(pa + off, 24);

            add_mmap(bi, rd64(e, 0), rd64(e, 8), rd32(e, 16));
        }
        break;
    }
    case 14: case 15:
        if (!bi->has_rsdp) {
            size_t n = MIN((size_t)size - 8, sizeof(bi->rsdp));

            memcpy(bi->rsdp, map(pa + 8, n), n);
            bi->has_rsdp = true;
        }
        break;
    }
    return 0;
}

static int parse_mb2(paddr_t info, bi_map_t map, struct boot_info *bi,
                     const char **err)
{
    const void *hdr = map(info, 8);
    uint32_t total;
    paddr_t p;

    if (!hdr || (total = rd32(hdr, 0)) < 16 || !map(info, total)) {
        *err = "multiboot 2 info not readable";
        return -1;
    }
    for (p = info + 8; p + 8 <= info + total; p += ROUNDUP(rd32(map(p, 8), 4), 8)) {
        const void *t = map(p, 8);
        uint32_t size = rd32(t, 4);

        if (rd32(t, 0) == 0) {
            record_list_cuts(bi);
            return 0;
        }
        if (size < 8 || p + size > info + total) {
            *err = "multiboot 2 tag overruns the info structure";
            return -1;
        }
        if (parse_mb2_tag(t, p, size, map, bi, err))
            return -1;
    }
    *err = "multiboot 2 info has no end tag";
    return -1;
}

int multiboot_parse(uint32_t magic, paddr_t info, bi_map_t map,
                    struct boot_info *bi, const char **err)
{
    memset(bi, 0, sizeof(*bi));
    *err = NULL;
    if (magic == MULTIBOOT1_BOOTLOADER_MAGIC) {
        bi->mb_version = 1;
        return parse_mb1(info, map, bi, err);
    }
    if (magic == MULTIBOOT2_BOOTLOADER_MAGIC) {
        bi->mb_version = 2;
        return parse_mb2(info, map, bi, err);
    }
    *err = "not started by a multiboot loader (bad magic)";
    return -1;
}

const char *e820_type_name(uint32_t type)
{
    switch (type) {
    case E820_RAM: return "RAM";
    case E820_RESERVED: return "RESERVED";
    case E820_ACPI: return "ACPI RAM";
    case E820_NVS: return "ACPI NVS";
    case E820_UNUSABLE: return "UNUSABLE";
    }
    return "UNKNOWN";
}

/* ELF executable validation and loading for the PVH domain builder.
 * Structures: System V gABI ("Object Files"); what Xen accepts: Xen's
 * xen/common/libelf/ (loadable = PT_LOAD at p_paddr, notes "Xen"). Every
 * field is read by copy, so the image may sit at any alignment, and every
 * offset is checked against the image size before use. */
#include <xen/libelf.h>
#include <xen/string.h>
#include <xen/vsprintf.h>
#include "libelf-private.h"

_Static_assert(sizeof(size_t) == sizeof(uint64_t), "segment sizes are passed as size_t");

int elf_fail(struct elf_binary_info *info, const char **err, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(info->err_buf, sizeof(info->err_buf), fmt, ap);
    va_end(ap);
    *err = info->err_buf;
    return -1;
}

static void read_ehdr(struct elf_image *img)
{
    Elf32_Ehdr e;

    if (img->is_64bit) {
        memcpy(&img->eh, img->base, sizeof(img->eh));
        return;
    }
    memcpy(&e, img->base, sizeof(e));
    memcpy(img->eh.e_ident, e.e_ident, EI_NIDENT);
    img->eh.e_type = e.e_type;
    img->eh.e_machine = e.e_machine;
    img->eh.e_version = e.e_version;
    img->eh.e_entry = e.e_entry;
    img->eh.e_phoff = e.e_phoff;
    img->eh.e_shoff = e.e_shoff;
    img->eh.e_flags = e.e_flags;
    img->eh.e_ehsize = e.e_ehsize;
    img->eh.e_phentsize = e.e_phentsize;
    img->eh.e_phnum = e.e_phnum;
    img->eh.e_shentsize = e.e_shentsize;
    img->eh.e_shnum = e.e_shnum;
    img->eh.e_shstrndx = e.e_shstrndx;
}

void elf_read_phdr(const struct elf_image *img, unsigned int i, Elf64_Phdr *ph)
{
    const uint8_t *p = img->base + img->eh.e_phoff + (uint64_t)i * img->eh.e_phentsize;
    Elf32_Phdr p32;

    if (img->is_64bit) {
        memcpy(ph, p, sizeof(*ph));
        return;
    }
    memcpy(&p32, p, sizeof(p32));
    ph->p_type = p32.p_type;
    ph->p_flags = p32.p_flags;
    ph->p_offset = p32.p_offset;
    ph->p_vaddr = p32.p_vaddr;
    ph->p_paddr = p32.p_paddr;
    ph->p_filesz = p32.p_filesz;
    ph->p_memsz = p32.p_memsz;
    ph->p_align = p32.p_align;
}

void elf_read_shdr(const struct elf_image *img, unsigned int i, Elf64_Shdr *sh)
{
    const uint8_t *p = img->base + img->eh.e_shoff + (uint64_t)i * img->eh.e_shentsize;
    Elf32_Shdr s32;

    if (img->is_64bit) {
        memcpy(sh, p, sizeof(*sh));
        return;
    }
    memcpy(&s32, p, sizeof(s32));
    sh->sh_name = s32.sh_name;
    sh->sh_type = s32.sh_type;
    sh->sh_flags = s32.sh_flags;
    sh->sh_addr = s32.sh_addr;
    sh->sh_offset = s32.sh_offset;
    sh->sh_size = s32.sh_size;
    sh->sh_link = s32.sh_link;
    sh->sh_info = s32.sh_info;
    sh->sh_addralign = s32.sh_addralign;
    sh->sh_entsize = s32.sh_entsize;
}

/* e_ident, then the class-sized header: what kind of file this is. */
static int check_header(struct elf_image *img, struct elf_binary_info *info, const char **err)
{
    const uint8_t *id = img->base;
    size_t need;

    if (img->size < EI_NIDENT)
        return elf_fail(info, err, "image of %zu bytes is too small for an ELF header",
                        img->size);
    if (memcmp(id, ELFMAG, SELFMAG))
        return elf_fail(info, err, "not an ELF image (bad magic)");
    if (id[EI_CLASS] != ELFCLASS32 && id[EI_CLASS] != ELFCLASS64)
        return elf_fail(info, err, "bad ELF class %u (neither ELFCLASS32 nor ELFCLASS64)",
                        id[EI_CLASS]);
    if (id[EI_DATA] != ELFDATA2LSB)
        return elf_fail(info, err, "ELF data encoding %u is not little-endian (ELFDATA2LSB)",
                        id[EI_DATA]);
    if (id[EI_VERSION] != EV_CURRENT)
        return elf_fail(info, err, "ELF version %u is not EV_CURRENT", id[EI_VERSION]);
    img->is_64bit = id[EI_CLASS] == ELFCLASS64;
    need = img->is_64bit ? sizeof(Elf64_Ehdr) : sizeof(Elf32_Ehdr);
    if (img->size < need)
        return elf_fail(info, err, "ELF header truncated: %zu of %zu bytes", img->size, need);
    read_ehdr(img);
    if (img->eh.e_type != ET_EXEC)
        return elf_fail(info, err, "ELF type %u is not ET_EXEC (an executable)",
                        img->eh.e_type);
    /* The 64-bit x86 guest kernels (Linux vmlinux, XTF) are ELF64/EM_X86_64;
     * 32-bit and multiboot-style ones ELF32/EM_386. */
    if (img->eh.e_machine != (img->is_64bit ? EM_X86_64 : EM_386))
        return elf_fail(info, err, "ELF machine %u is not %s", img->eh.e_machine,
                        img->is_64bit ? "EM_X86_64 (ELF64)" : "EM_386 (ELF32)");
    return 0;
}

static int check_phdr_table(const struct elf_image *img, struct elf_binary_info *info,
                            const char **err)
{
    const Elf64_Ehdr *eh = &img->eh;
    size_t entsize = img->is_64bit ? sizeof(Elf64_Phdr) : sizeof(Elf32_Phdr);

    if (eh->e_phnum == 0)
        return elf_fail(info, err, "no program headers");
    if (eh->e_phentsize != entsize)
        return elf_fail(info, err, "program header size %u is not %zu",
                        eh->e_phentsize, entsize);
    if (!elf_range_ok(img, eh->e_phoff, (uint64_t)eh->e_phnum * entsize))
        return elf_fail(info, err, "program header table extends past the end of the image");
    return 0;
}

/* The PT_LOAD segments: in the file, filesz <= memsz, inside the physical
 * address space, at most ELF_MAX_SEGMENTS, none overlapping another. */
static int collect_segments(const struct elf_image *img, struct elf_binary_info *info,
                            const char **err)
{
    uint64_t limit = img->is_64bit ? UINT64_MAX : UINT32_MAX;
    unsigned int phdr_index[ELF_MAX_SEGMENTS];
    Elf64_Phdr ph;

    for (unsigned int i = 0; i < img->eh.e_phnum; i++) {
        struct elf_segment *s;

        elf_read_phdr(img, i, &ph);
        if (ph.p_type != PT_LOAD)
            continue;
        if (ph.p_filesz > ph.p_memsz)
            return elf_fail(info, err, "segment %u: p_filesz 0x%llx exceeds p_memsz 0x%llx", i,
                            (unsigned long long)ph.p_filesz, (unsigned long long)ph.p_memsz);
        if (!elf_range_ok(img, ph.p_offset, ph.p_filesz))
            return elf_fail(info, err, "segment %u extends past the end of the image", i);
        if (ph.p_memsz == 0)
            continue;                   /* occupies nothing: nothing to load */
        if (ph.p_paddr > limit - (ph.p_memsz - 1))
            return elf_fail(info, err, "segment %u wraps around the physical address space", i);
        if (info->nr_segments == ELF_MAX_SEGMENTS)
            return elf_fail(info, err, "more than %u PT_LOAD segments", ELF_MAX_SEGMENTS);
        phdr_index[info->nr_segments] = i;
        s = &info->seg[info->nr_segments++];
        s->paddr = ph.p_paddr;
        s->vaddr = ph.p_vaddr;
        s->offset = ph.p_offset;
        s->filesz = ph.p_filesz;
        s->memsz = ph.p_memsz;
        s->flags = ph.p_flags;
    }
    if (info->nr_segments == 0)
        return elf_fail(info, err, "no PT_LOAD segment to load");

    /* Last bytes (paddr + memsz - 1) cannot overflow: checked above. */
    for (unsigned int a = 0; a < info->nr_segments; a++)
        for (unsigned int b = a + 1; b < info->nr_segments; b++) {
            const struct elf_segment *x = &info->seg[a], *y = &info->seg[b];

            if (x->paddr <= y->paddr + (y->memsz - 1) && y->paddr <= x->paddr + (x->memsz - 1))
                return elf_fail(info, err, "segments %u and %u overlap in physical memory",
                                phdr_index[a], phdr_index[b]);
        }

    info->pstart = UINT64_MAX;
    for (unsigned int a = 0; a < info->nr_segments; a++) {
        info->pstart = MIN(info->pstart, info->seg[a].paddr);
        /* Can be 2^64 exactly only for a segment ending at the top: clamp. */
        info->pend = MAX(info->pend, info->seg[a].paddr + (info->seg[a].memsz - 1));
    }
    info->pend = info->pend == UINT64_MAX ? UINT64_MAX : info->pend + 1;
    return 0;
}

int elf_parse(const void *image, size_t size, struct elf_binary_info *info, const char **err)
{
    struct elf_image img = { .base = image, .size = image ? size : 0 };

    memset(info, 0, sizeof(*info));
    *err = NULL;
    if (check_header(&img, info, err) || check_phdr_table(&img, info, err) ||
        collect_segments(&img, info, err) || elf_parse_xen_notes(&img, info, err))
        return -1;
    info->is_64bit = img.is_64bit;
    info->e_entry = img.eh.e_entry;
    return 0;
}

int elf_load(const void *image, const struct elf_binary_info *info,
             int (*write)(void *ctx, uint64_t gpa, const void *src, size_t len), void *ctx)
{
    const uint8_t *base = image;
    int rc;

    for (unsigned int i = 0; i < info->nr_segments; i++) {
        const struct elf_segment *s = &info->seg[i];

        if (s->filesz && (rc = write(ctx, s->paddr, base + s->offset, s->filesz)))
            return rc;
        /* The rest of the segment (.bss) reads as zeros (gABI: p_memsz). */
        if (s->memsz > s->filesz &&
            (rc = write(ctx, s->paddr + s->filesz, NULL, s->memsz - s->filesz)))
            return rc;
    }
    return 0;
}

int elf_pvh_entry(const struct elf_binary_info *info, uint32_t *entry, const char **err)
{
    /* Xen's PVH builders (hvm/dom0_build.c, libxl) refuse a kernel without
     * this note: e_entry is a virtual or 64-bit entry, not the 32-bit
     * protected-mode one the PVH boot ABI starts at (docs/misc/pvh.pandoc). */
    if (!info->has_phys32_entry) {
        *err = "no XEN_ELFNOTE_PHYS32_ENTRY note: the kernel cannot boot as a PVH guest";
        return -1;
    }
    if (info->phys32_entry < info->pstart || info->phys32_entry >= info->pend) {
        *err = "XEN_ELFNOTE_PHYS32_ENTRY points outside the loaded segments";
        return -1;
    }
    *entry = info->phys32_entry;
    return 0;
}

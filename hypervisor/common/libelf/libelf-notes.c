/* The Xen notes of a guest kernel (<public/elfnote.h>): read from every
 * PT_NOTE segment and, when those hold none, from the SHT_NOTE sections, as
 * Xen's elf_xen_parse() does. A note is an Elf_Nhdr, the name and the
 * descriptor, each padded to the section's alignment (gABI "Note Section");
 * Xen's notes are named "Xen". */
#include <xen/libelf.h>
#include <xen/string.h>
#include "libelf-private.h"
#include <public/elfnote.h>
#include <public/features.h>

/* Where the notes come from, for messages: "note segment 3". */
struct note_area {
    const char *what;
    unsigned int index;
    uint64_t offset, size, align;
};

static const char *note_name(uint32_t type)
{
    switch (type) {
    case XEN_ELFNOTE_ENTRY:              return "ENTRY";
    case XEN_ELFNOTE_HYPERCALL_PAGE:     return "HYPERCALL_PAGE";
    case XEN_ELFNOTE_VIRT_BASE:          return "VIRT_BASE";
    case XEN_ELFNOTE_PADDR_OFFSET:       return "PADDR_OFFSET";
    case XEN_ELFNOTE_SUPPORTED_FEATURES: return "SUPPORTED_FEATURES";
    case XEN_ELFNOTE_PHYS32_ENTRY:       return "PHYS32_ENTRY";
    default:                             return "?";
    }
}

/* A string note into buf: up to its NUL or the end of the descriptor,
 * cut to the buffer (Xen's safe_strcpy cuts too). */
static void copy_string(char *buf, size_t bufsz, const uint8_t *desc, uint32_t descsz)
{
    size_t n = 0;

    while (n < descsz && n + 1 < bufsz && desc[n])
        n++;
    memcpy(buf, desc, n);
    buf[n] = '\0';
}

/* Numeric notes are 1, 2, 4 or 8 bytes wide (Xen's elf_note_numeric). */
static int read_numeric(const uint8_t *desc, uint32_t descsz, uint64_t *val)
{
    uint64_t v = 0;

    if (descsz != 1 && descsz != 2 && descsz != 4 && descsz != 8)
        return -1;
    memcpy(&v, desc, descsz);           /* little-endian */
    *val = v;
    return 0;
}

static int xen_note(uint32_t type, const uint8_t *desc, uint32_t descsz,
                    struct elf_binary_info *info, const char **err)
{
    uint64_t val = 0;

    switch (type) {
    case XEN_ELFNOTE_GUEST_OS:
        copy_string(info->guest_os, sizeof(info->guest_os), desc, descsz);
        return 0;
    case XEN_ELFNOTE_GUEST_VERSION:
        copy_string(info->guest_version, sizeof(info->guest_version), desc, descsz);
        return 0;
    case XEN_ELFNOTE_XEN_VERSION:
        copy_string(info->xen_version, sizeof(info->xen_version), desc, descsz);
        return 0;
    case XEN_ELFNOTE_LOADER:
        copy_string(info->loader, sizeof(info->loader), desc, descsz);
        return 0;
    case XEN_ELFNOTE_FEATURES:
        copy_string(info->features, sizeof(info->features), desc, descsz);
        return 0;
    case XEN_ELFNOTE_PAE_MODE:
        copy_string(info->pae_mode, sizeof(info->pae_mode), desc, descsz);
        return 0;
    case XEN_ELFNOTE_SUPPORTED_FEATURES:
        /* An array of 32-bit submaps; Xen ORs them into what FEATURES gave. */
        if (descsz % 4)
            return elf_fail(info, err, "Xen note SUPPORTED_FEATURES is %u bytes, not 32-bit words",
                            descsz);
        for (unsigned int i = 0; i < XENFEAT_NR_SUBMAPS && i < descsz / 4; i++)
            info->supported_features[i] |= elf_get32(desc + 4 * i);
        return 0;
    case XEN_ELFNOTE_ENTRY:
    case XEN_ELFNOTE_HYPERCALL_PAGE:
    case XEN_ELFNOTE_VIRT_BASE:
    case XEN_ELFNOTE_PADDR_OFFSET:
    case XEN_ELFNOTE_PHYS32_ENTRY:
        if (read_numeric(desc, descsz, &val))
            return elf_fail(info, err, "Xen note %s is %u bytes (must be 1, 2, 4 or 8)",
                            note_name(type), descsz);
        break;
    default:
        return 0;                       /* PV-only or unknown: Xen ignores them too */
    }

    switch (type) {
    case XEN_ELFNOTE_ENTRY:
        info->has_entry = true, info->entry = val;
        break;
    case XEN_ELFNOTE_HYPERCALL_PAGE:
        info->has_hypercall_page = true, info->hypercall_page = val;
        break;
    case XEN_ELFNOTE_VIRT_BASE:
        info->has_virt_base = true, info->virt_base = val;
        break;
    case XEN_ELFNOTE_PADDR_OFFSET:
        info->has_paddr_offset = true, info->paddr_offset = val;
        break;
    case XEN_ELFNOTE_PHYS32_ENTRY:
        if (val > UINT32_MAX)
            return elf_fail(info, err, "Xen note PHYS32_ENTRY 0x%llx does not fit in 32 bits",
                            (unsigned long long)val);
        info->has_phys32_entry = true, info->phys32_entry = (uint32_t)val;
        break;
    }
    return 0;
}

/* Walks the notes of one area; counts the Xen ones in info. */
static int parse_area(const struct elf_image *img, const struct note_area *a,
                      unsigned int *nr_notes, struct elf_binary_info *info, const char **err)
{
    uint64_t pos = a->offset, end = a->offset + a->size;

    if (!elf_range_ok(img, a->offset, a->size))
        return elf_fail(info, err, "%s %u extends past the end of the image", a->what, a->index);
    if (a->offset % a->align)
        return elf_fail(info, err, "%s %u is not %llu-byte aligned in the file", a->what,
                        a->index, (unsigned long long)a->align);

    while (pos < end) {
        const uint8_t *p = img->base + pos;
        uint32_t namesz, descsz, type;
        uint64_t desc, next;

        if (++*nr_notes > ELF_MAX_NOTES)
            return elf_fail(info, err, "more than %u ELF notes", ELF_MAX_NOTES);
        if (end - pos < sizeof(Elf32_Nhdr))
            return elf_fail(info, err, "%s %u ends inside a note header", a->what, a->index);
        namesz = elf_get32(p);
        descsz = elf_get32(p + 4);
        type = elf_get32(p + 8);
        /* The descriptor starts at the next aligned offset after the name
         * (with 4-byte alignment: Xen's roundup of namesz, the header being
         * 12 bytes). 32-bit sizes: these sums cannot overflow 64 bits. */
        desc = pos + ROUNDUP(sizeof(Elf32_Nhdr) + (uint64_t)namesz, a->align);
        if (desc > end || descsz > end - desc)
            return elf_fail(info, err, "note in %s %u overruns it (namesz %u, descsz %u)",
                            a->what, a->index, namesz, descsz);
        next = desc + ROUNDUP((uint64_t)descsz, a->align);

        if (namesz == 4 && !memcmp(p + sizeof(Elf32_Nhdr), "Xen", 4)) {
            if (xen_note(type, img->base + desc, descsz, info, err))
                return -1;
            info->has_xen_notes = true;
            info->nr_xen_notes++;
        }
        pos = next;                     /* padding of the last note may pass end */
    }
    return 0;
}

/* gABI: note entries are aligned to 4 bytes, or to 8 in sections aligned so
 * (GNU properties); 0 and 1 mean "no constraint", i.e. 4. Alignments are
 * powers of two. */
static int note_align(uint64_t align, uint64_t *out)
{
    if (align == 0 || align == 1 || align == 2 || align == 4)
        *out = 4;
    else if (align == 8)
        *out = 8;
    else
        return -1;
    return 0;
}

static int parse_segments(const struct elf_image *img, unsigned int *nr_notes,
                          struct elf_binary_info *info, const char **err)
{
    Elf64_Phdr ph;

    for (unsigned int i = 0; i < img->eh.e_phnum; i++) {
        struct note_area a = { .what = "note segment", .index = i };

        elf_read_phdr(img, i, &ph);
        /* Old binutils left p_offset 0 on note segments; Xen skips them. */
        if (ph.p_type != PT_NOTE || ph.p_offset == 0)
            continue;
        if (note_align(ph.p_align, &a.align))
            return elf_fail(info, err, "note segment %u has alignment %llu (must be 4 or 8)",
                            i, (unsigned long long)ph.p_align);
        a.offset = ph.p_offset;
        a.size = ph.p_filesz;
        if (parse_area(img, &a, nr_notes, info, err))
            return -1;
    }
    return 0;
}

static int parse_sections(const struct elf_image *img, unsigned int *nr_notes,
                          struct elf_binary_info *info, const char **err)
{
    const Elf64_Ehdr *eh = &img->eh;
    size_t entsize = img->is_64bit ? sizeof(Elf64_Shdr) : sizeof(Elf32_Shdr);
    Elf64_Shdr sh;

    if (eh->e_shoff == 0 || eh->e_shnum == 0)
        return 0;                       /* no section header table (stripped) */
    if (eh->e_shentsize != entsize)
        return elf_fail(info, err, "section header size %u is not %zu", eh->e_shentsize, entsize);
    if (!elf_range_ok(img, eh->e_shoff, (uint64_t)eh->e_shnum * entsize))
        return elf_fail(info, err, "section header table extends past the end of the image");

    for (unsigned int i = 1; i < eh->e_shnum; i++) {   /* section 0 is reserved */
        struct note_area a = { .what = "note section", .index = i };

        elf_read_shdr(img, i, &sh);
        if (sh.sh_type != SHT_NOTE)
            continue;
        if (note_align(sh.sh_addralign, &a.align))
            return elf_fail(info, err, "note section %u has alignment %llu (must be 4 or 8)",
                            i, (unsigned long long)sh.sh_addralign);
        a.offset = sh.sh_offset;
        a.size = sh.sh_size;
        if (parse_area(img, &a, nr_notes, info, err))
            return -1;
    }
    return 0;
}

int elf_parse_xen_notes(const struct elf_image *img, struct elf_binary_info *info,
                        const char **err)
{
    unsigned int nr_notes = 0;

    if (parse_segments(img, &nr_notes, info, err))
        return -1;
    if (info->has_xen_notes)
        return 0;
    if (parse_sections(img, &nr_notes, info, err))
        return -1;
    info->notes_from_sections = info->has_xen_notes;
    return 0;
}

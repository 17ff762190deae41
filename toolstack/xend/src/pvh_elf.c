/* ELF images of PVH kernels (see pvh_elf.h). Field layouts: the System V
 * ABI's ELF header, program header and note (glibc's <elf.h>); the note
 * names and types: Xen's public/elfnote.h. */
#include "pvh_elf.h"

#include <elf.h>
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <xenctrl.h>      /* first: the public headers in tools form */
#include <xen/elfnote.h>

int pvh_refuse(char *why, size_t n, int err, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    if (why && n)
        vsnprintf(why, n, fmt, ap);
    va_end(ap);
    return -err;
}

/* [off, off + size) lies inside a file of len bytes. */
static bool inside(uint64_t off, uint64_t size, size_t len)
{
    return off <= len && size <= len - off;
}

/* One program header, widened to the 64-bit form. */
static void phdr_at(const uint8_t *img, bool is64, uint64_t off, Elf64_Phdr *p)
{
    if (is64) {
        memcpy(p, img + off, sizeof(*p));
        return;
    }
    Elf32_Phdr q;
    memcpy(&q, img + off, sizeof(q));
    *p = (Elf64_Phdr){ .p_type = q.p_type, .p_offset = q.p_offset,
                       .p_paddr = q.p_paddr, .p_vaddr = q.p_vaddr,
                       .p_filesz = q.p_filesz, .p_memsz = q.p_memsz };
}

/* Walks the notes of one PT_NOTE segment (4-byte aligned entries, as in
 * both ELF classes for "Xen" notes) for XEN_ELFNOTE_PHYS32_ENTRY. */
static bool find_entry(const uint8_t *img, uint64_t off, uint64_t size,
                       uint32_t *entry)
{
    bool found = false;

    while (size >= sizeof(Elf32_Nhdr)) {
        Elf32_Nhdr n;
        memcpy(&n, img + off, sizeof(n));
        uint64_t name = (n.n_namesz + 3ull) & ~3ull, desc = (n.n_descsz + 3ull) & ~3ull;
        uint64_t total = sizeof(n) + name + desc;
        if (total > size)
            break;
        const uint8_t *d = img + off + sizeof(n) + name;
        if (n.n_namesz == 4 && !memcmp(img + off + sizeof(n), "Xen", 4) &&
            n.n_type == XEN_ELFNOTE_PHYS32_ENTRY &&
            (n.n_descsz == 4 || n.n_descsz == 8)) {
            /* libelf reads a numeric note of 4 or 8 bytes; the entry is
             * a 32-bit physical address either way. */
            uint64_t v = 0;
            memcpy(&v, d, n.n_descsz);
            if (v <= UINT32_MAX) {
                *entry = (uint32_t)v;
                found = true;
            }
        }
        off += total;
        size -= total;
    }
    return found;
}

int pvh_elf_parse(const void *image, size_t len, struct pvh_image *out,
                  char *why, size_t whylen)
{
    const uint8_t *img = image;
    bool is64, have_entry = false;
    uint64_t phoff, phentsize, phnum;

    memset(out, 0, sizeof(*out));
    if (len < EI_NIDENT || memcmp(img, ELFMAG, SELFMAG))
        return pvh_refuse(why, whylen, EINVAL, "not an ELF image");
    if (img[EI_CLASS] != ELFCLASS32 && img[EI_CLASS] != ELFCLASS64)
        return pvh_refuse(why, whylen, EINVAL, "unknown ELF class %u", img[EI_CLASS]);
    is64 = img[EI_CLASS] == ELFCLASS64;
    if (img[EI_DATA] != ELFDATA2LSB)
        return pvh_refuse(why, whylen, EINVAL, "not a little-endian ELF");
    if (len < (is64 ? sizeof(Elf64_Ehdr) : sizeof(Elf32_Ehdr)))
        return pvh_refuse(why, whylen, EINVAL, "ELF header cut short");
    if (is64) {
        Elf64_Ehdr e;
        memcpy(&e, img, sizeof(e));
        if (e.e_machine != EM_X86_64)
            return pvh_refuse(why, whylen, EINVAL, "ELF machine %u is not x86-64", e.e_machine);
        phoff = e.e_phoff, phentsize = e.e_phentsize, phnum = e.e_phnum;
    } else {
        Elf32_Ehdr e;
        memcpy(&e, img, sizeof(e));
        if (e.e_machine != EM_386)
            return pvh_refuse(why, whylen, EINVAL, "ELF machine %u is not i386", e.e_machine);
        phoff = e.e_phoff, phentsize = e.e_phentsize, phnum = e.e_phnum;
    }
    if (phentsize != (is64 ? sizeof(Elf64_Phdr) : sizeof(Elf32_Phdr)) ||
        !inside(phoff, phentsize * phnum, len))
        return pvh_refuse(why, whylen, EINVAL, "program headers outside the file");

    out->lo = UINT64_MAX;
    for (uint64_t i = 0; i < phnum; i++) {
        Elf64_Phdr p;
        phdr_at(img, is64, phoff + i * phentsize, &p);
        if ((p.p_type != PT_LOAD && p.p_type != PT_NOTE) ||
            (p.p_type == PT_LOAD && !p.p_memsz))
            continue;
        if (!inside(p.p_offset, p.p_filesz, len))
            return pvh_refuse(why, whylen, EINVAL, "segment %u outside the file", (unsigned)i);
        if (p.p_type == PT_NOTE) {
            have_entry |= find_entry(img, p.p_offset, p.p_filesz, &out->phys_entry);
            continue;
        }
        if (p.p_filesz > p.p_memsz || p.p_paddr > UINT64_MAX - p.p_memsz)
            return pvh_refuse(why, whylen, EINVAL, "segment %u: bad sizes", (unsigned)i);
        if (out->n_seg == PVH_MAX_SEGMENTS)
            return pvh_refuse(why, whylen, E2BIG, "more than %d loadable segments",
                          PVH_MAX_SEGMENTS);
        out->seg[out->n_seg++] = (struct pvh_segment){
            .paddr = p.p_paddr, .offset = p.p_offset,
            .filesz = p.p_filesz, .memsz = p.p_memsz };
        if (p.p_paddr < out->lo)
            out->lo = p.p_paddr;
        if (p.p_paddr + p.p_memsz > out->hi)
            out->hi = p.p_paddr + p.p_memsz;
    }
    if (!out->n_seg)
        return pvh_refuse(why, whylen, EINVAL, "no loadable segment");
    /* Xen 4.17's builder for a PVH domain refuses an image without the
     * note (xc_dom_parse_elf_kernel: "not a PVH kernel"). */
    if (!have_entry)
        return pvh_refuse(why, whylen, EINVAL, "no XEN_ELFNOTE_PHYS32_ENTRY note: not a PVH kernel");
    return 0;
}

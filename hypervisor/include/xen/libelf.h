/* The ELF loader of the PVH domain builder: validates an x86 ELF32/ELF64
 * executable, collects its PT_LOAD segments and its Xen notes
 * (<public/elfnote.h>), and copies the segments into guest memory through a
 * callback. Pure code: built in the hypervisor and unit-tested on the host.
 * Semantics follow Xen's libelf (xen/common/libelf/) where it matters to a
 * guest: notes named "Xen" from PT_NOTE segments, else from SHT_NOTE
 * sections; segments loaded at p_paddr; PVH entry from PHYS32_ENTRY. */
#ifndef XEN_LIBELF_H
#define XEN_LIBELF_H
#include <xen/types.h>

#define ELF_MAX_SEGMENTS 16
/* Notes looked at per image, like Xen's ELF_MAX_TOTAL_NOTE_COUNT: bounds the
 * work on a hostile image. */
#define ELF_MAX_NOTES    1024

struct elf_segment {
    uint64_t paddr, vaddr, offset, filesz, memsz;
    uint32_t flags;                     /* PF_R | PF_W | PF_X */
};

struct elf_binary_info {
    bool is_64bit;
    uint64_t e_entry;
    uint64_t pstart, pend;              /* lowest paddr, end of highest segment (paddr + memsz) */
    unsigned int nr_segments;           /* PT_LOAD segments with p_memsz != 0 */
    struct elf_segment seg[ELF_MAX_SEGMENTS];
    bool has_phys32_entry; uint32_t phys32_entry;   /* XEN_ELFNOTE_PHYS32_ENTRY: the PVH entry */
    bool has_xen_notes;                 /* any Xen note (name "Xen") at all */
    unsigned int nr_xen_notes;
    bool notes_from_sections;           /* found in SHT_NOTE sections, no PT_NOTE had any */
    char guest_os[32], guest_version[32], xen_version[32], loader[32];
    char features[128];                 /* XEN_ELFNOTE_FEATURES string, as given */
    uint32_t supported_features[1];     /* XEN_ELFNOTE_SUPPORTED_FEATURES bitmap (XENFEAT_*) */
    char pae_mode[16];                  /* XEN_ELFNOTE_PAE_MODE string (PV only) */
    /* The PV notes Linux and XTF also carry; a PVH builder ignores them. */
    bool has_entry;          uint64_t entry;            /* XEN_ELFNOTE_ENTRY (virtual) */
    bool has_virt_base;      uint64_t virt_base;        /* XEN_ELFNOTE_VIRT_BASE */
    bool has_paddr_offset;   uint64_t paddr_offset;     /* XEN_ELFNOTE_PADDR_OFFSET */
    bool has_hypercall_page; uint64_t hypercall_page;   /* XEN_ELFNOTE_HYPERCALL_PAGE (virtual) */
    char err_buf[96];                   /* where *err points when a message has numbers */
};

/* Parses and validates an ELF32/ELF64 x86 executable (EM_386 / EM_X86_64,
 * ET_EXEC, little-endian) in image[0..size): header, program headers
 * (PT_LOAD segments; PT_NOTE segments, else SHT_NOTE sections, for Xen
 * notes), every offset/size checked against size and for overflow, segments
 * not overlapping each other in physical memory, filesz <= memsz, at least
 * one PT_LOAD. Returns 0, or -1 with *err set to a message saying what is
 * wrong (a constant, or info->err_buf: valid while *info is). Never reads
 * outside the image; the image needs no particular alignment. */
int elf_parse(const void *image, size_t size, struct elf_binary_info *info, const char **err);

/* Copies each PT_LOAD segment's file bytes to its paddr and zero-fills up to
 * memsz, through write(ctx, gpa, src, len), src == NULL meaning "len zero
 * bytes". info must come from elf_parse() of the same image. Stops at the
 * first nonzero return of write and returns it; 0 when all is written. */
int elf_load(const void *image, const struct elf_binary_info *info,
             int (*write)(void *ctx, uint64_t gpa, const void *src, size_t len), void *ctx);

/* The PVH entry point: phys32_entry if present and inside the loaded image,
 * else -1 with *err saying why (Xen refuses such a kernel for a PVH guest). */
int elf_pvh_entry(const struct elf_binary_info *info, uint32_t *entry, const char **err);

#endif

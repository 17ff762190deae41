/* The kernel image of a PVH guest as Xen 4.17's builder reads it (its
 * libelf through libxenguest's xg_dom_elfloader.c): an x86 ELF, 32 or 64
 * bit, whose PT_LOAD segments go to their physical addresses and whose Xen
 * notes (public/elfnote.h) name the 32-bit entry point
 * (XEN_ELFNOTE_PHYS32_ENTRY). Pure code: unit-tested and fuzzed.
 *
 * Why our own reader and not hypervisor/common/libelf: that one is built
 * against the hypervisor's include tree (<xen/libelf.h>, <xen/string.h>),
 * whose xen/ folder would shadow the installed Xen headers this daemon
 * needs, and the hypervisor and the toolstack share no code (three wings,
 * STYLE.md). The builder needs only the program headers and one note, and
 * checks every offset against the file (a user's input). Unlike libelf,
 * notes are read from PT_NOTE segments only, not from SHT_NOTE sections:
 * Linux's and our test guests' PVH kernels carry the segment.
 * bzImage kernels are unpacked to their ELF first (pvh_kernel.h). */
#ifndef PVH_ELF_H
#define PVH_ELF_H

#include <stddef.h>
#include <stdint.h>

#define PVH_MAX_SEGMENTS 16

struct pvh_segment {
    uint64_t paddr, offset, filesz, memsz;
};

struct pvh_image {
    uint32_t phys_entry;        /* XEN_ELFNOTE_PHYS32_ENTRY */
    uint64_t lo, hi;            /* lowest paddr, end of the highest segment */
    struct pvh_segment seg[PVH_MAX_SEGMENTS];
    unsigned n_seg;
};

/* Reads the image. 0, or -EINVAL (not an x86 ELF, a header or segment
 * outside the file, no PHYS32_ENTRY note: "not a PVH kernel") or
 * -E2BIG (more than PVH_MAX_SEGMENTS loadable segments), with a sentence
 * in why. */
int pvh_elf_parse(const void *image, size_t len, struct pvh_image *out,
                  char *why, size_t whylen);

/* The readers' refusal: the sentence into why (whylen bytes), -err back. */
int pvh_refuse(char *why, size_t whylen, int err, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

#endif

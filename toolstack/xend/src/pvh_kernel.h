/* The kernel file of a PVH guest turned into the ELF the builder loads,
 * as Xen 4.17's libxenguest does (xg_dom_bzimageloader.c, then
 * xg_dom_elfloader.c): an ELF as it is, or Linux's bzImage (Debian's, boot
 * protocol 2.08 or later) whose XZ payload is decompressed with liblzma,
 * or whose LZ4 payload (Debian's cloud kernels) with liblz4.
 * The setup header is read by the hypervisor's own pure parser
 * (hypervisor/arch/x86/bzimage.c, compiled in as Xen's tools compile its
 * libelf). Pure code: unit-tested and fuzzed. */
#ifndef PVH_KERNEL_H
#define PVH_KERNEL_H

#include <stddef.h>
#include <stdint.h>

struct pvh_kernel {
    const uint8_t *elf;         /* the file itself, or owned */
    size_t len;
    uint8_t *owned;             /* malloc'd decompressed vmlinux, or NULL */
    char what[96];              /* for the log: "ELF" or "bzImage 2.0f, lz4 A -> B bytes" */
};

/* Reads file (len bytes, which must outlive k when it is an ELF). A
 * bzImage whose vmlinux would exceed max_elf bytes is refused. 0, or
 * -EINVAL (neither ELF nor bzImage, a broken header or stream, a
 * compressor other than xz or lz4: "not an ELF image ..."), -E2BIG or -ENOMEM,
 * with a sentence in why. */
int pvh_kernel_unpack(const void *file, size_t len, size_t max_elf,
                      struct pvh_kernel *k, char *why, size_t whylen);
void pvh_kernel_free(struct pvh_kernel *k);

#endif

/* A guest kernel as the PVH builders take it (dom0-less domains now, dom0
 * later): an ELF image as it is, or a bzImage as Debian ships it, whose
 * payload (xz: the standard kernel; lz4 legacy: the cloud kernel) is
 * decompressed here into a temporary buffer of the hypervisor's heap,
 * released once the kernel is loaded. */
#ifndef ASM_KERNEL_IMAGE_H
#define ASM_KERNEL_IMAGE_H
#include <xen/types.h>

struct kernel_image {
    const void *elf;                    /* the ELF to parse and load */
    size_t len;
    void *buf;                          /* decompression buffer, or NULL */
    unsigned int order;
    char how[96];                       /* "ELF", "bzImage 2.15, xz 8122340 -> 65906612 bytes" */
};

/* 0, or -1 with *why (a constant) naming what is wrong with the image. */
int kernel_image_get(const void *image, size_t size, struct kernel_image *ki,
                     const char **why);
void kernel_image_put(struct kernel_image *ki);

#endif

/* Shared by the files of common/libelf/: the image being parsed and the
 * error reporting of elf_parse(). */
#ifndef LIBELF_PRIVATE_H
#define LIBELF_PRIVATE_H
#include <xen/libelf.h>
#include <xen/elfstructs.h>

struct elf_image {
    const uint8_t *base;
    size_t size;
    bool is_64bit;
    Elf64_Ehdr eh;                      /* the header, widened when ELF32 */
};

/* True when [off, off + len) lies inside the image, without overflow. */
static inline bool elf_range_ok(const struct elf_image *img, uint64_t off, uint64_t len)
{
    return off <= img->size && len <= img->size - off;
}

/* Little-endian reads of possibly unaligned fields (the host and the
 * hypervisor are both x86, so a byte copy is a load). */
static inline uint32_t elf_get32(const uint8_t *p)
{
    uint32_t v;
    __builtin_memcpy(&v, p, sizeof(v));
    return v;
}

/* Program header / section header i, widened to the 64-bit layout; the
 * caller has checked that the table lies inside the image. */
void elf_read_phdr(const struct elf_image *img, unsigned int i, Elf64_Phdr *ph);
void elf_read_shdr(const struct elf_image *img, unsigned int i, Elf64_Shdr *sh);

/* Formats a message into info->err_buf, points *err at it, returns -1. */
int elf_fail(struct elf_binary_info *info, const char **err, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* libelf-notes.c: the Xen notes of PT_NOTE segments, else of SHT_NOTE sections. */
int elf_parse_xen_notes(const struct elf_image *img, struct elf_binary_info *info,
                        const char **err);

#endif

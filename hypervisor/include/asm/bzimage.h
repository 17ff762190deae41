/* Linux's bzImage as Debian ships it (Documentation/x86/boot.rst, the
 * real-mode setup header): the builder wants only its payload, the
 * compressed vmlinux ELF, and the length that vmlinux will have. Pure code,
 * host-tested and fuzzed. */
#ifndef ASM_BZIMAGE_H
#define ASM_BZIMAGE_H
#include <xen/types.h>

enum bzimage_compression {
    BZIMAGE_GZIP, BZIMAGE_BZIP2, BZIMAGE_LZMA, BZIMAGE_XZ, BZIMAGE_LZO, BZIMAGE_LZ4,
    BZIMAGE_ZSTD, BZIMAGE_NONE, BZIMAGE_UNKNOWN,
};

struct bzimage_info {
    uint16_t version;                   /* boot protocol, e.g. 0x20f */
    const uint8_t *payload;             /* the compressed stream... */
    size_t payload_len;                 /* ...without Linux's 4-byte size trailer */
    uint32_t vmlinux_len;               /* what the stream decompresses to */
    enum bzimage_compression compression;
};

/* True when image starts with a setup header ("HdrS" at 0x202). */
bool bzimage_is(const void *image, size_t len);

/* Finds the payload of a bzImage of boot protocol 2.08 or later. 0, or -1
 * with *err (a constant) naming what is wrong. */
int bzimage_parse(const void *image, size_t len, struct bzimage_info *bi, const char **err);

/* "xz", "gzip", ... for messages. */
const char *bzimage_compression_name(enum bzimage_compression c);

#endif

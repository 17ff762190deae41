/* The payload of a bzImage (asm/bzimage.h). Offsets are the setup header's
 * (Documentation/x86/boot.rst): setup_sects at 0x1f1, boot_flag 0xaa55 at
 * 0x1fe, "HdrS" at 0x202, the protocol version at 0x206, payload_offset and
 * payload_length at 0x248/0x24c (protocol 2.08+) counted from the
 * protected-mode code, which starts after the (setup_sects + 1) sectors of
 * the real-mode part. Linux's build appends the decompressed length to the
 * compressed stream as a little-endian u32 (scripts/Makefile.lib
 * size_append), for every compressor; Xen's own bzImage loader reads it
 * there too. */
#include <asm/bzimage.h>
#include <xen/string.h>

#define HDR_SETUP_SECTS     0x1f1
#define HDR_BOOT_FLAG       0x1fe
#define HDR_MAGIC           0x202
#define HDR_VERSION         0x206
#define HDR_PAYLOAD_OFFSET  0x248
#define HDR_PAYLOAD_LENGTH  0x24c
#define HDR_END             0x250       /* all of the above lie below */
#define PAYLOAD_PROTOCOL    0x208

static uint16_t rd16(const uint8_t *p) { uint16_t v; memcpy(&v, p, 2); return v; }
static uint32_t rd32(const uint8_t *p) { uint32_t v; memcpy(&v, p, 4); return v; }

bool bzimage_is(const void *image, size_t len)
{
    const uint8_t *p = image;

    return len >= HDR_END && rd16(p + HDR_BOOT_FLAG) == 0xaa55 &&
           !memcmp(p + HDR_MAGIC, "HdrS", 4);
}

/* The compressor, by its stream's magic (each format's own spec). */
static enum bzimage_compression sniff(const uint8_t *p, size_t len)
{
    static const struct { uint8_t magic[6], len; enum bzimage_compression c; } m[] = {
        { { 0xfd, '7', 'z', 'X', 'Z', 0x00 }, 6, BZIMAGE_XZ },
        { { 0x1f, 0x8b }, 2, BZIMAGE_GZIP },
        { { 'B', 'Z', 'h' }, 3, BZIMAGE_BZIP2 },
        { { 0x5d, 0x00, 0x00 }, 3, BZIMAGE_LZMA },
        { { 0x89, 'L', 'Z', 'O' }, 4, BZIMAGE_LZO },
        { { 0x02, 0x21, 0x4c, 0x18 }, 4, BZIMAGE_LZ4 },
        { { 0x28, 0xb5, 0x2f, 0xfd }, 4, BZIMAGE_ZSTD },
        { { 0x7f, 'E', 'L', 'F' }, 4, BZIMAGE_NONE },
    };

    for (unsigned int i = 0; i < sizeof(m) / sizeof(m[0]); i++)
        if (len >= m[i].len && !memcmp(p, m[i].magic, m[i].len))
            return m[i].c;
    return BZIMAGE_UNKNOWN;
}

const char *bzimage_compression_name(enum bzimage_compression c)
{
    static const char *const names[] = {
        "gzip", "bzip2", "lzma", "xz", "lzo", "lz4", "zstd", "none", "unknown",
    };

    return c <= BZIMAGE_UNKNOWN ? names[c] : "unknown";
}

int bzimage_parse(const void *image, size_t len, struct bzimage_info *bi, const char **err)
{
    const uint8_t *p = image;
    size_t pm_start, off, plen;
    unsigned int sects;

    memset(bi, 0, sizeof(*bi));
    if (!bzimage_is(image, len)) {
        *err = "not a bzImage (no setup header)";
        return -1;
    }
    bi->version = rd16(p + HDR_VERSION);
    if (bi->version < PAYLOAD_PROTOCOL) {
        *err = "bzImage boot protocol older than 2.08 (no payload fields)";
        return -1;
    }
    sects = p[HDR_SETUP_SECTS] ? p[HDR_SETUP_SECTS] : 4;     /* 0 means 4 */
    pm_start = ((size_t)sects + 1) * 512;
    off = rd32(p + HDR_PAYLOAD_OFFSET);
    plen = rd32(p + HDR_PAYLOAD_LENGTH);
    if (pm_start > len || off > len - pm_start || plen > len - pm_start - off) {
        *err = "bzImage payload lies outside the image (truncated file?)";
        return -1;
    }
    if (plen <= 4) {
        *err = "bzImage payload too short for its size trailer";
        return -1;
    }
    bi->payload = p + pm_start + off;
    bi->payload_len = plen - 4;
    bi->vmlinux_len = rd32(bi->payload + bi->payload_len);
    bi->compression = sniff(bi->payload, bi->payload_len);
    if (bi->vmlinux_len == 0) {
        *err = "bzImage payload decompresses to nothing (size trailer is 0)";
        return -1;
    }
    return 0;
}

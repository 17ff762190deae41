/* ELF or bzImage with an XZ or LZ4 payload (see pvh_kernel.h). */
#include "pvh_kernel.h"
#include "pvh_elf.h"
#include "pvh_unlz4.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lzma.h>

#include <asm/bzimage.h>        /* hypervisor/include: its pure parser */

/* liblzma's decoder memory limit: Linux's payloads use a dictionary of at
 * most 64 MiB (scripts/xz_wrap.sh), so this is never the limit. */
#define XZ_MEMLIMIT (128u << 20)

/* The payload decoded into exactly bi->vmlinux_len bytes (Linux's size
 * trailer) by xz or lz4: a stream that ends early, runs longer or is
 * corrupt is refused. */
static int decompress(const struct bzimage_info *bi, size_t max_elf, struct pvh_kernel *k,
                      char *why, size_t n)
{
    uint64_t memlimit = XZ_MEMLIMIT;
    size_t in_pos = 0, out_pos = 0;
    const char *err = NULL;
    lzma_ret r;

    if (bi->vmlinux_len > max_elf)
        return pvh_refuse(why, n, E2BIG, "bzImage payload decompresses to %u bytes, over %zu",
                      bi->vmlinux_len, max_elf);
    k->owned = malloc(bi->vmlinux_len);
    if (!k->owned)
        return pvh_refuse(why, n, ENOMEM, "out of memory for a %u-byte vmlinux", bi->vmlinux_len);
    if (bi->compression == BZIMAGE_LZ4) {
        if (!pvh_unlz4(bi->payload, bi->payload_len, k->owned, bi->vmlinux_len, &err))
            out_pos = bi->vmlinux_len;
    } else {
        r = lzma_stream_buffer_decode(&memlimit, 0, NULL, bi->payload, &in_pos, bi->payload_len,
                                      k->owned, &out_pos, bi->vmlinux_len);
        if (r != LZMA_OK || out_pos != bi->vmlinux_len)
            err = r == LZMA_BUF_ERROR ? "longer or shorter than its size trailer says"
                  : r == LZMA_OK ? "shorter than its size trailer says"
                  : r == LZMA_MEMLIMIT_ERROR ? "dictionary too large"
                  : "corrupt stream";
    }
    if (err) {
        free(k->owned);
        k->owned = NULL;
        return pvh_refuse(why, n, EINVAL, "bzImage %s payload: %s",
                          bzimage_compression_name(bi->compression), err);
    }
    k->elf = k->owned;
    k->len = out_pos;
    return 0;
}

int pvh_kernel_unpack(const void *file, size_t len, size_t max_elf,
                      struct pvh_kernel *k, char *why, size_t whylen)
{
    struct bzimage_info bi;
    const char *err;
    int rc;

    memset(k, 0, sizeof(*k));
    if (len >= 4 && !memcmp(file, "\177ELF", 4)) {
        k->elf = file;
        k->len = len;
        snprintf(k->what, sizeof(k->what), "ELF");
        return 0;
    }
    if (!bzimage_is(file, len))
        return pvh_refuse(why, whylen, EINVAL, "not an ELF image nor a bzImage");
    if (bzimage_parse(file, len, &bi, &err))
        return pvh_refuse(why, whylen, EINVAL, "%s", err);
    /* Debian's standard kernels are XZ, its cloud kernels LZ4; Xen's
     * tools also take the others, which this builder does not read yet. */
    if (bi.compression != BZIMAGE_XZ && bi.compression != BZIMAGE_LZ4)
        return pvh_refuse(why, whylen, EINVAL,
                          "bzImage payload compressed with %s: only xz and lz4 are read",
                          bzimage_compression_name(bi.compression));
    if ((rc = decompress(&bi, max_elf, k, why, whylen)))
        return rc;
    snprintf(k->what, sizeof(k->what), "bzImage %x.%02x, %s %zu -> %zu bytes",
             bi.version >> 8, bi.version & 0xff, bzimage_compression_name(bi.compression),
             bi.payload_len, k->len);
    return 0;
}

void pvh_kernel_free(struct pvh_kernel *k)
{
    free(k->owned);
    memset(k, 0, sizeof(*k));
}

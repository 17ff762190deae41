/* The kernel image a builder loads (asm/kernel_image.h). */
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/time.h>
#include <xen/unlz4.h>
#include <xen/unxz.h>
#include <xen/xmalloc.h>
#include <asm/bzimage.h>
#include <asm/kernel_image.h>

/* The smallest order of pages holding len bytes. */
static unsigned int order_for(size_t len)
{
    unsigned int order = 0;

    while (((size_t)PAGE_SIZE << order) < len)
        order++;
    return order;
}

/* The payload's decompressors: each fills buf[0, max) and says how many
 * bytes it wrote, or names what went wrong (a constant). */
static int unpack_xz(const struct bzimage_info *bi, void *buf, size_t max, size_t *len,
                     const char **err)
{
    struct unxz_result res;
    void *work = xmalloc_bytes(UNXZ_WORK_SIZE);
    int rc;

    if (!work) {
        *len = 0;
        *err = "out of memory for its work area";
        return -1;
    }
    rc = unxz(bi->payload, bi->payload_len, buf, max, work, UNXZ_SINGLE_STREAM, &res);
    xfree(work);
    *len = res.out_len;
    *err = unxz_strerror(rc);
    return rc;
}

static int unpack_lz4(const struct bzimage_info *bi, void *buf, size_t max, size_t *len,
                      const char **err)
{
    struct unlz4_result res;
    int rc = unlz4(bi->payload, bi->payload_len, buf, max, &res);

    *len = res.out_len;
    *err = unlz4_strerror(rc);
    return rc;
}

int kernel_image_get(const void *image, size_t size, struct kernel_image *ki,
                     const char **why)
{
    int (*unpack)(const struct bzimage_info *, void *, size_t, size_t *, const char **);
    struct bzimage_info bi;
    const char *err;
    size_t len;
    s_time_t t0;
    int rc;

    memset(ki, 0, sizeof(*ki));
    if (!bzimage_is(image, size)) {
        ki->elf = image;
        ki->len = size;
        snprintf(ki->how, sizeof(ki->how), "ELF, %zu bytes", size);
        return 0;
    }
    if (bzimage_parse(image, size, &bi, why))
        return -1;
    if (bi.compression == BZIMAGE_NONE) {
        ki->elf = bi.payload;
        ki->len = bi.payload_len;
        snprintf(ki->how, sizeof(ki->how), "bzImage %x.%02x, uncompressed",
                 bi.version >> 8, bi.version & 0xff);
        return 0;
    }
    switch (bi.compression) {
    case BZIMAGE_XZ:
        unpack = unpack_xz;
        break;
    case BZIMAGE_LZ4:
        unpack = unpack_lz4;
        break;
    default:
        *why = bi.compression == BZIMAGE_UNKNOWN ? "bzImage payload in an unknown format"
               : "bzImage payload not compressed with xz or lz4 (the decompressors here)";
        return -1;
    }
    /* The output is sized by Linux's size trailer: no payload, however
     * crafted, writes past it. */
    ki->order = order_for(bi.vmlinux_len);
    ki->buf = alloc_xenheap_pages(ki->order);
    if (!ki->buf) {
        *why = "not enough memory to decompress the kernel";
        return -1;
    }
    t0 = NOW();
    rc = unpack(&bi, ki->buf, bi.vmlinux_len, &len, &err);
    if (rc || len != bi.vmlinux_len) {
        printk(XENLOG_ERR "kernel: %s payload: %s (%zu of %u bytes)\n",
               bzimage_compression_name(bi.compression),
               rc ? err : "shorter than its size trailer", len, bi.vmlinux_len);
        kernel_image_put(ki);
        *why = "the bzImage payload does not decompress";
        return -1;
    }
    ki->elf = ki->buf;
    ki->len = len;
    snprintf(ki->how, sizeof(ki->how), "bzImage %x.%02x, %s %zu -> %zu bytes in %lld ms",
             bi.version >> 8, bi.version & 0xff, bzimage_compression_name(bi.compression),
             bi.payload_len, len, (long long)((NOW() - t0) / MILLISECS(1)));
    return 0;
}

void kernel_image_put(struct kernel_image *ki)
{
    if (ki->buf)
        free_xenheap_pages(ki->buf, ki->order);
    ki->buf = NULL;
}

/* The kernel image a builder loads (asm/kernel_image.h). */
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/time.h>
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

int kernel_image_get(const void *image, size_t size, struct kernel_image *ki,
                     const char **why)
{
    struct bzimage_info bi;
    struct unxz_result res;
    void *work;
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
    if (bi.compression != BZIMAGE_XZ) {
        *why = bi.compression == BZIMAGE_UNKNOWN ? "bzImage payload in an unknown format"
               : "bzImage payload not compressed with xz (the only decompressor here)";
        return -1;
    }
    ki->order = order_for(bi.vmlinux_len);
    ki->buf = alloc_xenheap_pages(ki->order);
    work = xmalloc_bytes(UNXZ_WORK_SIZE);
    if (!ki->buf || !work) {
        xfree(work);
        kernel_image_put(ki);
        *why = "not enough memory to decompress the kernel";
        return -1;
    }
    t0 = NOW();
    rc = unxz(bi.payload, bi.payload_len, ki->buf, bi.vmlinux_len, work,
              UNXZ_SINGLE_STREAM, &res);
    xfree(work);
    if (rc || res.out_len != bi.vmlinux_len) {
        printk(XENLOG_ERR "kernel: xz payload: %s (%zu of %u bytes)\n",
               rc ? unxz_strerror(rc) : "shorter than its size trailer", res.out_len,
               bi.vmlinux_len);
        kernel_image_put(ki);
        *why = "the bzImage payload does not decompress";
        return -1;
    }
    ki->elf = ki->buf;
    ki->len = res.out_len;
    snprintf(ki->how, sizeof(ki->how), "bzImage %x.%02x, xz %zu -> %zu bytes in %lld ms",
             bi.version >> 8, bi.version & 0xff, bi.payload_len, res.out_len,
             (long long)((NOW() - t0) / MILLISECS(1)));
    return 0;
}

void kernel_image_put(struct kernel_image *ki)
{
    if (ki->buf)
        free_xenheap_pages(ki->buf, ki->order);
    ki->buf = NULL;
}

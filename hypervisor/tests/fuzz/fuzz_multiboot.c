/* libFuzzer target: multiboot 1 and 2 info structures from arbitrary bytes
 * (the first byte picks the protocol); every read must stay in the buffer. */
#include <xen/multiboot.h>

static const uint8_t *mem;
static size_t mem_len;

static const void *map(paddr_t pa, size_t len)
{
    return pa <= mem_len && len <= mem_len - pa ? mem + pa : NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
    static struct boot_info bi;
    const char *err;

    if (len < 1)
        return 0;
    mem = data + 1;
    mem_len = len - 1;
    multiboot_parse(data[0] & 1 ? MULTIBOOT2_BOOTLOADER_MAGIC : MULTIBOOT1_BOOTLOADER_MAGIC,
                    0, map, &bi, &err);
    return 0;
}

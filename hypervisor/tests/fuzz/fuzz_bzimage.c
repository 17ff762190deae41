/* libFuzzer target: the bzImage setup header. What it reports as the
 * payload (and its size trailer) must lie inside the input: every byte of
 * it is read, in a heap copy of exactly the input's size, for ASan. Inputs
 * with an odd first byte get the boot flag and "HdrS" stamped in, so the
 * fuzzer spends its time past the magic, on the offsets. */
#include <stdlib.h>
#include <string.h>
#include <asm/bzimage.h>

static volatile uint8_t sink;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
    uint8_t *img = malloc(len ? len : 1), sum = 0;
    struct bzimage_info bi;
    const char *err;

    memcpy(img, data, len);
    if (len >= 0x250 && (img[0] & 1)) {
        img[0x1fe] = 0x55;
        img[0x1ff] = 0xaa;
        memcpy(img + 0x202, "HdrS", 4);
    }
    if (bzimage_parse(img, len, &bi, &err) == 0) {
        for (size_t i = 0; i < bi.payload_len + 4; i++)
            sum ^= bi.payload[i];
        if (!bzimage_compression_name(bi.compression))
            abort();
    }
    sink = sum;
    free(img);
    return 0;
}

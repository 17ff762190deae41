/* The integrity checks of .xz ("The .xz File Format" 6): CRC32 with the
 * reflected IEEE 802.3 polynomial and CRC64 with the reflected ECMA-182
 * polynomial, both starting from all ones and inverted at the end. The
 * tables are built in the caller's work area on each call, so the decoder
 * keeps no global state and needs no initialisation order. CRC32, which
 * covers every byte of a Linux payload, goes four bytes a step ("slicing by
 * 4": table k gives the CRC of a byte followed by k zero bytes). */
#include "private.h"

#define CRC32_POLY 0xedb88320u
#define CRC64_POLY 0xc96c5795d7870f42ull

void xz_crc_init(struct xz_work *w)
{
    for (unsigned int i = 0; i < 256; i++) {
        uint32_t c32 = i;
        uint64_t c64 = i;

        for (unsigned int bit = 0; bit < 8; bit++) {
            c32 = (c32 >> 1) ^ (c32 & 1 ? CRC32_POLY : 0);
            c64 = (c64 >> 1) ^ (c64 & 1 ? CRC64_POLY : 0);
        }
        w->crc32_table[0][i] = c32;
        w->crc64_table[i] = c64;
    }
    for (unsigned int i = 0; i < 256; i++)
        for (unsigned int k = 1; k < 4; k++) {
            uint32_t prev = w->crc32_table[k - 1][i];

            w->crc32_table[k][i] = (prev >> 8) ^ w->crc32_table[0][prev & 0xff];
        }
}

/* crc is the value returned for the data before p (0 to start). */
uint32_t xz_crc32(const struct xz_work *w, const uint8_t *p, size_t n, uint32_t crc)
{
    const uint32_t (*t)[256] = w->crc32_table;

    crc = ~crc;
    for (; n >= 4; n -= 4, p += 4) {
        crc ^= p[0] | (p[1] << 8) | (p[2] << 16) | ((uint32_t)p[3] << 24);
        crc = t[3][crc & 0xff] ^ t[2][(crc >> 8) & 0xff] ^ t[1][(crc >> 16) & 0xff] ^ t[0][crc >> 24];
    }
    while (n--)
        crc = t[0][(crc ^ *p++) & 0xff] ^ (crc >> 8);
    return ~crc;
}

uint64_t xz_crc64(const struct xz_work *w, const uint8_t *p, size_t n, uint64_t crc)
{
    crc = ~crc;
    while (n--)
        crc = w->crc64_table[(crc ^ *p++) & 0xff] ^ (crc >> 8);
    return ~crc;
}

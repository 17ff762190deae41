/* SHA-256 (FIPS 180-4, 6.2), the .xz check ID 0x0a, over one block's
 * uncompressed data, which single-call mode has in one piece. Constants:
 * FIPS 180-4 4.2.2 (K, cube roots of the first 64 primes) and 5.3.3 (H0,
 * square roots of the first 8). */
#include <xen/string.h>
#include "private.h"

static const uint32_t k[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static inline uint32_t ror(uint32_t x, unsigned int n)
{
    return (x >> n) | (x << (32 - n));
}

/* One 64-byte block into the state h (6.2.2 steps 1-4). */
static void compress(uint32_t h[8], const uint8_t *blk)
{
    uint32_t w[64], v[8];

    for (unsigned int t = 0; t < 16; t++)
        w[t] = ((uint32_t)blk[4 * t] << 24) | (blk[4 * t + 1] << 16) | (blk[4 * t + 2] << 8) |
               blk[4 * t + 3];
    for (unsigned int t = 16; t < 64; t++) {
        uint32_t s0 = ror(w[t - 15], 7) ^ ror(w[t - 15], 18) ^ (w[t - 15] >> 3);
        uint32_t s1 = ror(w[t - 2], 17) ^ ror(w[t - 2], 19) ^ (w[t - 2] >> 10);

        w[t] = w[t - 16] + s0 + w[t - 7] + s1;
    }
    memcpy(v, h, sizeof(v));
    for (unsigned int t = 0; t < 64; t++) {
        uint32_t e = v[4], a = v[0];
        uint32_t t1 = v[7] + (ror(e, 6) ^ ror(e, 11) ^ ror(e, 25)) + ((e & v[5]) ^ (~e & v[6])) +
                      k[t] + w[t];
        uint32_t t2 = (ror(a, 2) ^ ror(a, 13) ^ ror(a, 22)) + ((a & v[1]) ^ (a & v[2]) ^ (v[1] & v[2]));

        memmove(v + 1, v, 7 * sizeof(*v));
        v[4] += t1;
        v[0] = t1 + t2;
    }
    for (unsigned int i = 0; i < 8; i++)
        h[i] += v[i];
}

void xz_sha256(const uint8_t *p, size_t n, uint8_t digest[32])
{
    uint32_t h[8] = { 0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                      0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19 };
    uint64_t bits = (uint64_t)n * 8;
    uint8_t tail[128] = { 0 };
    size_t rest = n % 64, tail_len = rest < 56 ? 64 : 128;

    for (size_t i = 0; i + 64 <= n; i += 64)
        compress(h, p + i);
    /* Padding (5.1.1): 0x80, zeros, the length in bits big-endian. */
    memcpy(tail, p + n - rest, rest);
    tail[rest] = 0x80;
    for (unsigned int i = 0; i < 8; i++)
        tail[tail_len - 1 - i] = bits >> (8 * i);
    compress(h, tail);
    if (tail_len == 128)
        compress(h, tail + 64);
    for (unsigned int i = 0; i < 8; i++) {
        digest[4 * i] = h[i] >> 24;
        digest[4 * i + 1] = h[i] >> 16;
        digest[4 * i + 2] = h[i] >> 8;
        digest[4 * i + 3] = h[i];
    }
}

/* Shared inside common/xz/: the decoder's cursors, its work area and the
 * functions each layer offers the one above (unxz.c -> dec_stream.c ->
 * dec_index.c, dec_lzma2.c -> dec_lzma.c, dec_bcj_x86.c, crc.c). */
#ifndef XZ_PRIVATE_H
#define XZ_PRIVATE_H
#include <xen/types.h>
#include <xen/unxz.h>

/* Input cursor: buf[pos, len) is still to be read. */
struct xz_in {
    const uint8_t *buf;
    size_t pos, len;
};

/* The output buffer doubles as the LZMA2 dictionary (single-call mode):
 * buf[start, pos) is the history since the last dictionary reset. */
struct xz_dict {
    uint8_t *buf;
    size_t pos, max;
    size_t start;           /* where the last dictionary reset happened */
    size_t limit;           /* end of the chunk being decoded (<= max) */
    uint32_t size;          /* dictionary size from the LZMA2 properties */
};

/* LZMA's adaptive probabilities, 11-bit, one per context (the LZMA SDK's
 * model: 12 states, up to 16 position states, 4 length states, 64 distance
 * slots). Only their number matters to the format, not their order. */
#define LZMA_STATES       12
#define LZMA_POS_STATES   16
#define LZMA_LIT_STATES   7      /* states 0-6 follow a literal */
#define LZMA_DIST_STATES  4
#define LZMA_DIST_SLOTS   64
#define LZMA_DIST_MODEL_END 14   /* slots >= 14 use direct bits + align */
#define LZMA_FULL_DISTANCES 128
#define LZMA_ALIGN_BITS   4
#define LZMA_MATCH_MIN    2
#define LZMA_LITERAL_CODER_SIZE 0x300
#define LZMA2_LCLP_MAX    4      /* LZMA2 requires lc + lp <= 4 */

struct lzma_len_probs {
    uint16_t choice, choice2;
    uint16_t low[LZMA_POS_STATES][8];
    uint16_t mid[LZMA_POS_STATES][8];
    uint16_t high[256];
};

struct lzma_probs {
    uint16_t is_match[LZMA_STATES][LZMA_POS_STATES];
    uint16_t is_rep[LZMA_STATES], is_rep0[LZMA_STATES];
    uint16_t is_rep1[LZMA_STATES], is_rep2[LZMA_STATES];
    uint16_t is_rep0_long[LZMA_STATES][LZMA_POS_STATES];
    uint16_t dist_slot[LZMA_DIST_STATES][LZMA_DIST_SLOTS];
    uint16_t dist_special[LZMA_FULL_DISTANCES - LZMA_DIST_MODEL_END];
    uint16_t dist_align[1 << LZMA_ALIGN_BITS];
    struct lzma_len_probs match_len, rep_len;
    uint16_t literal[1 << LZMA2_LCLP_MAX][LZMA_LITERAL_CODER_SIZE];
};

/* What survives between LZMA chunks of one LZMA2 block. */
struct lzma_dec {
    unsigned int lc, lp, pb;
    unsigned int state;
    uint32_t rep[4];        /* last four distances, zero-based */
    struct lzma_probs probs;
};

/* The caller's work area (UNXZ_WORK_SIZE bytes). */
struct xz_work {
    uint32_t crc32_table[4][256];
    uint64_t crc64_table[256];
    struct lzma_dec lzma;
};

/* What a stream's blocks add up to, compared with its index. */
struct xz_index_sum {
    uint64_t count, unpadded, uncompressed;
    uint64_t hash;          /* CRC64 over (unpadded, uncompressed) records */
};

/* Check IDs of the stream flags ("The .xz File Format" 2.1.1.2). */
#define XZ_CHECK_NONE   0x00
#define XZ_CHECK_CRC32  0x01
#define XZ_CHECK_CRC64  0x04
#define XZ_CHECK_SHA256 0x0a

/* crc.c: tables built into the work area once per unxz() call. */
void xz_crc_init(struct xz_work *w);
uint32_t xz_crc32(const struct xz_work *w, const uint8_t *p, size_t n, uint32_t crc);
uint64_t xz_crc64(const struct xz_work *w, const uint8_t *p, size_t n, uint64_t crc);

/* sha256.c: the SHA-256 digest of p[0, n). */
void xz_sha256(const uint8_t *p, size_t n, uint8_t digest[32]);

/* dec_stream.c: one whole stream at in->pos (header, blocks, index,
 * footer); returns 0 or -UNXZ_E*. */
int xz_dec_stream(struct xz_work *w, struct xz_in *in, struct xz_dict *out);
/* Multibyte integer (2.1.1.3 of the format): up to 9 bytes, minimal form. */
int xz_read_vli(struct xz_in *in, size_t end, uint64_t *val);

/* dec_index.c: the index at in->pos (its indicator byte included), checked
 * against the blocks; *size is its length in bytes. */
int xz_dec_index(struct xz_work *w, struct xz_in *in, const struct xz_index_sum *sum,
                 uint64_t *size);
void xz_index_add(struct xz_work *w, struct xz_index_sum *sum, uint64_t unpadded,
                  uint64_t uncompressed);

/* dec_lzma2.c: LZMA2 chunks from in[pos, end) until the end marker. */
int xz_dec_lzma2(struct xz_work *w, struct xz_in *in, size_t end, struct xz_dict *d);

/* dec_lzma.c: an LZMA chunk of in[pos, pos + csize) yielding exactly
 * d->limit - d->pos bytes. */
void lzma_reset(struct lzma_dec *lz);
int lzma_set_props(struct lzma_dec *lz, uint8_t props);
int lzma_dec_chunk(struct lzma_dec *lz, struct xz_dict *d, const uint8_t *in, size_t csize);

/* dec_bcj_x86.c: undoes the x86 branch converter over one block's output. */
void xz_bcj_x86(uint8_t *buf, size_t len, uint32_t start_offset);

#endif

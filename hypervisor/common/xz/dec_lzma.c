/* The LZMA decoder of one LZMA2 chunk: a binary range decoder driving
 * adaptive probabilities (11-bit, shift 5), a 12-state machine of what came
 * last (literal, match, rep, short rep), literals coded with the previous
 * byte's top lc bits and the position's low lp bits, lengths 2..273 and
 * distances by slot + reverse bit trees + direct bits (the LZMA SDK's model,
 * as "The .xz File Format" 5.3.1 refers to it).
 *
 * Every read of the dictionary is of a distance checked against what has
 * been decoded since the last dictionary reset; every write is below
 * d->limit; range decoder input past the chunk reads as zero bytes and fails
 * the chunk at its end. */
#include <xen/string.h>
#include "private.h"

#define PROB_BITS      11
#define PROB_INIT      (1u << (PROB_BITS - 1))
#define PROB_MOVE_BITS 5
#define RC_TOP         (1u << 24)

struct rc {
    uint32_t range, code;
    const uint8_t *in;
    size_t pos, end;
};

/* The decoder normalises after each bit, as the encoder does after each bit
 * it codes: the chunk then ends exactly where the encoder's flush ended, with
 * code == 0. */
static inline __attribute__((always_inline)) void rc_normalize(struct rc *rc)
{
    if (rc->range < RC_TOP) {
        rc->range <<= 8;
        rc->code <<= 8;
        /* pos may pass end: the caller sees it and refuses the chunk. */
        if (rc->pos < rc->end)
            rc->code |= rc->in[rc->pos];
        rc->pos++;
    }
}

static inline __attribute__((always_inline)) unsigned int rc_bit(struct rc *rc, uint16_t *p)
{
    uint32_t bound = (rc->range >> PROB_BITS) * *p;
    unsigned int bit;

    if (rc->code < bound) {
        rc->range = bound;
        *p += ((1u << PROB_BITS) - *p) >> PROB_MOVE_BITS;
        bit = 0;
    } else {
        rc->range -= bound;
        rc->code -= bound;
        *p -= *p >> PROB_MOVE_BITS;
        bit = 1;
    }
    rc_normalize(rc);
    return bit;
}

/* A bit tree of nbits levels, most significant bit first; probs[1..2^n). */
static inline __attribute__((always_inline)) unsigned int rc_tree(struct rc *rc, uint16_t *probs,
                                                                  unsigned int nbits)
{
    unsigned int node = 1;

    while (node < (1u << nbits))
        node = (node << 1) | rc_bit(rc, &probs[node]);
    return node - (1u << nbits);
}

/* The same tree read least significant bit first; node n's probability is
 * probs[n - 1], so that trees can be packed (dist_special). */
static inline __attribute__((always_inline)) unsigned int rc_tree_rev(struct rc *rc, uint16_t *probs, unsigned int nbits)
{
    unsigned int node = 1, val = 0;

    for (unsigned int i = 0; i < nbits; i++) {
        unsigned int bit = rc_bit(rc, &probs[node - 1]);

        node = (node << 1) | bit;
        val |= bit << i;
    }
    return val;
}

/* Bits of probability one half, most significant first. */
static inline __attribute__((always_inline)) uint32_t rc_direct(struct rc *rc, unsigned int nbits)
{
    uint32_t val = 0;

    while (nbits--) {
        rc->range >>= 1;
        val <<= 1;
        if (rc->code >= rc->range) {
            rc->code -= rc->range;
            val |= 1;
        }
        rc_normalize(rc);
    }
    return val;
}

void lzma_reset(struct lzma_dec *lz)
{
    uint16_t *p = (uint16_t *)&lz->probs;

    for (size_t i = 0; i < sizeof(lz->probs) / sizeof(*p); i++)
        p[i] = PROB_INIT;
    lz->state = 0;
    lz->rep[0] = lz->rep[1] = lz->rep[2] = lz->rep[3] = 0;
}

/* The properties byte is (pb * 5 + lp) * 9 + lc. */
int lzma_set_props(struct lzma_dec *lz, uint8_t props)
{
    if (props >= 9 * 5 * 5)
        return -UNXZ_EDATA;
    lz->lc = props % 9;
    lz->lp = props / 9 % 5;
    lz->pb = props / 45;
    if (lz->lc + lz->lp > LZMA2_LCLP_MAX)
        return -UNXZ_EDATA;
    return 0;
}

static inline __attribute__((always_inline)) unsigned int len_decode(struct rc *rc, struct lzma_len_probs *l, unsigned int pos_state)
{
    if (!rc_bit(rc, &l->choice))
        return LZMA_MATCH_MIN + rc_tree(rc, l->low[pos_state], 3);
    if (!rc_bit(rc, &l->choice2))
        return LZMA_MATCH_MIN + 8 + rc_tree(rc, l->mid[pos_state], 3);
    return LZMA_MATCH_MIN + 16 + rc_tree(rc, l->high, 8);
}

/* Slots 0-3 are the distance; above, the slot gives the top two bits and the
 * number of bits below them: reverse trees per slot up to slot 13, then
 * direct bits with the low four from the align tree. */
static inline __attribute__((always_inline)) uint32_t dist_decode(struct rc *rc, struct lzma_probs *p, unsigned int len)
{
    unsigned int slot = rc_tree(rc, p->dist_slot[MIN(len - LZMA_MATCH_MIN, LZMA_DIST_STATES - 1)], 6);
    unsigned int nbits;
    uint32_t dist;

    if (slot < 4)
        return slot;
    nbits = (slot >> 1) - 1;
    dist = (2u | (slot & 1)) << nbits;
    if (slot < LZMA_DIST_MODEL_END)
        /* Slot s's tree has 2^nbits - 1 nodes: placed from dist - s, the
         * trees of slots 4-13 tile dist_special[0, 114) exactly. */
        return dist + rc_tree_rev(rc, p->dist_special + (dist - slot), nbits);
    dist += rc_direct(rc, nbits - LZMA_ALIGN_BITS) << LZMA_ALIGN_BITS;
    return dist + rc_tree_rev(rc, p->dist_align, LZMA_ALIGN_BITS);
}

/* State after a literal, a match, a rep match and a short rep. */
static inline unsigned int state_literal(unsigned int s)
{
    return s < 4 ? 0 : s < 10 ? s - 3 : s - 6;
}
#define STATE_MATCH(s)     ((s) < LZMA_LIT_STATES ? 7 : 10)
#define STATE_REP(s)       ((s) < LZMA_LIT_STATES ? 8 : 11)
#define STATE_SHORTREP(s)  ((s) < LZMA_LIT_STATES ? 9 : 11)

int lzma_dec_chunk(struct lzma_dec *lz, struct xz_dict *d, const uint8_t *in, size_t csize)
{
    struct lzma_probs *p = &lz->probs;
    struct rc rc = { .range = 0xffffffffu, .code = 0, .in = in, .pos = 5, .end = csize };
    uint8_t *buf = d->buf;
    size_t pos = d->pos, limit = d->limit, start = d->start;
    unsigned int state = lz->state;
    uint32_t rep0 = lz->rep[0], rep1 = lz->rep[1], rep2 = lz->rep[2], rep3 = lz->rep[3];
    const unsigned int lc = lz->lc;
    const size_t dict_size = d->size;
    const size_t lp_mask = (1u << lz->lp) - 1, pb_mask = (1u << lz->pb) - 1;
    int rc_err = -UNXZ_EDATA;

    /* Five init bytes, the first always zero (the encoder's initial cache). */
    if (csize < 5 || in[0] != 0)
        return -UNXZ_EDATA;
    for (unsigned int i = 1; i < 5; i++)
        rc.code = (rc.code << 8) | in[i];

    while (pos < limit) {
        size_t dpos = pos - start;                  /* bytes of history */
        size_t avail = MIN(dpos, dict_size);  /* distances allowed: < avail */
        unsigned int pos_state = dpos & pb_mask;
        unsigned int len;

        if (rc.pos > rc.end)
            goto out;
        if (!rc_bit(&rc, &p->is_match[state][pos_state])) {
            unsigned int prev = dpos ? buf[pos - 1] : 0;
            uint16_t *lit = p->literal[((dpos & lp_mask) << lc) + (prev >> (8 - lc))];
            unsigned int sym = 1;

            if (state < LZMA_LIT_STATES) {
                sym = rc_tree(&rc, lit, 8) | 0x100;
            } else {
                /* After a match, the byte at rep0 steers the tree while
                 * the decoded bits agree with it (a "matched literal"). */
                unsigned int match, same = 0x100;

                if (rep0 >= avail)
                    goto out;
                match = buf[pos - rep0 - 1];
                while (sym < 0x100) {
                    unsigned int mbit, bit;

                    match <<= 1;
                    mbit = match & same;
                    bit = rc_bit(&rc, &lit[same + mbit + sym]);
                    sym = (sym << 1) | bit;
                    same &= bit ? mbit : ~mbit;
                }
            }
            buf[pos++] = sym & 0xff;
            state = state_literal(state);
            continue;
        }

        if (!rc_bit(&rc, &p->is_rep[state])) {
            len = len_decode(&rc, &p->match_len, pos_state);
            rep3 = rep2;
            rep2 = rep1;
            rep1 = rep0;
            /* 0xffffffff, LZMA's end marker, has no place in LZMA2: it
             * fails the distance check with every dictionary size. */
            rep0 = dist_decode(&rc, p, len);
            state = STATE_MATCH(state);
        } else if (!rc_bit(&rc, &p->is_rep0[state])) {
            if (!rc_bit(&rc, &p->is_rep0_long[state][pos_state])) {
                if (rep0 >= avail)
                    goto out;
                buf[pos] = buf[pos - rep0 - 1];
                pos++;
                state = STATE_SHORTREP(state);
                continue;
            }
            len = len_decode(&rc, &p->rep_len, pos_state);
            state = STATE_REP(state);
        } else {
            uint32_t dist;

            if (!rc_bit(&rc, &p->is_rep1[state])) {
                dist = rep1;
            } else {
                if (!rc_bit(&rc, &p->is_rep2[state])) {
                    dist = rep2;
                } else {
                    dist = rep3;
                    rep3 = rep2;
                }
                rep2 = rep1;
            }
            rep1 = rep0;
            rep0 = dist;
            len = len_decode(&rc, &p->rep_len, pos_state);
            state = STATE_REP(state);
        }

        /* LZMA2 chunks end on symbol boundaries: a match never runs past. */
        if (rep0 >= avail || len > limit - pos)
            goto out;
        for (const uint8_t *src = buf + pos - rep0 - 1, *end = src + len; src < end; )
            buf[pos++] = *src++;
    }
    /* All input used, none missing, and the range coder flushed to zero. */
    if (rc.pos == rc.end && rc.code == 0)
        rc_err = 0;
out:
    d->pos = pos;
    lz->state = state;
    lz->rep[0] = rep0, lz->rep[1] = rep1, lz->rep[2] = rep2, lz->rep[3] = rep3;
    return rc_err;
}

/* The BCJ x86 filter's decoder (filter ID 0x04, "The .xz File Format" 5.3.3;
 * the algorithm is the LZMA SDK's). To make code compress better, the
 * encoder replaced the rel32 operand of CALL (E8) and JMP (E9) by the
 * absolute target when the operand's top byte was 00 or FF (a target near
 * the instruction); the decoder subtracts the position again.
 *
 * An E8/E9 within 3 bytes after another one the encoder left alone may be
 * a false start inside that instruction: the encoder skipped it when two or
 * more such bytes precede it, or when the one before has its own operand's
 * top byte (now inside ours) near. We repeat the same judgement on the same
 * (unconverted) bytes, so we agree with it. The last 4 bytes of a block are
 * never an opcode, having no room for an operand. */
#include "private.h"

static inline bool near_byte(uint8_t b)
{
    return b == 0x00 || b == 0xff;
}

void xz_bcj_x86(uint8_t *buf, size_t len, uint32_t start_offset)
{
    /* Bit d-1 set: the byte d back (d = 1..3) is an E8/E9 left unconverted. */
    unsigned int left = 0;
    size_t last = 0;                    /* the last E8/E9 looked at */
    bool seen = false;

    for (size_t i = 0; i + 4 < len; i++) {
        uint32_t src, dest, pos;
        unsigned int d = 0;

        if ((buf[i] & 0xfe) != 0xe8)
            continue;
        if (!seen || i - last > 3)
            left = 0;
        else
            left = (left << (i - last - 1)) & 7;
        seen = true;
        last = i;
        if (left) {
            d = __builtin_ctz(left) + 1;
            /* More than one, or the one before has a near top byte. */
            if ((left & (left - 1)) || near_byte(buf[i + 4 - d])) {
                left = (left << 1) | 1;
                continue;
            }
        }
        if (!near_byte(buf[i + 4])) {
            left = (left << 1) | 1;
            continue;
        }

        pos = start_offset + (uint32_t)i + 5;   /* the next instruction, mod 2^32 */
        src = buf[i + 1] | (buf[i + 2] << 8) | (buf[i + 3] << 16) | ((uint32_t)buf[i + 4] << 24);
        dest = src - pos;
        /* With an unconverted E8/E9 d bytes back, the encoder also looked
         * at the byte of its result that the earlier opcode would take as
         * its top byte (byte 3 - d of ours): when near, it had inverted
         * the bits below that byte and converted again. Undo the same way;
         * that byte was not near in src, so a second round never recurs. */
        if (d && near_byte(dest >> (8 * (3 - d)))) {
            uint32_t below = (1u << (8 * (4 - d))) - 1;

            dest = (dest ^ below) - pos;
        }
        /* Bit 24 decides the top byte: 00 or FF. */
        dest = dest & 0x01000000 ? dest | 0xff000000 : dest & 0x00ffffff;
        buf[i + 1] = dest;
        buf[i + 2] = dest >> 8;
        buf[i + 3] = dest >> 16;
        buf[i + 4] = dest >> 24;
        i += 4;
    }
}

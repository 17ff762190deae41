/* libFuzzer target: guest page-table walks over arbitrary paging state and
 * guest memory. Tables are only read as aligned 8-byte words inside guest
 * RAM; a walk that sets A/D agrees with one that does not, changes only A
 * and D bits (0 → 1) and only when it succeeds; error codes carry only the
 * architectural bits. */
#include <stdlib.h>
#include <string.h>
#include <asm/guest_walk.h>

#define MEM_SIZE 0x4000
static uint64_t mem[MEM_SIZE / 8], before[MEM_SIZE / 8];

static int rd(void *ctx, uint64_t gpa, uint64_t *val)
{
    (void)ctx;
    if (gpa & 7)
        abort();
    if (gpa >= MEM_SIZE)
        return -1;
    *val = mem[gpa / 8];
    return 0;
}

static int wr(void *ctx, uint64_t gpa, uint64_t val)
{
    (void)ctx;
    if ((gpa & 7) || gpa >= MEM_SIZE)
        abort();                                 /* only entries that were read */
    mem[gpa / 8] = val;
    return 0;
}

static uint64_t take(const uint8_t **d, size_t *len)
{
    uint64_t v = 0;
    size_t n = *len < 8 ? *len : 8;

    memcpy(&v, *d, n);
    *d += n;
    *len -= n;
    return v;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
    static const struct guest_walk_ops ro = { rd, NULL }, ad = { rd, wr };
    struct guest_paging_state st;
    uint64_t va, gpa1 = 0, gpa2 = 0, bad1 = 0, bad2 = 0, flags;
    uint32_t pfec, pfec1 = 0, pfec2 = 0;
    int r1, r2;

    /* The control bits that matter are packed in one word. */
    flags = take(&data, &len);
    st.cr0 = (flags & 1 ? 1UL << 31 : 0) | (flags & 2 ? 1UL << 16 : 0) | 1;
    st.cr4 = ((flags >> 2) & 1) << 4 | ((flags >> 3) & 1) << 5 | ((flags >> 4) & 1) << 12 |
             ((flags >> 5) & 1) << 20 | ((flags >> 6) & 1) << 21;
    st.efer = ((flags >> 7) & 1) << 10 | ((flags >> 8) & 1) << 11;
    st.rflags = ((flags >> 9) & 1) << 18;
    st.maxphyaddr = (flags >> 16) & 0x3f;
    pfec = ((flags >> 24) & 0x17) | ((flags >> 29) & 1) << 18;
    st.cr3 = take(&data, &len) & 0x3fff;
    va = take(&data, &len);
    memset(mem, 0, sizeof(mem));
    memcpy(mem, data, len < MEM_SIZE ? len : MEM_SIZE);
    memcpy(before, mem, sizeof(mem));

    r1 = guest_walk_tables(&st, va, pfec, &ro, NULL, &gpa1, &pfec1, &bad1);
    if (memcmp(before, mem, sizeof(mem)))
        abort();
    r2 = guest_walk_tables(&st, va, pfec, &ad, NULL, &gpa2, &pfec2, &bad2);
    if (r1 != r2 || r1 < GW_OK || r1 > GW_NONCANONICAL)
        abort();
    if (r1 == GW_OK && (gpa1 != gpa2 || pfec1 || pfec2 || ((st.cr0 >> 31) && gpa1 >> 52)))
        abort();
    if (r1 == GW_PAGE_FAULT) {
        if (pfec1 != pfec2 || (pfec1 & ~0x1fu) ||
            (pfec1 & (PFEC_write_access | PFEC_user_mode)) != (pfec & (PFEC_write_access | PFEC_user_mode)))
            abort();
    }
    if (r1 == GW_BAD_GPA && bad1 != bad2)
        abort();
    for (unsigned int i = 0; i < MEM_SIZE / 8; i++) {
        uint64_t diff = before[i] ^ mem[i];

        if (diff && (r1 != GW_OK || (diff & before[i]) ||
                     (diff & ~0x0000006000000060UL)))
            abort();
    }
    return 0;
}

/* libFuzzer target: random p2m_set_entry/p2m_get_entry/teardown sequences,
 * with allocations that fail on demand, must agree with a reference model of
 * eight 2M regions (two L4 slots apart) and never leak a table. */
#include <stdlib.h>
#include <string.h>
#include <asm/p2m.h>
#include <public/errno.h>

#define NPAGES 32
#define NREG   8
#define NGFN   (NREG * 512)

static uint64_t pages[NPAGES][512];
static bool used[NPAGES];
static int live;
static bool fail_alloc, alloc_refused;

static uint64_t fz_alloc(void *ctx)
{
    (void)ctx;
    if (fail_alloc) {
        alloc_refused = true;
        return 0;
    }
    for (int i = 0; i < NPAGES; i++)
        if (!used[i]) {
            used[i] = true;
            live++;
            memset(pages[i], 0, sizeof(pages[i]));
            return (uint64_t)(i + 1) << 12;
        }
    abort();                                    /* the p2m grew beyond need */
}

static int index_of(uint64_t maddr)
{
    int i = (int)(maddr >> 12) - 1;

    if ((maddr & 0xfff) || i < 0 || i >= NPAGES || !used[i])
        abort();
    return i;
}

static void fz_free(void *ctx, uint64_t maddr)
{
    (void)ctx;
    used[index_of(maddr)] = false;
    live--;
}

static void *fz_map(void *ctx, uint64_t maddr)
{
    (void)ctx;
    return pages[index_of(maddr)];
}

static const struct p2m_pt_ops ops = { fz_alloc, fz_free, fz_map };

/* The model: per region none / one 2M leaf / an L1 table, per gfn a frame. */
enum { R_NONE, R_2M, R_TABLE };
static unsigned char state[NREG];
static unsigned long mfn_of[NGFN];
static p2m_type_t type_of[NGFN];

static unsigned long gfn_of(unsigned int i)
{
    unsigned int r = i / 512;

    return ((unsigned long)(r & 3) << 9) + ((unsigned long)(r >> 2) << 27) + i % 512;
}

static void model_reset(void)
{
    memset(state, 0, sizeof(state));
    for (unsigned int i = 0; i < NGFN; i++) {
        mfn_of[i] = INVALID_MFN;
        type_of[i] = p2m_invalid;
    }
}

static void check(struct p2m_domain *p2m, unsigned int i)
{
    p2m_type_t t;
    unsigned int order;
    unsigned long mfn = p2m_get_entry(p2m, gfn_of(i), &t, &order);

    if (mfn != mfn_of[i] || t != type_of[i] || order != (state[i / 512] == R_TABLE ? 0 : 9))
        abort();
}

static void check_all(struct p2m_domain *p2m)
{
    unsigned long n4k = 0, n2m = 0;

    for (unsigned int i = 0; i < NGFN; i++) {
        check(p2m, i);
        n4k += state[i / 512] == R_TABLE && mfn_of[i] != INVALID_MFN;
    }
    for (unsigned int r = 0; r < NREG; r++)
        n2m += state[r] == R_2M;
    if (p2m->nr_4k != n4k || p2m->nr_2m != n2m || (long)p2m->nr_tables != live)
        abort();
}

static void set_4k(struct p2m_domain *p2m, unsigned int i, unsigned long mfn, p2m_type_t t)
{
    bool unmap = mfn == INVALID_MFN || t == p2m_invalid;
    unsigned int r = i / 512;
    int rc = p2m_set_entry(p2m, gfn_of(i), mfn, 0, t);

    /* Memory is needed to map outside a table, or to split a 2M leaf. */
    if (rc == -XEN_ENOMEM && alloc_refused &&
        (unmap ? state[r] == R_2M : state[r] != R_TABLE))
        return;
    if (rc)
        abort();
    if (unmap && state[r] == R_NONE)
        return;
    if (state[r] == R_2M && !unmap && mfn_of[i] == mfn && type_of[i] == t)
        return;                                 /* no split needed */
    state[r] = R_TABLE;
    mfn_of[i] = unmap ? INVALID_MFN : mfn;
    type_of[i] = unmap ? p2m_invalid : t;
}

static void set_2m(struct p2m_domain *p2m, unsigned int r, unsigned long mfn,
                   p2m_type_t t, bool misaligned)
{
    bool unmap = mfn == INVALID_MFN || t == p2m_invalid;
    int rc = p2m_set_entry(p2m, gfn_of(r * 512) + misaligned, mfn, 9, t);

    if (misaligned) {
        if (rc != -XEN_EINVAL)
            abort();
        return;
    }
    if (rc == -XEN_ENOMEM && alloc_refused && !unmap)
        return;
    if (rc)
        abort();
    state[r] = unmap ? R_NONE : R_2M;
    for (unsigned int k = 0; k < 512; k++) {
        mfn_of[r * 512 + k] = unmap ? INVALID_MFN : mfn + k;
        type_of[r * 512 + k] = unmap ? p2m_invalid : t;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
    struct p2m_domain p2m;

    memset(used, 0, sizeof(used));
    live = 0;
    fail_alloc = false;
    model_reset();
    if (p2m_pt_init(&p2m, &ops, NULL))
        abort();
    for (size_t n = 0; n + 4 <= len; n += 4) {
        const uint8_t *b = data + n;
        unsigned int i = (b[1] | b[2] << 8) % NGFN;
        p2m_type_t t = (p2m_type_t)(b[3] % p2m_max_type);
        unsigned long mfn = b[3] >= 0xf0 ? INVALID_MFN : b[3];

        fail_alloc = b[0] & 0x80;
        alloc_refused = false;
        switch (b[0] & 3) {
        case 0:
            set_4k(&p2m, i, mfn == INVALID_MFN ? mfn : mfn * 3 + 1, t);
            break;
        case 1:
            set_2m(&p2m, i / 512, mfn == INVALID_MFN ? mfn : mfn * 512, t, b[0] & 0x40);
            break;
        case 2:
            check(&p2m, i);
            break;
        case 3:
            if (b[0] & 0x40)
                break;
            p2m_pt_teardown(&p2m);
            if (live)
                abort();
            model_reset();
            fail_alloc = false;
            if (p2m_pt_init(&p2m, &ops, NULL))
                abort();
            break;
        }
        fail_alloc = false;
        check(&p2m, i);
    }
    check_all(&p2m);
    p2m_pt_teardown(&p2m);
    if (live)
        abort();
    return 0;
}

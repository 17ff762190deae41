/* Guest page-table walks on a fake guest memory (256 KiB at gpa 0): every
 * paging mode, page size, permission rule and fault code. */
#include <check.h>
#include <string.h>
#include "suites.h"
#include <asm/guest_walk.h>

#define MEM_SIZE 0x40000UL
static uint64_t mem[MEM_SIZE / 8];
static unsigned int writes;

static int rd(void *ctx, uint64_t gpa, uint64_t *val)
{
    ck_assert_ptr_eq(ctx, mem);
    ck_assert_uint_eq(gpa & 7, 0);               /* aligned: never crosses a page */
    if (gpa >= MEM_SIZE)
        return -1;
    *val = mem[gpa / 8];
    return 0;
}

static int wr(void *ctx, uint64_t gpa, uint64_t val)
{
    ck_assert_ptr_eq(ctx, mem);
    ck_assert_uint_eq(gpa & 7, 0);
    if (gpa >= MEM_SIZE)
        return -1;
    mem[gpa / 8] = val;
    writes++;
    return 0;
}

static const struct guest_walk_ops ops_ad = { rd, wr };
static const struct guest_walk_ops ops_ro = { rd, NULL };
static struct guest_paging_state st;

#define CR0_PG (1UL << 31)
#define CR0_WP (1UL << 16)
#define CR4_PSE (1UL << 4)
#define CR4_PAE (1UL << 5)
#define CR4_LA57 (1UL << 12)
#define CR4_SMEP (1UL << 20)
#define CR4_SMAP (1UL << 21)
#define EFER_LME (1UL << 8)
#define EFER_LMA (1UL << 10)
#define EFER_NXE (1UL << 11)
#define P 1UL
#define RW 2UL
#define US 4UL
#define A 0x20UL
#define D 0x40UL
#define PS 0x80UL
#define NX (1UL << 63)
#define W PFEC_write_access
#define U PFEC_user_mode
#define I PFEC_insn_fetch
#define R PFEC_reserved_bit

static void put64(uint64_t gpa, uint64_t v) { mem[gpa / 8] = v; }
static uint64_t get64(uint64_t gpa) { return mem[gpa / 8]; }

static void put32(uint64_t gpa, uint32_t v)
{
    memcpy((char *)mem + gpa, &v, 4);
}

static uint32_t get32(uint64_t gpa)
{
    uint32_t v;

    memcpy(&v, (char *)mem + gpa, 4);
    return v;
}

static void setup(void)
{
    memset(mem, 0, sizeof(mem));
    memset(&st, 0, sizeof(st));
    writes = 0;
}

static uint64_t last_gpa, last_bad;
static uint32_t last_pfec;

static int walk_with(const struct guest_walk_ops *ops, uint64_t va, uint32_t pfec)
{
    last_gpa = last_bad = 0xdead;
    last_pfec = 0xdead;
    return guest_walk_tables(&st, va, pfec, ops, mem, &last_gpa, &last_pfec, &last_bad);
}

static int walk(uint64_t va, uint32_t pfec)
{
    return walk_with(&ops_ad, va, pfec);
}

/* Expects a translation to gpa. */
#define ck_maps(va, pfec, want) do { \
        ck_assert_int_eq(walk(va, pfec), GW_OK); \
        ck_assert_uint_eq(last_gpa, want); \
        ck_assert_uint_eq(last_pfec, 0); \
    } while (0)
/* Expects a #PF with this error code. */
#define ck_fault(va, pfec, want) do { \
        ck_assert_int_eq(walk(va, pfec), GW_PAGE_FAULT); \
        ck_assert_uint_eq(last_pfec, want); \
    } while (0)

START_TEST(gw_paging_off)
{
    st.cr0 = 1;                                  /* PE only */
    ck_maps(0x123456789abcUL, W, 0x56789abc);
    st.efer = EFER_LMA;
    ck_maps(0x123456789abcUL, 0, 0x123456789abcUL);
    ck_assert_uint_eq(writes, 0);
}
END_TEST

/* 32-bit paging: CR3 0x1000, PD; PT at 0x2000; data pages above 0x10000. */
START_TEST(gw_two_level_4k)
{
    st.cr0 = CR0_PG | 1;
    st.cr3 = 0x1000;
    put32(0x1000 + 1 * 4, 0x2000 | P | RW | US);
    put32(0x2000 + 3 * 4, 0x10000 | P | RW | US);
    put32(0x2000 + 2 * 4, 0x11000 | P | RW | US); /* same 8-byte word as entry 3 */
    ck_maps(0x00403123, 0, 0x10123);
    ck_assert_uint_eq(get32(0x1004), 0x2000 | P | RW | US | A);
    ck_assert_uint_eq(get32(0x200c), 0x10000 | P | RW | US | A);
    ck_assert_uint_eq(get32(0x2008), 0x11000 | P | RW | US);   /* neighbour untouched */
    ck_maps(0xffffffff00403123UL, W | U, 0x10123);               /* high bits dropped */
    ck_assert_uint_eq(get32(0x200c), 0x10000 | P | RW | US | A | D);
    ck_assert_uint_eq(get32(0x1004), 0x2000 | P | RW | US | A);  /* D only in the leaf */
    /* Not present at the PDE, then at the PTE: P=0 in the code. */
    ck_fault(0x00803000, W | U, W | U);
    ck_fault(0x00404000, 0, 0);
    /* Fetches: no NX in 32-bit paging; the I bit only with SMEP. */
    ck_fault(0x00404000, I, 0);
    st.cr4 = CR4_SMEP;
    ck_fault(0x00404000, I | U, I | U);
    st.cr4 = 0;
    /* Without write_gpa nothing is written. */
    put32(0x2000 + 5 * 4, 0x12000 | P | RW);
    writes = 0;
    ck_assert_int_eq(walk_with(&ops_ro, 0x00405010, W), GW_OK);
    ck_assert_uint_eq(last_gpa, 0x12010);
    ck_assert_uint_eq(writes, 0);
    ck_assert_uint_eq(get32(0x2014), 0x12000 | P | RW);
}
END_TEST

START_TEST(gw_two_level_4m_and_pse36)
{
    st.cr0 = CR0_PG | 1;
    st.cr3 = 0x1000;
    put32(0x1000 + 2 * 4, 0x00c00000 | P | RW | PS);
    /* Without CR4.PSE the PS bit is ignored: the PDE points to a table,
     * here at 0xc00000, outside guest RAM. */
    ck_assert_int_eq(walk(0x00812345, 0), GW_BAD_GPA);
    ck_assert_uint_eq(last_bad, 0xc00000 + 0x12 * 4);
    st.cr4 = CR4_PSE;
    ck_maps(0x00812345, W, 0xc12345);
    ck_assert_uint_eq(get32(0x1008), 0x00c00000 | P | RW | PS | A | D);
    /* PSE-36: PDE bits 20:13 are address bits 39:32; bit 21 is reserved. */
    put32(0x1000 + 3 * 4, 0x00400000 | (0x81u << 13) | P | PS);
    ck_maps(0x00c00010, 0, 0x8100400010UL);
    st.maxphyaddr = 36;                          /* now bits 20:17 are reserved */
    ck_fault(0x00c00010, 0, R | PFEC_present);
    put32(0x1000 + 3 * 4, 0x00400000 | (0x1u << 13) | P | PS);
    ck_maps(0x00c00010, 0, 0x100400010UL);
    put32(0x1000 + 3 * 4, 0x00400000 | (1u << 21) | P | PS);
    ck_fault(0x00c00010, W, R | PFEC_present | W);
    /* Read-only 4M page, supervisor write: only with CR0.WP. */
    put32(0x1000 + 3 * 4, 0x00400000 | P | PS);
    ck_maps(0x00c00010, W, 0x400010);
    st.cr0 |= CR0_WP;
    ck_fault(0x00c00010, W, PFEC_present | W);
    ck_fault(0x00c00010, U, PFEC_present | U);
}
END_TEST

/* PAE: CR3 0x1fe0 (32-byte aligned, not page aligned), PD at 0x3000,
 * PT at 0x4000. */
static void pae_tables(void)
{
    st.cr0 = CR0_PG | CR0_WP | 1;
    st.cr4 = CR4_PAE;
    st.cr3 = 0x1fe0;
    put64(0x1fe0 + 2 * 8, 0x3000 | P);
    put64(0x3000 + 1 * 8, 0x4000 | P | RW | US);
    put64(0x4000 + 7 * 8, 0x20000 | P | RW | US);
    put64(0x3000 + 2 * 8, 0x1600000 | P | RW | US | PS);     /* 2M */
}

START_TEST(gw_pae)
{
    pae_tables();
    ck_maps(0x80207abc, U | W, 0x20abc);
    ck_assert_uint_eq(get64(0x1ff0), 0x3000 | P);            /* no A in a PDPTE */
    ck_assert_uint_eq(get64(0x3008), 0x4000 | P | RW | US | A);
    ck_assert_uint_eq(get64(0x4038), 0x20000 | P | RW | US | A | D);
    ck_maps(0x80512345, U, 0x1712345);
    /* Not present at each level. */
    ck_fault(0xc0000000, U, U);
    ck_fault(0x80600000, W, W);
    ck_fault(0x80208000, 0, 0);
    /* PDPTE reserved bits: R/W (bit 1) and bit 63. */
    put64(0x1fe0 + 3 * 8, 0x3000 | P | RW);
    ck_fault(0xc0000000, 0, R | PFEC_present);
    put64(0x1fe0 + 3 * 8, 0x3000 | P | NX);
    ck_fault(0xc0000000, 0, R | PFEC_present);
    /* NX: reserved without EFER.NXE, honoured with it. */
    put64(0x4000 + 7 * 8, 0x20000 | P | RW | US | NX);
    ck_fault(0x80207000, 0, R | PFEC_present);
    st.efer = EFER_NXE;
    ck_maps(0x80207000, U, 0x20000);
    ck_fault(0x80207000, U | I, PFEC_present | U | I);
    /* PAE has no ignored high bits: 62:52 are reserved. */
    put64(0x4000 + 7 * 8, 0x20000 | P | (1UL << 52));
    ck_fault(0x80207000, 0, R | PFEC_present);
    /* 2M page: bits 20:13 are reserved. */
    put64(0x3000 + 2 * 8, 0x1600000 | P | PS | (1UL << 13));
    ck_fault(0x80400000, 0, R | PFEC_present);
    /* A table outside guest RAM. */
    put64(0x3000 + 3 * 8, 0x7fff000 | P | RW);
    ck_assert_int_eq(walk(0x80601000, 0), GW_BAD_GPA);
    ck_assert_uint_eq(last_bad, 0x7fff000 + 8);
}
END_TEST

/* Long mode: PML4 0x1000, PDPT 0x2000, PD 0x3000, PT 0x4000. */
static void long_tables(void)
{
    st.cr0 = CR0_PG | CR0_WP | 1;
    st.cr4 = CR4_PAE;
    st.efer = EFER_LME | EFER_LMA | EFER_NXE;
    st.cr3 = 0x1000 | 0x18;                      /* PWT/PCD bits: not address */
    put64(0x1000 + 0x1ff * 8, 0x2000 | P | RW | US);
    put64(0x2000 + 0x1fe * 8, 0x3000 | P | RW | US);
    put64(0x3000 + 0x003 * 8, 0x4000 | P | RW | US);
    put64(0x4000 + 0x005 * 8, 0x30000 | P | RW | US);
    put64(0x3000 + 0x004 * 8, 0x40000000UL | P | RW | US | PS);   /* 2M */
    put64(0x2000 + 0x1ff * 8, 0x80000000UL | P | RW | US | PS);   /* 1G */
}

START_TEST(gw_long_4level)
{
    uint64_t base = 0xffffffff80000000UL;        /* PML4 511, PDPT 510 */

    long_tables();
    ck_maps(base + 0x605123, U | W, 0x30123);
    ck_assert_uint_eq(get64(0x1ff8), 0x2000 | P | RW | US | A);
    ck_assert_uint_eq(get64(0x2ff0), 0x3000 | P | RW | US | A);
    ck_assert_uint_eq(get64(0x3018), 0x4000 | P | RW | US | A);
    ck_assert_uint_eq(get64(0x4028), 0x30000 | P | RW | US | A | D);
    ck_maps(base + 0x8abcde, 0, 0x400abcdeUL);
    ck_maps(base + 0x40000000UL + 0x3456789, I, 0x83456789UL);
    ck_assert_uint_eq(get64(0x2ff8), 0x80000000UL | P | RW | US | PS | A);
    /* Canonical addresses only (48 bits). */
    ck_assert_int_eq(walk(0x0000800000000000UL, 0), GW_NONCANONICAL);
    ck_assert_int_eq(walk(0xffff7fffffffffffUL, 0), GW_NONCANONICAL);
    ck_fault(0x00007fffffffffffUL, I, I);        /* canonical, not present */
    /* Ignored bits 62:52 and 11:9 are not reserved in long mode. */
    put64(0x4000 + 5 * 8, 0x30000 | P | RW | US | (0x7fUL << 52) | 0xe00);
    ck_maps(base + 0x605000, 0, 0x30000);
    /* Reserved: PS in a PML4E, bits 29:13 of a 1G page, 20:13 of a 2M page,
     * address bits above MAXPHYADDR. */
    put64(0x1000 + 0x1ff * 8, 0x2000 | P | RW | US | PS);
    ck_fault(base, U, R | PFEC_present | U);
    put64(0x1000 + 0x1ff * 8, 0x2000 | P | RW | US);
    put64(0x2000 + 0x1ff * 8, 0x80000000UL | P | PS | (1UL << 29));
    ck_fault(base + 0x40000000UL, 0, R | PFEC_present);
    put64(0x3000 + 4 * 8, 0x40000000UL | P | PS | (1UL << 20));
    ck_fault(base + 0x800000, 0, R | PFEC_present);
    st.maxphyaddr = 40;
    put64(0x4000 + 5 * 8, (1UL << 40) | 0x30000 | P);
    ck_fault(base + 0x605000, 0, R | PFEC_present);
    st.maxphyaddr = 41;
    ck_maps(base + 0x605000, 0, (1UL << 40) | 0x30000);
    /* NX without EFER.NXE is a reserved bit. */
    st.efer &= ~EFER_NXE;
    put64(0x4000 + 5 * 8, 0x30000 | P | NX);
    ck_fault(base + 0x605000, 0, R | PFEC_present);
    /* Tables outside guest RAM. */
    put64(0x3000 + 3 * 8, 0x100000 | P);
    ck_assert_int_eq(walk(base + 0x605000, 0), GW_BAD_GPA);
    ck_assert_uint_eq(last_bad, 0x100000 + 5 * 8);
}
END_TEST

START_TEST(gw_long_5level)
{
    /* va bits 56:48 index the PML5: 0x1ff → sign-extended, canonical at 57. */
    uint64_t va = 0xffff000000000000UL | (0x1UL << 39) | (0x2UL << 30) | (0x3UL << 21) | 0x123;

    st.cr0 = CR0_PG | 1;
    st.cr4 = CR4_PAE | CR4_LA57;
    st.efer = EFER_LMA;
    st.cr3 = 0x5000;
    put64(0x5000 + 0x1ff * 8, 0x1000 | P | RW);
    put64(0x1000 + 1 * 8, 0x2000 | P | RW);
    put64(0x2000 + 2 * 8, 0x3000 | P | RW);
    put64(0x3000 + 3 * 8, 0x200000 | P | RW | PS);
    ck_maps(va, W, 0x200123);
    ck_assert_uint_eq(get64(0x5ff8), 0x1000 | P | RW | A);
    /* 0x0000800000000000 is canonical with 57 bits, not with 48. */
    ck_fault(0x0000800000000000UL, 0, 0);
    ck_assert_int_eq(walk(0x0100000000000000UL, 0), GW_NONCANONICAL);
    st.cr4 = CR4_PAE;
    ck_assert_int_eq(walk(0x0000800000000000UL, 0), GW_NONCANONICAL);
    put64(0x5000 + 0x1ff * 8, 0x1000 | P | RW | PS);     /* PS in a PML5E */
    st.cr4 = CR4_PAE | CR4_LA57;
    ck_fault(va, 0, R | PFEC_present);
}
END_TEST

/* Permission rules on a long-mode 4K page, one row per case:
 * the U/S and R/W of the PDE and PTE, NX in the PTE, CR0.WP, CR4.SMEP,
 * CR4.SMAP, RFLAGS.AC, the access, and the error code (0 = allowed). */
START_TEST(gw_permissions)
{
    static const struct {
        uint64_t pde, pte;
        bool wp, smep, smap, ac;
        uint32_t access, want;
    } c[] = {
        /* user accesses need U everywhere, and R/W everywhere to write */
        { RW | US, RW | US, 0, 0, 0, 0, U | W, 0 },
        { RW,      RW | US, 0, 0, 0, 0, U,     PFEC_present | U },
        { RW | US, RW,      0, 0, 0, 0, U,     PFEC_present | U },
        { US,      RW | US, 0, 0, 0, 0, U | W, PFEC_present | U | W },
        { RW | US, US,      0, 0, 0, 0, U,     0 },
        { RW | US, US,      1, 0, 0, 0, U | W, PFEC_present | U | W },
        /* supervisor writes to read-only pages: only with CR0.WP */
        { RW,      0,       0, 0, 0, 0, W,     0 },
        { RW,      0,       1, 0, 0, 0, W,     PFEC_present | W },
        { 0,       RW,      1, 0, 0, 0, W,     PFEC_present | W },
        /* NX anywhere forbids fetches, for everyone */
        { RW | US, RW | US | NX, 0, 0, 0, 0, I,     PFEC_present | I },
        { RW | US, RW | US | NX, 0, 0, 0, 0, U | I, PFEC_present | U | I },
        { RW | US, RW | US | NX, 0, 0, 0, 0, U | W, 0 },
        /* SMEP: no supervisor fetch from a user page */
        { RW | US, RW | US, 0, 1, 0, 0, I,     PFEC_present | I },
        { RW | US, RW | US, 0, 1, 0, 0, U | I, 0 },
        { RW,      RW | US, 0, 1, 0, 0, I,     0 },          /* PDE not user: not a user page */
        { RW | US, RW | US, 0, 1, 0, 0, 0,     0 },
        /* SMAP: no supervisor data access to a user page, unless AC */
        { RW | US, RW | US, 0, 0, 1, 0, 0,     PFEC_present },
        { RW | US, RW | US, 0, 0, 1, 0, W,     PFEC_present | W },
        { RW | US, RW | US, 0, 0, 1, 1, W,     0 },
        { RW | US, RW | US, 0, 0, 1, 1, W | PFEC_implicit, PFEC_present | W },
        { RW | US, RW | US, 0, 0, 1, 0, I,     0 },          /* fetches: SMEP's business */
        { RW | US, RW | US, 0, 0, 1, 0, U | W, 0 },
        { RW,      RW,      0, 0, 1, 0, W,     0 },
    };

    for (unsigned int i = 0; i < ARRAY_SIZE(c); i++) {
        uint32_t want_ad = c[i].want ? 0 : (c[i].access & W ? A | D : A);

        setup();
        st.cr0 = CR0_PG | 1 | (c[i].wp ? CR0_WP : 0);
        st.cr4 = CR4_PAE | (c[i].smep ? CR4_SMEP : 0) | (c[i].smap ? CR4_SMAP : 0);
        st.efer = EFER_LMA | EFER_NXE;
        st.rflags = c[i].ac ? 1UL << 18 : 0;
        st.cr3 = 0x1000;
        put64(0x1000, 0x2000 | P | RW | US);
        put64(0x2000, 0x3000 | P | RW | US);
        put64(0x3000, 0x4000 | P | c[i].pde);
        put64(0x4000 + 8, 0x9000 | P | c[i].pte);
        if (c[i].want) {
            ck_assert_msg(walk(0x1abc, c[i].access) == GW_PAGE_FAULT, "case %u", i);
            ck_assert_msg(last_pfec == c[i].want, "case %u: pfec %#x", i, last_pfec);
        } else {
            ck_assert_msg(walk(0x1abc, c[i].access) == GW_OK, "case %u: pfec %#x", i, last_pfec);
            ck_assert_uint_eq(last_gpa, 0x9abc);
        }
        /* A/D only once the access is allowed. */
        ck_assert_msg((get64(0x4008) & (A | D)) == want_ad, "case %u", i);
        ck_assert_uint_eq(get64(0x1000) & A, want_ad ? A : 0);
    }
}
END_TEST

START_TEST(gw_insn_fetch_bit_needs_nx_or_smep)
{
    long_tables();
    st.efer &= ~EFER_NXE;
    ck_fault(0x1000, I | U, U);                  /* neither: I dropped */
    st.cr4 |= CR4_SMEP;
    ck_fault(0x1000, I | U, I | U);
    st.cr4 &= ~CR4_SMEP;
    st.efer |= EFER_NXE;
    ck_fault(0x1000, I | U, I | U);
}
END_TEST

START_TEST(gw_accessed_dirty_failures)
{
    long_tables();
    /* A/D already set: nothing written. */
    ck_maps(0xffffffff80605000UL, W, 0x30000);
    writes = 0;
    ck_maps(0xffffffff80605000UL, W, 0x30000);
    ck_assert_uint_eq(writes, 0);
    /* A read does not set D. */
    put64(0x4000 + 6 * 8, 0x31000 | P | RW | US);
    ck_maps(0xffffffff80606000UL, 0, 0x31000);
    ck_assert_uint_eq(get64(0x4030), 0x31000 | P | RW | US | A);
    /* A fault at the leaf leaves the upper levels' A bits alone. */
    put64(0x1000 + 0x1ff * 8, 0x2000 | P | RW | US);
    put64(0x4000 + 7 * 8, 0x32000 | P);
    ck_fault(0xffffffff80607000UL, W, PFEC_present | W);
    ck_assert_uint_eq(get64(0x1ff8), 0x2000 | P | RW | US);
}
END_TEST

Suite *guest_walk_suite(void)
{
    Suite *s = suite_create("guest_walk");
    TCase *tc = tcase_create("modes");

    tcase_add_checked_fixture(tc, setup, NULL);
    tcase_add_test(tc, gw_paging_off);
    tcase_add_test(tc, gw_two_level_4k);
    tcase_add_test(tc, gw_two_level_4m_and_pse36);
    tcase_add_test(tc, gw_pae);
    tcase_add_test(tc, gw_long_4level);
    tcase_add_test(tc, gw_long_5level);
    tcase_add_test(tc, gw_permissions);
    tcase_add_test(tc, gw_insn_fetch_bit_needs_nx_or_smep);
    tcase_add_test(tc, gw_accessed_dirty_failures);
    suite_add_tcase(s, tc);
    return s;
}

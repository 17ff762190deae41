/* The ACPI tables of a PVH guest, read back by the hypervisor's own ACPI
 * parsers (the ones it boots the machine with) and by hand where they stop. */
#include <check.h>
#include <string.h>
#include "suites.h"
#include <xen/acpi.h>
#include <asm/hvm/pvh_acpi.h>

#define GPA 0xFC001000ull

static uint8_t buf[8192];

static uint32_t rd32(const uint8_t *p) { uint32_t v; memcpy(&v, p, 4); return v; }
static uint64_t rd64(const uint8_t *p) { uint64_t v; memcpy(&v, p, 8); return v; }

/* The table at a guest address, checked: in the buffer, whole, summed. */
static const uint8_t *table(uint64_t gpa, const char *sig, size_t used)
{
    const uint8_t *t;

    ck_assert(gpa >= GPA && gpa - GPA + 36 <= used);
    t = buf + (gpa - GPA);
    ck_assert_msg(!memcmp(t, sig, 4), "expected %s", sig);
    ck_assert(gpa - GPA + rd32(t + 4) <= used);
    ck_assert_msg(acpi_checksum_ok(t, rd32(t + 4)), "%s checksum", sig);
    return t;
}

static void build(unsigned int n, uint64_t *rsdp, size_t *used)
{
    const char *err = NULL;

    memset(buf, 0, sizeof(buf));
    ck_assert_uint_le(pvh_acpi_size(n), sizeof(buf));
    ck_assert_int_eq(pvh_acpi_build(n, GPA, buf, pvh_acpi_size(n), rsdp, used, &err), 0);
    ck_assert_ptr_null(err);
    ck_assert_uint_le(*used, pvh_acpi_size(n));
}

START_TEST(tables_for_n_vcpus)
{
    unsigned int n = (unsigned int)_i;
    uint64_t rsdp_gpa, dsdt = 0;
    size_t used;
    const uint8_t *rsdp, *xsdt, *fadt, *madt;
    struct acpi_info ai;

    build(n, &rsdp_gpa, &used);
    /* The RSDP: found where it says, 16-byte aligned, both checksums. */
    ck_assert_int_eq(rsdp_gpa & 15, 0);
    rsdp = buf + (rsdp_gpa - GPA);
    ck_assert_int_eq(acpi_find_rsdp(rsdp, 36), 0);
    ck_assert_int_eq(rsdp[15], 2);
    ck_assert_int_eq(rd32(rsdp + 20), 36);
    ck_assert(acpi_checksum_ok(rsdp, 36));
    ck_assert_int_eq(rd32(rsdp + 16), 0);       /* no RSDT: the XSDT only */

    xsdt = table(rd64(rsdp + 24), "XSDT", used);
    ck_assert_int_eq(rd32(xsdt + 4), 36 + 2 * 8);
    fadt = table(rd64(xsdt + 36), "FACP", used);
    madt = table(rd64(xsdt + 44), "APIC", used);

    /* FADT revision 6, hardware-reduced, no VGA and no CMOS RTC. */
    memset(&ai, 0, sizeof(ai));
    ck_assert_int_eq(acpi_parse_fadt(fadt, rd32(fadt + 4), &ai, &dsdt), 0);
    ck_assert_int_eq(rd32(fadt + 4), 276);
    ck_assert_int_eq(fadt[8], 6);
    ck_assert(rd32(fadt + 112) & (1u << 20));
    ck_assert_int_eq(fadt[109] & 0x24, 0x24);
    ck_assert_uint_eq(ai.pm1a_cnt, 0);          /* no fixed hardware */
    ck_assert_uint_eq(rd32(fadt + 46), 0);      /* no SCI */
    ck_assert_uint_eq(dsdt, rd64(fadt + 140));
    table(dsdt, "DSDT", used);

    /* MADT: every vCPU enabled, with Xen's APIC IDs, at the xAPIC base. */
    memset(&ai, 0, sizeof(ai));
    ck_assert_int_eq(acpi_parse_madt(madt, rd32(madt + 4), &ai), 0);
    ck_assert_uint_eq(ai.lapic_addr, 0xFEE00000u);
    ck_assert_uint_eq(ai.nr_lapics, n < ACPI_MAX_LAPICS ? n : ACPI_MAX_LAPICS);
    for (unsigned int i = 0; i < ai.nr_lapics; i++)
        ck_assert_uint_eq(ai.lapic_ids[i], 2 * i);
    /* The parser keeps 64; the entries themselves, all n of them: */
    ck_assert_uint_eq(rd32(madt + 4), 44 + 8 * n);
    for (unsigned int i = 0; i < n; i++) {
        const uint8_t *e = madt + 44 + 8 * i;

        ck_assert(e[0] == 0 && e[1] == 8 && e[2] == i && e[3] == 2 * i && rd32(e + 4) == 1);
    }
    ck_assert_uint_eq(rd32(madt + 40) & 1, 0);  /* no 8259s to announce */
}
END_TEST

START_TEST(refuses_what_does_not_fit)
{
    uint64_t rsdp;
    size_t used;
    const char *err = NULL;

    ck_assert_int_eq(pvh_acpi_build(0, GPA, buf, sizeof(buf), &rsdp, &used, &err), -1);
    ck_assert_ptr_nonnull(strstr(err, "vCPUs"));
    err = NULL;
    ck_assert_int_eq(pvh_acpi_build(129, GPA, buf, sizeof(buf), &rsdp, &used, &err), -1);
    ck_assert_ptr_nonnull(strstr(err, "vCPUs"));
    err = NULL;
    ck_assert_int_eq(pvh_acpi_build(4, GPA, buf, pvh_acpi_size(4) - 1, &rsdp, &used, &err), -1);
    ck_assert_ptr_nonnull(strstr(err, "no room"));
}
END_TEST

Suite *pvh_acpi_suite(void)
{
    Suite *s = suite_create("pvh_acpi");
    TCase *tc = tcase_create("core");

    /* 1, 2, 3 vCPUs, and the most an 8-bit APIC ID allows. */
    tcase_add_loop_test(tc, tables_for_n_vcpus, 1, 4);
    tcase_add_loop_test(tc, tables_for_n_vcpus, 128, 129);
    tcase_add_test(tc, refuses_what_does_not_fit);
    suite_add_tcase(s, tc);
    return s;
}

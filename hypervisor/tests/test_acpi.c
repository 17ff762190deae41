/* ACPI parsers: RSDP search, MADT CPUs, FADT ports, AML \_S5. */
#include <check.h>
#include <string.h>
#include "suites.h"
#include <xen/acpi.h>

static void fix_checksum(uint8_t *t, size_t len, size_t at)
{
    uint8_t sum = 0;

    t[at] = 0;
    for (size_t i = 0; i < len; i++)
        sum += t[i];
    t[at] = (uint8_t)-sum;
}

START_TEST(rsdp_search)
{
    uint8_t area[256] = { 0 };

    memcpy(area + 0x48, "RSD PTR ", 8);         /* not 16-aligned: ignored */
    memcpy(area + 0x60, "RSD PTR ", 8);
    ck_assert_int_eq(acpi_find_rsdp(area, sizeof(area)), -1);   /* bad sum */
    fix_checksum(area + 0x60, 20, 8);
    ck_assert_int_eq(acpi_find_rsdp(area, sizeof(area)), 0x60);
}
END_TEST

static size_t madt(uint8_t *t)
{
    static const uint8_t entries[] = {
        0, 8, 0, 0, 1, 0, 0, 0,                 /* CPU 0, APIC 0, enabled */
        1, 12, 0, 0, 0, 0, 0xc0, 0xfe, 0, 0, 0, 0,  /* IOAPIC: skipped */
        0, 8, 1, 2, 1, 0, 0, 0,                 /* APIC 2, enabled */
        0, 8, 2, 3, 0, 0, 0, 0,                 /* APIC 3, disabled */
        9, 16, 0, 0, 0x00, 0x01, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0,  /* x2APIC 256 */
    };
    size_t len = 44 + sizeof(entries);

    memset(t, 0, 44);
    memcpy(t, "APIC", 4);
    t[4] = (uint8_t)len;
    t[36] = 0x00; t[37] = 0x00; t[38] = 0xe0; t[39] = 0xfe;
    memcpy(t + 44, entries, sizeof(entries));
    return len;
}

START_TEST(madt_cpus)
{
    uint8_t t[128];
    struct acpi_info ai = { 0 };
    size_t len = madt(t);

    ck_assert_int_eq(acpi_parse_madt(t, len, &ai), 0);
    ck_assert_uint_eq(ai.nr_lapics, 3);
    ck_assert_uint_eq(ai.lapic_ids[0], 0);
    ck_assert_uint_eq(ai.lapic_ids[1], 2);
    ck_assert_uint_eq(ai.lapic_ids[2], 256);
    ck_assert_uint_eq(ai.lapic_addr, 0xfee00000);
}
END_TEST

START_TEST(madt_malformed)
{
    uint8_t t[128];
    struct acpi_info ai = { 0 };
    size_t len = madt(t);

    t[44 + 1] = 0;                              /* zero-length entry */
    ck_assert_int_eq(acpi_parse_madt(t, len, &ai), -1);
    madt(t);
    ck_assert_int_eq(acpi_parse_madt(t, len - 4, &ai), -1);   /* header says longer */
    memcpy(t, "FACP", 4);
    ck_assert_int_eq(acpi_parse_madt(t, len, &ai), -1);
}
END_TEST

START_TEST(fadt_ports)
{
    uint8_t t[244] = { 0 };
    struct acpi_info ai = { 0 };
    paddr_t dsdt = 0;

    memcpy(t, "FACP", 4);
    t[4] = 244;
    t[40] = 0x40; t[41] = 0x12;                 /* DSDT 0x1240 */
    t[64] = 0x04; t[65] = 0x06;                 /* PM1a_CNT 0x604 */
    t[113] = 1 << 2;                            /* flags bit 10: RESET_REG_SUP */
    t[116] = 1;                                 /* RESET_REG in I/O space */
    t[120] = 0xf9; t[121] = 0x0c;               /* port 0xcf9 */
    t[128] = 6;
    ck_assert_int_eq(acpi_parse_fadt(t, sizeof(t), &ai, &dsdt), 0);
    ck_assert_uint_eq(dsdt, 0x1240);
    ck_assert_uint_eq(ai.pm1a_cnt, 0x604);
    ck_assert(ai.reset_supported);
    ck_assert_uint_eq(ai.reset_port, 0xcf9);
    ck_assert_uint_eq(ai.reset_value, 6);
    t[140] = 0x00; t[141] = 0x20;               /* X_DSDT wins */
    ck_assert_int_eq(acpi_parse_fadt(t, sizeof(t), &ai, &dsdt), 0);
    ck_assert_uint_eq(dsdt, 0x2000);
    ck_assert_int_eq(acpi_parse_fadt(t, 100, &ai, &dsdt), -1);
}
END_TEST

START_TEST(s5_forms)
{
    /* Name(_S5, Package(4){5, 5, 0, 0}) with BytePrefix integers */
    static const uint8_t piix[] = { 0x10, 0x08, '_', 'S', '5', '_', 0x12, 0x0a, 0x04,
                                    0x0a, 0x05, 0x0a, 0x05, 0x00, 0x00 };
    /* Name(\_S5, Package(4){Zero, Zero, Zero, Zero}) as QEMU builds it */
    static const uint8_t qemu[] = { 0x08, 0x5c, '_', 'S', '5', '_', 0x12, 0x06, 0x04,
                                    0x00, 0x00, 0x00, 0x00 };
    /* a method named _S5_ is not the package */
    static const uint8_t other[] = { 0x14, 0x08, '_', 'S', '5', '_', 0x00, 0x00 };
    uint8_t a = 9, b = 9;

    ck_assert_int_eq(acpi_find_s5(piix, sizeof(piix), &a, &b), 0);
    ck_assert_uint_eq(a, 5);
    ck_assert_uint_eq(b, 5);
    ck_assert_int_eq(acpi_find_s5(qemu, sizeof(qemu), &a, &b), 0);
    ck_assert_uint_eq(a, 0);
    ck_assert_uint_eq(b, 0);
    ck_assert_int_eq(acpi_find_s5(other, sizeof(other), &a, &b), -1);
    ck_assert_int_eq(acpi_find_s5(qemu, 8, &a, &b), -1);   /* truncated */
}
END_TEST

Suite *acpi_suite(void)
{
    Suite *s = suite_create("acpi");
    TCase *tc = tcase_create("tables");

    tcase_add_test(tc, rsdp_search);
    tcase_add_test(tc, madt_cpus);
    tcase_add_test(tc, madt_malformed);
    tcase_add_test(tc, fadt_ports);
    tcase_add_test(tc, s5_forms);
    suite_add_tcase(s, tc);
    return s;
}

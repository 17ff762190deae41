/* ACPI tables for a PVH guest (asm/hvm/pvh_acpi.h). Offsets and values are
 * the ACPI 6.4 spec's: RSDP §5.2.5.3, table header §5.2.6, XSDT §5.2.8,
 * FADT §5.2.9 (Table 5.9; flags Table 5.10; IA-PC boot architecture flags
 * Table 5.11), DSDT §5.2.11.1, MADT §5.2.12 (local APIC entry §5.2.12.2). */
#include <asm/hvm/pvh_acpi.h>
#include <xen/string.h>

#define HDR_LEN        36
#define RSDP_LEN       36
#define FADT_LEN       276      /* FADT revision 6 */
#define MADT_LAPIC_LEN 8
#define MAX_VCPUS      128      /* APIC IDs 2 * id must fit the 8-bit entry */

#define FADT_HW_REDUCED_ACPI  (1u << 20)
#define FADT_PWR_BUTTON       (1u << 4)   /* "no fixed power button" */
#define FADT_SLP_BUTTON       (1u << 5)
#define FADT_WBINVD           (1u << 0)
#define BOOT_ARCH_VGA_NOT_PRESENT  (1u << 2)
#define BOOT_ARCH_CMOS_RTC_NOT_PRESENT (1u << 5)
#define MADT_LAPIC_ENABLED    1u

static void put16(uint8_t *p, uint16_t v) { memcpy(p, &v, 2); }
static void put32(uint8_t *p, uint32_t v) { memcpy(p, &v, 4); }
static void put64(uint8_t *p, uint64_t v) { memcpy(p, &v, 8); }

static uint8_t checksum(const uint8_t *p, size_t len)
{
    uint8_t sum = 0;

    while (len--)
        sum += *p++;
    return (uint8_t)-sum;
}

/* The 36-byte header every table but the RSDP starts with; the checksum is
 * set once the table is complete. OEM IDs say who built it, as "Xen" and
 * "HVM" do for Xen's. */
static void header(uint8_t *t, const char sig[4], uint32_t len, uint8_t rev)
{
    memcpy(t, sig, 4);
    put32(t + 4, len);
    t[8] = rev;
    memcpy(t + 10, "XENLAB", 6);
    memcpy(t + 16, "PVH     ", 8);
    put32(t + 24, 1);                   /* OEM revision */
    memcpy(t + 28, "XLAB", 4);          /* creator ID */
    put32(t + 32, 1);                   /* creator revision */
}

static void seal(uint8_t *t)
{
    uint32_t len;

    memcpy(&len, t + 4, 4);
    t[9] = 0;
    t[9] = checksum(t, len);
}

static size_t align16(size_t n)
{
    return (n + 15) & ~(size_t)15;
}

size_t pvh_acpi_size(unsigned int nr_vcpus)
{
    return align16(HDR_LEN) +                           /* DSDT */
           align16(FADT_LEN) +
           align16(HDR_LEN + 8 + (size_t)nr_vcpus * MADT_LAPIC_LEN) +
           align16(HDR_LEN + 2 * 8) +                   /* XSDT: FADT, MADT */
           RSDP_LEN;
}

int pvh_acpi_build(unsigned int nr_vcpus, uint64_t gpa, void *buf, size_t len,
                   uint64_t *rsdp_gpa, size_t *used, const char **err)
{
    uint8_t *b = buf, *dsdt, *fadt, *madt, *xsdt, *rsdp;
    size_t off = 0, madt_len = HDR_LEN + 8 + (size_t)nr_vcpus * MADT_LAPIC_LEN;

    if (nr_vcpus == 0 || nr_vcpus > MAX_VCPUS) {
        *err = "ACPI tables: 1 to 128 vCPUs";
        return -1;
    }
    if (len < pvh_acpi_size(nr_vcpus)) {
        *err = "ACPI tables: no room for them";
        return -1;
    }

    /* An empty definition block: the platform has no devices for AML to
     * describe, but the FADT must point at a DSDT. */
    dsdt = b + off;
    header(dsdt, "DSDT", HDR_LEN, 2);
    seal(dsdt);
    off += align16(HDR_LEN);

    fadt = b + off;
    header(fadt, "FACP", FADT_LEN, 6);
    put32(fadt + 40, (uint32_t)(gpa + (size_t)(dsdt - b)));     /* DSDT */
    put16(fadt + 109, BOOT_ARCH_VGA_NOT_PRESENT | BOOT_ARCH_CMOS_RTC_NOT_PRESENT);
    put32(fadt + 112, FADT_HW_REDUCED_ACPI | FADT_PWR_BUTTON | FADT_SLP_BUTTON | FADT_WBINVD);
    fadt[131] = 4;                                              /* FADT minor version */
    put64(fadt + 140, gpa + (size_t)(dsdt - b));                /* X_DSDT */
    memcpy(fadt + 268, "XenVMMXenVMM", 8);                      /* hypervisor vendor */
    seal(fadt);
    off += align16(FADT_LEN);

    madt = b + off;
    header(madt, "APIC", (uint32_t)madt_len, 5);
    put32(madt + 36, PVH_ACPI_LAPIC_BASE);
    put32(madt + 40, 0);                /* no PCAT_COMPAT: there are no 8259s */
    for (unsigned int i = 0; i < nr_vcpus; i++) {
        uint8_t *e = madt + HDR_LEN + 8 + i * MADT_LAPIC_LEN;

        e[0] = 0;                       /* processor local APIC */
        e[1] = MADT_LAPIC_LEN;
        e[2] = (uint8_t)i;              /* ACPI processor UID */
        e[3] = (uint8_t)(2 * i);        /* APIC ID, as Xen numbers them */
        put32(e + 4, MADT_LAPIC_ENABLED);
    }
    seal(madt);
    off += align16(madt_len);

    xsdt = b + off;
    header(xsdt, "XSDT", HDR_LEN + 2 * 8, 1);
    put64(xsdt + HDR_LEN, gpa + (size_t)(fadt - b));
    put64(xsdt + HDR_LEN + 8, gpa + (size_t)(madt - b));
    seal(xsdt);
    off += align16(HDR_LEN + 2 * 8);

    /* RSDP revision 2: the XSDT only (RSDT address 0); the first checksum
     * covers the 20 ACPI 1.0 bytes, the extended one all 36. */
    rsdp = b + off;
    memcpy(rsdp, "RSD PTR ", 8);
    memcpy(rsdp + 9, "XENLAB", 6);
    rsdp[15] = 2;
    put32(rsdp + 20, RSDP_LEN);
    put64(rsdp + 24, gpa + (size_t)(xsdt - b));
    rsdp[8] = checksum(rsdp, 20);
    rsdp[32] = checksum(rsdp, RSDP_LEN);
    off += RSDP_LEN;

    *rsdp_gpa = gpa + (size_t)(rsdp - b);
    *used = off;
    return 0;
}

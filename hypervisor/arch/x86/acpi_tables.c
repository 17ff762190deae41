/* ACPI table parsers (pure: host-tested). Offsets: ACPI 6.4 §5.2.5 (RSDP),
 * §5.2.9 (FADT), §5.2.12 (MADT), §20.2 (AML encoding). */
#include <xen/acpi.h>
#include <xen/string.h>

static uint32_t rd32(const uint8_t *p) { uint32_t v; memcpy(&v, p, 4); return v; }
static uint64_t rd64(const uint8_t *p) { uint64_t v; memcpy(&v, p, 8); return v; }

bool acpi_checksum_ok(const void *p, size_t len)
{
    const uint8_t *b = p;
    uint8_t sum = 0;

    while (len--)
        sum += *b++;
    return sum == 0;
}

long acpi_find_rsdp(const uint8_t *p, size_t len)
{
    for (size_t off = 0; off + 20 <= len; off += 16)
        if (!memcmp(p + off, "RSD PTR ", 8) && acpi_checksum_ok(p + off, 20))
            return (long)off;
    return -1;
}

int acpi_parse_madt(const uint8_t *madt, size_t len, struct acpi_info *ai)
{
    if (len < 44 || memcmp(madt, "APIC", 4) || rd32(madt + 4) > len)
        return -1;
    len = rd32(madt + 4);
    ai->lapic_addr = rd32(madt + 36);
    ai->nr_lapics = 0;
    for (size_t off = 44; off + 2 <= len;) {
        uint8_t type = madt[off], elen = madt[off + 1];

        if (elen < 2 || off + elen > len)
            return -1;
        /* flags bit 0: enabled; bit 1: can be brought online later. */
        if (type == 0 && elen >= 8 && (rd32(madt + off + 4) & 1) &&
            ai->nr_lapics < ACPI_MAX_LAPICS)
            ai->lapic_ids[ai->nr_lapics++] = madt[off + 3];
        else if (type == 9 && elen >= 16 && (rd32(madt + off + 8) & 1) &&
                 ai->nr_lapics < ACPI_MAX_LAPICS)
            ai->lapic_ids[ai->nr_lapics++] = rd32(madt + off + 4);
        off += elen;
    }
    return 0;
}

int acpi_parse_fadt(const uint8_t *fadt, size_t len, struct acpi_info *ai,
                    paddr_t *dsdt)
{
    uint32_t flen;

    if (len < 116 || memcmp(fadt, "FACP", 4) || (flen = rd32(fadt + 4)) > len ||
        flen < 116)
        return -1;
    *dsdt = rd32(fadt + 40);
    ai->pm1a_cnt = rd32(fadt + 64);
    ai->pm1b_cnt = rd32(fadt + 68);
    /* RESET_REG (GAS at 116, space 1 = I/O) and RESET_VALUE (128). */
    if (flen >= 129 && (rd32(fadt + 112) & (1u << 10)) && fadt[116] == 1) {
        ai->reset_supported = true;
        ai->reset_port = (uint32_t)rd64(fadt + 120);
        ai->reset_value = fadt[128];
    }
    if (flen >= 148 && rd64(fadt + 140))
        *dsdt = rd64(fadt + 140);            /* X_DSDT wins when present */
    if (flen >= 184 && fadt[172] == 1 && rd64(fadt + 176))
        ai->pm1a_cnt = (uint32_t)rd64(fadt + 176);   /* X_PM1a_CNT_BLK */
    return 0;
}

/* One AML integer: ZeroOp, OneOp, OnesOp, BytePrefix, WordPrefix. */
static int aml_small_int(const uint8_t *p, const uint8_t *end, uint8_t *v,
                         const uint8_t **next)
{
    if (p >= end)
        return -1;
    switch (*p) {
    case 0x00: *v = 0; *next = p + 1; return 0;
    case 0x01: *v = 1; *next = p + 1; return 0;
    case 0xff: *v = 0xff; *next = p + 1; return 0;
    case 0x0a: if (p + 2 > end) return -1; *v = p[1]; *next = p + 2; return 0;
    case 0x0b: if (p + 3 > end) return -1; *v = p[1]; *next = p + 3; return 0;
    }
    return -1;
}

int acpi_find_s5(const uint8_t *aml, size_t len, uint8_t *typa, uint8_t *typb)
{
    const uint8_t *end = aml + len;

    for (size_t off = 1; off + 4 < len; off++) {
        const uint8_t *p = aml + off;
        unsigned int pkglen_bytes;

        if (memcmp(p, "_S5_", 4))
            continue;
        /* NameOp, optionally with a root prefix: 08 _S5_ or 08 5C _S5_ */
        if (!(p[-1] == 0x08 || (off >= 2 && p[-1] == 0x5c && p[-2] == 0x08)))
            continue;
        p += 4;
        if (p >= end || *p++ != 0x12)           /* PackageOp */
            continue;
        if (p >= end)
            return -1;
        pkglen_bytes = *p >> 6;                 /* PkgLength lead byte */
        p += 1 + pkglen_bytes + 1;              /* ... and NumElements */
        if (aml_small_int(p, end, typa, &p) || aml_small_int(p, end, typb, &p))
            return -1;
        return 0;
    }
    return -1;
}

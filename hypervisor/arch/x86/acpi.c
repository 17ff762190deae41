/* Finds the ACPI tables (RSDP from the multiboot 2 tag, else the EBDA and
 * the BIOS area 0xE0000-0xFFFFF) and extracts what acpi_info holds. */
#include <xen/acpi.h>
#include <xen/lib.h>
#include <asm/io.h>
#include <asm/config.h>

struct acpi_info acpi_info;

static const uint8_t *table(paddr_t pa)
{
    const uint8_t *t = maddr_to_virt(pa);
    uint32_t len;

    if (!pa || pa >= directmap_end)
        return NULL;
    memcpy(&len, t + 4, 4);
    if (len < 36 || !acpi_checksum_ok(t, len)) {
        printk(XENLOG_WARNING "ACPI: table %.4s at %#llx has a bad checksum\n", t,
               (unsigned long long)pa);
        return NULL;
    }
    return t;
}

static paddr_t find_rsdp(const uint8_t *mb2_rsdp)
{
    static uint8_t copy[36];
    uint16_t ebda_seg = *(const uint16_t *)maddr_to_virt(0x40e);
    long off;

    if (mb2_rsdp && acpi_checksum_ok(mb2_rsdp, 20)) {
        memcpy(copy, mb2_rsdp, sizeof(copy));
        return virt_to_maddr(copy);
    }
    if (ebda_seg && (off = acpi_find_rsdp(maddr_to_virt((paddr_t)ebda_seg << 4), 1024)) >= 0)
        return ((paddr_t)ebda_seg << 4) + (paddr_t)off;
    if ((off = acpi_find_rsdp(maddr_to_virt(0xe0000), 0x20000)) >= 0)
        return 0xe0000 + (paddr_t)off;
    return 0;
}

static void use_table(const uint8_t *t)
{
    uint32_t len;
    paddr_t dsdt = 0;

    memcpy(&len, t + 4, 4);
    if (!memcmp(t, "APIC", 4) && acpi_parse_madt(t, len, &acpi_info))
        printk(XENLOG_ERR "ACPI: MADT malformed\n");
    if (!memcmp(t, "FACP", 4)) {
        const uint8_t *d;

        if (acpi_parse_fadt(t, len, &acpi_info, &dsdt))
            printk(XENLOG_ERR "ACPI: FADT malformed\n");
        else if ((d = table(dsdt)) != NULL) {
            memcpy(&len, d + 4, 4);
            acpi_info.s5_found = !acpi_find_s5(d + 36, len - 36, &acpi_info.slp_typa,
                                               &acpi_info.slp_typb);
        }
    }
}

void acpi_boot_init(const uint8_t *mb2_rsdp)
{
    const uint8_t *rsdp, *root;
    paddr_t pa = find_rsdp(mb2_rsdp);
    bool xsdt;
    uint32_t len;

    if (!pa) {
        printk(XENLOG_WARNING "ACPI: no RSDP found\n");
        return;
    }
    rsdp = maddr_to_virt(pa);
    xsdt = rsdp[15] >= 2 && *(const uint64_t *)(rsdp + 24);
    root = table(xsdt ? *(const uint64_t *)(rsdp + 24) : *(const uint32_t *)(rsdp + 16));
    if (!root)
        return;
    acpi_info.found = true;
    acpi_info.rsdp = pa;
    memcpy(acpi_info.oem, rsdp + 9, 6);
    memcpy(&len, root + 4, 4);
    printk(XENLOG_INFO "ACPI: RSDP %#llx, %s, OEM '%s'\n", (unsigned long long)pa,
           xsdt ? "XSDT" : "RSDT", acpi_info.oem);
    for (uint32_t off = 36; off + (xsdt ? 8 : 4) <= len; off += xsdt ? 8 : 4) {
        paddr_t tpa = xsdt ? *(const uint64_t *)(root + off) : *(const uint32_t *)(root + off);
        const uint8_t *t = table(tpa);

        if (t) {
            printk(XENLOG_INFO "ACPI: %.4s %#llx\n", t, (unsigned long long)tpa);
            use_table(t);
        }
    }
}

/* The ACPI facts the hypervisor needs: CPUs (MADT) and how to power off
 * (FADT PM1a_CNT + the DSDT's \_S5 sleep type). ACPI spec 6.4 ch. 5. */
#ifndef XEN_ACPI_H
#define XEN_ACPI_H
#include <xen/types.h>

#define ACPI_MAX_LAPICS 64

struct acpi_info {
    bool found;
    paddr_t rsdp;
    char oem[7];
    unsigned int nr_lapics;
    uint32_t lapic_ids[ACPI_MAX_LAPICS];
    paddr_t lapic_addr;
    uint32_t pm1a_cnt, pm1b_cnt;            /* I/O ports, 0 if absent */
    bool s5_found;                          /* \_S5 parsed from the DSDT */
    uint8_t slp_typa, slp_typb;
    bool reset_supported;
    uint32_t reset_port;                    /* FADT RESET_REG (I/O space) */
    uint8_t reset_value;
};

extern struct acpi_info acpi_info;
void acpi_boot_init(const uint8_t *mb2_rsdp);

/* Pure parsers (host-tested). */
bool acpi_checksum_ok(const void *p, size_t len);
/* Offset of a valid RSDP ("RSD PTR " on a 16-byte boundary), or -1. */
long acpi_find_rsdp(const uint8_t *p, size_t len);
/* MADT: fills lapic ids of enabled CPUs (xAPIC and x2APIC entries). */
int acpi_parse_madt(const uint8_t *madt, size_t len, struct acpi_info *ai);
/* FADT: PM1 control ports, DSDT address and reset register. */
int acpi_parse_fadt(const uint8_t *fadt, size_t len, struct acpi_info *ai,
                    paddr_t *dsdt);
/* Finds Name(_S5, Package(){a, b, ...}) in AML; 0 on success. */
int acpi_find_s5(const uint8_t *aml, size_t len, uint8_t *typa, uint8_t *typb);

#endif

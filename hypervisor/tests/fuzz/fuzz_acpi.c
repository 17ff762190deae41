/* libFuzzer target: MADT, FADT and AML \_S5 parsing of arbitrary tables. */
#include <xen/acpi.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
    struct acpi_info ai = { 0 };
    paddr_t dsdt;
    uint8_t a, b;

    acpi_parse_madt(data, len, &ai);
    acpi_parse_fadt(data, len, &ai, &dsdt);
    acpi_find_s5(data, len, &a, &b);
    acpi_find_rsdp(data, len);
    return 0;
}

/* The ACPI tables a PVH guest of ours finds through hvm_start_info's
 * rsdp_paddr: RSDP, XSDT, FADT, DSDT and MADT (ACPI 6.4 ch. 5). Xen 4.17's
 * libxl gives a PVH domU the tables of an HVM machine without devices
 * (tools/libacpi); ours describe what the guest really has: a
 * hardware-reduced platform (no SCI, PM timer or fixed-feature registers),
 * no VGA, no CMOS RTC, no 8259s, and one local APIC per vCPU with Xen's
 * APIC IDs (2 * vcpu_id, as the vlapic and CPUID report them). Pure code,
 * host-tested. */
#ifndef ASM_HVM_PVH_ACPI_H
#define ASM_HVM_PVH_ACPI_H
#include <xen/types.h>

/* Local APIC MMIO base the MADT announces (APM vol. 2 16.3.1). */
#define PVH_ACPI_LAPIC_BASE 0xFEE00000u

/* What pvh_acpi_build() needs at most for n vCPUs, in bytes. */
size_t pvh_acpi_size(unsigned int nr_vcpus);

/* Builds the tables into buf (len bytes, zeroed by the caller) as they will
 * lie in the guest at gpa; *rsdp_gpa is where the RSDP went, *used how many
 * bytes of buf the tables take. 0, or -1 with *err (a constant) when
 * nr_vcpus is 0 or over 128, or buf is too small. */
int pvh_acpi_build(unsigned int nr_vcpus, uint64_t gpa, void *buf, size_t len,
                   uint64_t *rsdp_gpa, size_t *used, const char **err);

#endif

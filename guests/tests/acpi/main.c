/* The ACPI tables a PVH guest is given: found through hvm_start_info's
 * rsdp_paddr (docs/misc/pvh.pandoc), as Linux finds them. Every table the
 * root table lists must be whole and summed (ACPI 6.4 §5.2), the FADT must
 * point at a DSDT, and the MADT must list one enabled local APIC per vCPU,
 * the first with the APIC ID CPUID gives vCPU 0. The tables must not lie in
 * RAM of the memory map, where the guest would reuse them. What differs by
 * hypervisor is printed, not judged: Xen 4.17's libxl gives a PVH domU an
 * HVM machine's FADT (revision 5, SCI 9, PM1 blocks at fixed ports), ours a
 * hardware-reduced one. Command line: vcpus=<n> (default 1). */
#include "test.h"
#include "cmdline.h"

const char test_title[] = "ACPI: RSDP from start info, XSDT, FADT, DSDT, MADT";

static uint32_t rd32(const uint8_t *p) { uint32_t v; memcpy(&v, p, 4); return v; }
static uint64_t rd64(const uint8_t *p) { uint64_t v; memcpy(&v, p, 8); return v; }

static bool summed(const uint8_t *p, size_t len)
{
    uint8_t s = 0;

    while ( len-- )
        s += *p++;
    return s == 0;
}

/* Whether [addr, addr + len) touches a RAM entry of the memory map. */
static bool in_ram(uint64_t addr, uint64_t len)
{
    const struct hvm_memmap_table_entry *e = (const void *)(uintptr_t)start_info->memmap_paddr;

    for ( unsigned int i = 0; i < start_info->memmap_entries; i++ )
        if ( e[i].type == XEN_HVM_MEMMAP_TYPE_RAM && addr < e[i].addr + e[i].size &&
             e[i].addr < addr + len )
            return true;
    return false;
}

/* The table at addr if it is one: the identity map covers 4 GiB. */
static const uint8_t *table(uint64_t addr, const char *what)
{
    const uint8_t *t = (const void *)(uintptr_t)addr;
    uint32_t len;

    if ( !addr || addr >= GB(4) - 36 )
        return test_fail("%s at %#lx: outside the first 4 GiB", what, addr), NULL;
    len = rd32(t + 4);
    printk("%.4s at %#lx, %u bytes, revision %u, OEM '%.6s'\n", (const char *)t, addr,
           len, t[8], (const char *)t + 10);
    if ( len < 36 || !summed(t, len) )
        return test_fail("%s at %#lx: length %u or checksum wrong", what, addr, len), NULL;
    if ( in_ram(addr, len) )
        test_fail("%.4s at %#lx lies in RAM of the memory map", (const char *)t, addr);
    return t;
}

static void check_madt(const uint8_t *madt, unsigned long vcpus)
{
    uint32_t len = rd32(madt + 4), n = 0, first_id = ~0u;
    uint32_t my_id = cpuid(1).b >> 24;

    printk("MADT: local APIC at %#x, flags %#x\n", rd32(madt + 36), rd32(madt + 40));
    if ( rd32(madt + 36) != 0xfee00000 )
        test_fail("MADT: local APIC at %#x, not 0xfee00000", rd32(madt + 36));
    for ( uint32_t off = 44; off + 2 <= len; off += madt[off + 1] )
    {
        const uint8_t *e = madt + off;

        if ( e[1] < 2 || off + e[1] > len )
            return test_fail("MADT: entry at +%u has length %u", off, e[1]);
        if ( e[0] == 0 && e[1] >= 8 && (rd32(e + 4) & 1) )
        {
            printk("MADT: processor %u, APIC ID %u, enabled\n", e[2], e[3]);
            if ( n++ == 0 )
                first_id = e[3];
        }
    }
    printk("MADT: %u enabled local APIC(s); CPUID says vCPU 0 has APIC ID %u\n", n, my_id);
    if ( n != vcpus )
        test_fail("MADT lists %u enabled local APICs for %lu vCPU(s)", n, vcpus);
    if ( first_id != my_id )
        test_fail("MADT's first APIC ID %u, CPUID's %u", first_id, my_id);
}

void test_main(void)
{
    const uint8_t *rsdp, *root, *fadt = NULL, *madt = NULL;
    unsigned long vcpus = 1;
    uint64_t dsdt;
    size_t esize;
    bool x;

    cmdline_get_ulong(test_cmdline, "vcpus", &vcpus);
    if ( !start_info->rsdp_paddr )
        return test_fail("start info has no rsdp_paddr");
    rsdp = (const void *)(uintptr_t)start_info->rsdp_paddr;
    printk("RSDP at %#lx, revision %u, OEM '%.6s'\n", (unsigned long)start_info->rsdp_paddr,
           rsdp[15], (const char *)rsdp + 9);
    if ( memcmp(rsdp, "RSD PTR ", 8) || !summed(rsdp, 20) )
        return test_fail("no valid RSDP at rsdp_paddr");
    if ( rsdp[15] < 2 || rd32(rsdp + 20) < 36 || !summed(rsdp, rd32(rsdp + 20)) )
        return test_fail("RSDP: revision %u, length %u: not a whole ACPI 2.0+ RSDP",
                         rsdp[15], rd32(rsdp + 20));

    /* The XSDT when there is one (ACPI 2.0+ readers ignore the RSDT then). */
    x = rd64(rsdp + 24) != 0;
    root = table(x ? rd64(rsdp + 24) : rd32(rsdp + 16), x ? "XSDT" : "RSDT");
    if ( !root )
        return;
    if ( memcmp(root, x ? "XSDT" : "RSDT", 4) )
        return test_fail("the RSDP's root table is '%.4s'", (const char *)root);
    esize = x ? 8 : 4;
    for ( size_t off = 36; off + esize <= rd32(root + 4); off += esize )
    {
        const uint8_t *t = table(x ? rd64(root + off) : rd32(root + off), "a listed table");

        if ( t && !memcmp(t, "FACP", 4) )
            fadt = t;
        if ( t && !memcmp(t, "APIC", 4) )
            madt = t;
    }
    if ( !fadt )
        return test_fail("no FADT");
    if ( !madt )
        return test_fail("no MADT");

    /* FADT: X_DSDT (offset 140) when the table is long enough, else DSDT. */
    dsdt = rd32(fadt + 4) >= 148 && rd64(fadt + 140) ? rd64(fadt + 140) : rd32(fadt + 40);
    printk("FADT: flags %#x, IA-PC boot flags %#x, SCI %u, PM1a_CNT %#x, hardware-reduced: %s\n",
           rd32(fadt + 112), fadt[109] | fadt[110] << 8, fadt[46] | fadt[47] << 8,
           rd32(fadt + 64), rd32(fadt + 112) & (1u << 20) ? "yes" : "no");
    if ( !table(dsdt, "DSDT") || memcmp((const void *)(uintptr_t)dsdt, "DSDT", 4) )
        test_fail("the FADT's DSDT at %#lx is not one", dsdt);
    check_madt(madt, vcpus);
}

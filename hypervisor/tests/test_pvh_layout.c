/* The PVH start-of-day layout: where modules, start info, command lines and
 * the memory map go for small and large guests (Xen 4.17's PVH domU shape),
 * and what does not fit. */
#include <check.h>
#include <string.h>
#include "suites.h"
#include <xen/pvh_layout.h>

#define MiB (1ULL << 20)
#define GiB (1ULL << 30)

/* Every placed range lies after the kernel, inside low RAM, and overlaps no
 * other: [kernel_end, lowmem_end), pairwise disjoint. */
static void check_disjoint(const struct pvh_layout_in *in, const struct pvh_layout_out *out)
{
    uint64_t lo[16], hi[16];
    unsigned int n = 0;

    lo[n] = in->kernel_start, hi[n++] = in->kernel_end;
    lo[n] = out->start_info_gpa, hi[n++] = out->start_info_gpa + sizeof(struct hvm_start_info);
    if (in->cmdline)
        lo[n] = out->cmdline_gpa, hi[n++] = out->cmdline_gpa + strlen(in->cmdline) + 1;
    if (in->nr_modules)
        lo[n] = out->modlist_gpa,
        hi[n++] = out->modlist_gpa + in->nr_modules * sizeof(struct hvm_modlist_entry);
    lo[n] = out->memmap_gpa,
    hi[n++] = out->memmap_gpa + out->nr_memmap * sizeof(struct hvm_memmap_table_entry);
    for (unsigned int i = 0; i < in->nr_modules; i++) {
        lo[n] = out->module_gpa[i], hi[n++] = out->module_gpa[i] + in->modules[i].size;
        ck_assert_uint_eq(out->module_gpa[i] % PAGE_SIZE, 0);
        if (in->modules[i].cmdline)
            lo[n] = out->module_cmdline_gpa[i],
            hi[n++] = out->module_cmdline_gpa[i] + strlen(in->modules[i].cmdline) + 1;
    }
    for (unsigned int a = 0; a < n; a++) {
        ck_assert_uint_le(hi[a], out->lowmem_end);
        ck_assert_uint_le(hi[a], out->end_gpa);
        if (a)
            ck_assert_uint_ge(lo[a], in->kernel_end);
        for (unsigned int b = a + 1; b < n; b++)
            ck_assert_msg(hi[a] <= lo[b] || hi[b] <= lo[a], "ranges %u and %u overlap", a, b);
    }
    ck_assert_uint_eq(out->start_info_gpa % PAGE_SIZE, 0);
    ck_assert_uint_eq(out->memmap_gpa % 8, 0);
    ck_assert_uint_eq(out->modlist_gpa % 8, 0);
}

static void check_entry(const struct pvh_layout_out *out, unsigned int i, uint64_t addr,
                        uint64_t size, uint32_t type)
{
    ck_assert_uint_eq(out->memmap[i].addr, addr);
    ck_assert_uint_eq(out->memmap[i].size, size);
    ck_assert_uint_eq(out->memmap[i].type, type);
    ck_assert_uint_eq(out->memmap[i].reserved, 0);
}

START_TEST(small_guest)
{
    const struct pvh_module initrd = { 3 * MiB + 5, "initrd" };
    const struct pvh_layout_in in = {
        .ram_bytes = 512 * MiB, .kernel_start = 0x1000000, .kernel_end = 0x2345678,
        .cmdline = "console=hvc0", .nr_modules = 1, .modules = &initrd,
    };
    struct pvh_layout_out out;
    struct hvm_start_info si;
    struct hvm_modlist_entry mods[PVH_MAX_MODULES];
    const char *err;

    ck_assert_int_eq(pvh_layout(&in, &out, &err), 0);
    ck_assert_uint_eq(out.module_gpa[0], 0x2346000);           /* next page */
    ck_assert_uint_eq(out.start_info_gpa, 0x2346000 + 3 * MiB + PAGE_SIZE);
    ck_assert_uint_eq(out.cmdline_gpa, out.start_info_gpa + 56);
    ck_assert_uint_eq(out.modlist_gpa, out.cmdline_gpa + 16);  /* 13 bytes, to 8 */
    ck_assert_uint_eq(out.module_cmdline_gpa[0], out.modlist_gpa + 32);
    ck_assert_uint_eq(out.memmap_gpa, out.module_cmdline_gpa[0] + 8);
    ck_assert_uint_eq(out.end_gpa, out.memmap_gpa + 2 * 24);
    ck_assert_uint_eq(out.lowmem_end, 512 * MiB);
    ck_assert_uint_eq(out.highmem_end, 0);
    ck_assert_uint_eq(out.nr_memmap, 2);
    check_entry(&out, 0, 0, 512 * MiB, XEN_HVM_MEMMAP_TYPE_RAM);
    check_entry(&out, 1, 0xfeff8000, 0x8000, XEN_HVM_MEMMAP_TYPE_RESERVED);
    check_disjoint(&in, &out);

    memset(mods, 0xee, sizeof(mods));
    pvh_fill_start_info(&in, &out, &si, mods);
    ck_assert_uint_eq(si.magic, XEN_HVM_START_MAGIC_VALUE);
    ck_assert_uint_eq(si.version, 1);
    ck_assert_uint_eq(si.flags, 0);
    ck_assert_uint_eq(si.nr_modules, 1);
    ck_assert_uint_eq(si.modlist_paddr, out.modlist_gpa);
    ck_assert_uint_eq(si.cmdline_paddr, out.cmdline_gpa);
    ck_assert_uint_eq(si.rsdp_paddr, 0);
    ck_assert_uint_eq(si.memmap_paddr, out.memmap_gpa);
    ck_assert_uint_eq(si.memmap_entries, 2);
    ck_assert_uint_eq(si.reserved, 0);
    ck_assert_uint_eq(mods[0].paddr, out.module_gpa[0]);
    ck_assert_uint_eq(mods[0].size, 3 * MiB + 5);
    ck_assert_uint_eq(mods[0].cmdline_paddr, out.module_cmdline_gpa[0]);
    ck_assert_uint_eq(mods[0].reserved, 0);
    ck_assert_uint_eq(mods[1].paddr, 0xeeeeeeeeeeeeeeeeULL);   /* only nr_modules written */
}
END_TEST

/* More RAM than fits below the hole: the rest goes above 4 GiB. */
START_TEST(large_guest)
{
    const struct pvh_module mods[3] = { { 20 * MiB, NULL }, { 1, "a" }, { PAGE_SIZE, "b c" } };
    const struct pvh_layout_in in = {
        .ram_bytes = 6 * GiB, .kernel_start = MiB, .kernel_end = 40 * MiB,
        .nr_modules = 3, .modules = mods,
    };
    struct pvh_layout_out out;
    struct hvm_start_info si;
    struct hvm_modlist_entry ml[PVH_MAX_MODULES];
    const char *err;

    ck_assert_int_eq(pvh_layout(&in, &out, &err), 0);
    ck_assert_uint_eq(out.lowmem_end, 0xfc000000);
    ck_assert_uint_eq(out.highmem_end, (1ULL << 32) + 6 * GiB - 0xfc000000);
    ck_assert_uint_eq(out.nr_memmap, 3);
    check_entry(&out, 0, 0, 0xfc000000, XEN_HVM_MEMMAP_TYPE_RAM);
    check_entry(&out, 1, 0xfeff8000, 0x8000, XEN_HVM_MEMMAP_TYPE_RESERVED);
    check_entry(&out, 2, 1ULL << 32, 6 * GiB - 0xfc000000, XEN_HVM_MEMMAP_TYPE_RAM);
    ck_assert_uint_eq(out.module_gpa[0], 40 * MiB);
    ck_assert_uint_eq(out.module_gpa[1], 60 * MiB);
    ck_assert_uint_eq(out.module_gpa[2], 60 * MiB + PAGE_SIZE);
    ck_assert_uint_eq(out.start_info_gpa, 60 * MiB + 2 * PAGE_SIZE);
    ck_assert_uint_eq(out.cmdline_gpa, 0);
    ck_assert_uint_eq(out.modlist_gpa, out.start_info_gpa + 56);
    ck_assert_uint_eq(out.module_cmdline_gpa[0], 0);
    ck_assert_uint_eq(out.module_cmdline_gpa[1], out.modlist_gpa + 3 * 32);
    ck_assert_uint_eq(out.module_cmdline_gpa[2], out.module_cmdline_gpa[1] + 8);
    check_disjoint(&in, &out);
    pvh_fill_start_info(&in, &out, &si, ml);
    ck_assert_uint_eq(si.cmdline_paddr, 0);
    ck_assert_uint_eq(si.memmap_entries, 3);
    ck_assert_uint_eq(ml[0].cmdline_paddr, 0);
    ck_assert_uint_eq(ml[2].size, PAGE_SIZE);

    /* Exactly the hole's worth: no high RAM. */
    struct pvh_layout_in edge = in;
    edge.ram_bytes = 0xfc000000;
    ck_assert_int_eq(pvh_layout(&edge, &out, &err), 0);
    ck_assert_uint_eq(out.highmem_end, 0);
    ck_assert_uint_eq(out.nr_memmap, 2);
}
END_TEST

/* Nothing but the kernel: the memory map follows the start info. */
START_TEST(bare_kernel)
{
    const struct pvh_layout_in in = { .ram_bytes = 64 * MiB, .kernel_start = MiB,
                                      .kernel_end = 2 * MiB };
    struct pvh_layout_out out;
    struct hvm_start_info si;
    const char *err;

    ck_assert_int_eq(pvh_layout(&in, &out, &err), 0);
    ck_assert_uint_eq(out.start_info_gpa, 2 * MiB);
    ck_assert_uint_eq(out.memmap_gpa, 2 * MiB + 56);
    ck_assert_uint_eq(out.modlist_gpa, 0);
    check_disjoint(&in, &out);
    pvh_fill_start_info(&in, &out, &si, NULL);
    ck_assert_uint_eq(si.nr_modules, 0);
    ck_assert_uint_eq(si.modlist_paddr, 0);
}
END_TEST

#define ck_layout_fails(in, msg) do {                               \
        struct pvh_layout_out o_;                                   \
        const char *e_;                                             \
        ck_assert_int_eq(pvh_layout((in), &o_, &e_), -1);           \
        ck_assert_str_eq(e_, (msg));                                \
    } while (0)

START_TEST(does_not_fit)
{
    struct pvh_module initrd = { 60 * MiB, NULL };
    struct pvh_module many[PVH_MAX_MODULES + 1] = { { 1, NULL } };
    struct pvh_layout_in in = { .ram_bytes = 64 * MiB, .kernel_start = MiB,
                                .kernel_end = 17 * MiB, .nr_modules = 1, .modules = &initrd };

    ck_layout_fails(&in, "a boot module (initramfs) does not fit in the guest's RAM after the kernel");
    initrd.size = UINT64_MAX;                          /* no wrap-around either */
    ck_layout_fails(&in, "a boot module (initramfs) does not fit in the guest's RAM after the kernel");
    initrd.size = 47 * MiB;                            /* fills RAM to the last page */
    ck_layout_fails(&in, "no room in the guest's RAM for the start info, command lines and memory map");
    initrd.size = 47 * MiB - PAGE_SIZE;                /* leaves one page: enough */
    struct pvh_layout_out out;
    const char *err;
    ck_assert_int_eq(pvh_layout(&in, &out, &err), 0);
    ck_assert_uint_eq(out.start_info_gpa, 64 * MiB - PAGE_SIZE);
    initrd.size = 0;
    ck_layout_fails(&in, "a boot module is empty");

    /* The block exactly fills the last page: 56 + 3992 + 2 * 24 bytes. */
    static char line[3993];
    struct pvh_layout_in tight = { .ram_bytes = 64 * MiB, .kernel_start = MiB,
                                   .kernel_end = 64 * MiB - PAGE_SIZE, .cmdline = line };
    memset(line, 'x', 3991);
    ck_assert_int_eq(pvh_layout(&tight, &out, &err), 0);
    ck_assert_uint_eq(out.end_gpa, 64 * MiB);
    line[3991] = 'x';                                  /* one more: 8 bytes over */
    ck_layout_fails(&tight, "no room in the guest's RAM for the start info, command lines and memory map");

    in.nr_modules = PVH_MAX_MODULES + 1;
    in.modules = many;
    ck_layout_fails(&in, "too many boot modules for one guest (at most 4)");
    in.nr_modules = 0;
    in.kernel_end = 65 * MiB;
    ck_layout_fails(&in, "the kernel does not fit in the guest's RAM below 4 GiB");
    in.kernel_end = in.kernel_start;
    ck_layout_fails(&in, "the kernel occupies no memory");
    in.ram_bytes = 8 * GiB;                            /* above 4 GiB does not help */
    in.kernel_start = 0xfb000000, in.kernel_end = 0xfc000001;
    ck_layout_fails(&in, "the kernel does not fit in the guest's RAM below 4 GiB");
}
END_TEST

START_TEST(acpi_region)
{
    struct pvh_layout_in in = { .ram_bytes = 512 * MiB, .kernel_start = MiB,
                                .kernel_end = 2 * MiB, .acpi_gpa = 0xfc000000,
                                .acpi_size = 0x2345, .rsdp_gpa = 0xfc002000 };
    struct pvh_layout_out out;
    struct hvm_start_info si;
    const char *err;

    ck_assert_int_eq(pvh_layout(&in, &out, &err), 0);
    ck_assert_uint_eq(out.nr_memmap, 3);
    check_entry(&out, 2, 0xfc000000, 0x3000, XEN_HVM_MEMMAP_TYPE_ACPI);
    pvh_fill_start_info(&in, &out, &si, NULL);
    ck_assert_uint_eq(si.rsdp_paddr, 0xfc002000);

    in.rsdp_gpa = 0xfc002345;
    ck_layout_fails(&in, "the RSDP lies outside the ACPI tables");
    in.rsdp_gpa = 0;
    in.acpi_gpa = 256 * MiB;                           /* inside RAM */
    ck_layout_fails(&in, "the ACPI tables must lie in the MMIO hole, below the local APIC");
    in.acpi_gpa = 0xfedff000;                          /* over the local APIC page */
    ck_layout_fails(&in, "the ACPI tables must lie in the MMIO hole, below the local APIC");
    in.acpi_size = 0;
    in.rsdp_gpa = 0xfc000000;
    ck_layout_fails(&in, "an RSDP without ACPI tables");
}
END_TEST

Suite *pvh_layout_suite(void)
{
    Suite *s = suite_create("pvh_layout");
    TCase *tc = tcase_create("core");

    tcase_add_test(tc, small_guest);
    tcase_add_test(tc, large_guest);
    tcase_add_test(tc, bare_kernel);
    tcase_add_test(tc, does_not_fit);
    tcase_add_test(tc, acpi_region);
    suite_add_tcase(s, tc);
    return s;
}

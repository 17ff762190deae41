/* Multiboot 1 and 2 information parsing over a fake physical memory. */
#include <check.h>
#include <string.h>
#include "suites.h"
#include <xen/multiboot.h>

static uint8_t mem[0x8000];

static const void *map(paddr_t pa, size_t len)
{
    return pa + len <= sizeof(mem) ? mem + pa : NULL;
}

static void w32(paddr_t pa, uint32_t v) { memcpy(mem + pa, &v, 4); }
static void w64(paddr_t pa, uint64_t v) { memcpy(mem + pa, &v, 8); }

static void mmap1(paddr_t pa, uint64_t base, uint64_t len, uint32_t type)
{
    w32(pa, 20);
    w64(pa + 4, base);
    w64(pa + 12, len);
    w32(pa + 20, type);
}

START_TEST(mb1_full)
{
    struct boot_info bi;
    const char *err;

    memset(mem, 0, sizeof(mem));
    w32(0x100, (1 << 2) | (1 << 3) | (1 << 6) | (1 << 9));
    w32(0x100 + 16, 0x800);
    strcpy((char *)mem + 0x800, "/boot/hv.elf console=com1 noreboot");
    w32(0x100 + 20, 2);                         /* two modules at 0x400 */
    w32(0x100 + 24, 0x400);
    w32(0x400, 0x200000); w32(0x404, 0x300000); w32(0x408, 0x900);
    w32(0x410, 0x300000); w32(0x414, 0x380000); w32(0x418, 0x940);
    strcpy((char *)mem + 0x900, "vmlinuz console=hvc0");
    strcpy((char *)mem + 0x940, "dom0.cpio");
    w32(0x100 + 44, 48);                        /* two mmap entries */
    w32(0x100 + 48, 0x600);
    mmap1(0x600, 0, 0x9fc00, 1);
    mmap1(0x618, 0x100000, 0x1ff00000, 1);
    w32(0x100 + 64, 0xa00);
    strcpy((char *)mem + 0xa00, "qemu");

    ck_assert_int_eq(multiboot_parse(MULTIBOOT1_BOOTLOADER_MAGIC, 0x100, map, &bi, &err), 0);
    ck_assert_uint_eq(bi.mb_version, 1);
    ck_assert_str_eq(bi.cmdline, "/boot/hv.elf console=com1 noreboot");
    ck_assert_str_eq(bi.loader, "qemu");
    ck_assert_uint_eq(bi.nr_mods, 2);
    ck_assert_uint_eq(bi.mods[1].start, 0x300000);
    ck_assert_str_eq(bi.mods[0].cmdline, "vmlinuz console=hvc0");
    ck_assert_uint_eq(bi.nr_mmap, 2);
    ck_assert_uint_eq(bi.mmap[1].size, 0x1ff00000);
    ck_assert(!bi.mmap_synthesized);
}
END_TEST

START_TEST(mb1_mem_only_and_errors)
{
    struct boot_info bi;
    const char *err;

    memset(mem, 0, sizeof(mem));
    w32(0x100, 1);
    w32(0x104, 639);
    w32(0x108, 523264);
    ck_assert_int_eq(multiboot_parse(MULTIBOOT1_BOOTLOADER_MAGIC, 0x100, map, &bi, &err), 0);
    ck_assert(bi.mmap_synthesized);
    ck_assert_uint_eq(bi.mmap[1].size, 523264ULL << 10);

    w32(0x100, 1 << 6);                         /* mmap entry with size 4 */
    w32(0x100 + 44, 24);
    w32(0x100 + 48, 0x600);
    w32(0x600, 4);
    ck_assert_int_eq(multiboot_parse(MULTIBOOT1_BOOTLOADER_MAGIC, 0x100, map, &bi, &err), -1);
    ck_assert_str_eq(err, "multiboot 1 memory map malformed");
    /* An entry size that wraps 32-bit arithmetic must not loop forever
     * (found by fuzz_multiboot). */
    w32(0x600, 0xfffffffc);
    ck_assert_int_eq(multiboot_parse(MULTIBOOT1_BOOTLOADER_MAGIC, 0x100, map, &bi, &err), 0);
    ck_assert_uint_eq(bi.nr_mmap, 1);
    ck_assert_int_eq(multiboot_parse(0x12345678, 0x100, map, &bi, &err), -1);
    ck_assert_ptr_nonnull(strstr(err, "bad magic"));
    ck_assert_int_eq(multiboot_parse(MULTIBOOT1_BOOTLOADER_MAGIC, 0x10000, map, &bi, &err), -1);
}
END_TEST

/* Appends a tag at *p (8-aligned) and returns its address. */
static paddr_t tag(paddr_t *p, uint32_t type, uint32_t size)
{
    paddr_t t = *p;

    w32(t, type);
    w32(t + 4, size);
    *p = (t + size + 7) & ~7ULL;
    return t;
}

START_TEST(mb2_tags)
{
    struct boot_info bi;
    const char *err;
    paddr_t p = 0x208, t;

    memset(mem, 0, sizeof(mem));
    t = tag(&p, 1, 8 + 13);
    strcpy((char *)mem + t + 8, "loglvl=debug");
    t = tag(&p, 3, 16 + 8);
    w32(t + 8, 0x400000); w32(t + 12, 0x500000);
    strcpy((char *)mem + t + 16, "kernel");
    t = tag(&p, 6, 16 + 2 * 24);
    w32(t + 8, 24); w32(t + 12, 0);
    w64(t + 16, 0); w64(t + 24, 0x9f000); w32(t + 32, 1);
    w64(t + 40, 0x100000); w64(t + 48, 0x7f00000); w32(t + 56, 1);
    t = tag(&p, 14, 8 + 20);
    memcpy(mem + t + 8, "RSD PTR ", 8);
    tag(&p, 0, 8);
    w32(0x200, (uint32_t)(p - 0x200));

    ck_assert_int_eq(multiboot_parse(MULTIBOOT2_BOOTLOADER_MAGIC, 0x200, map, &bi, &err), 0);
    ck_assert_uint_eq(bi.mb_version, 2);
    ck_assert_str_eq(bi.cmdline, "loglvl=debug");
    ck_assert_uint_eq(bi.nr_mods, 1);
    ck_assert_str_eq(bi.mods[0].cmdline, "kernel");
    ck_assert_uint_eq(bi.mods[0].end, 0x500000);
    ck_assert_uint_eq(bi.nr_mmap, 2);
    ck_assert_uint_eq(bi.mmap[1].addr, 0x100000);
    ck_assert(bi.has_rsdp);
    ck_assert_int_eq(memcmp(bi.rsdp, "RSD PTR ", 8), 0);
}
END_TEST

START_TEST(mb2_malformed)
{
    struct boot_info bi;
    const char *err;
    paddr_t p = 0x208, t;

    memset(mem, 0, sizeof(mem));
    t = tag(&p, 1, 8 + 4);
    w32(t + 4, 4000);                           /* runs past total_size */
    w32(0x200, 64);
    ck_assert_int_eq(multiboot_parse(MULTIBOOT2_BOOTLOADER_MAGIC, 0x200, map, &bi, &err), -1);
    ck_assert_str_eq(err, "multiboot 2 tag overruns the info structure");

    memset(mem, 0, sizeof(mem));
    p = 0x208;
    tag(&p, 1, 8 + 4);
    w32(0x200, (uint32_t)(p - 0x200));          /* no end tag */
    ck_assert_int_eq(multiboot_parse(MULTIBOOT2_BOOTLOADER_MAGIC, 0x200, map, &bi, &err), -1);
    ck_assert_str_eq(err, "multiboot 2 info has no end tag");
}
END_TEST

/* A hypervisor command line of 1,100 characters and a module command line
 * longer than the module buffer: both are cut and recorded, and the
 * modules after them and the memory map are still read. */
START_TEST(mb1_long_strings_do_not_stop_parsing)
{
    struct boot_info bi;
    const char *err;

    memset(mem, 0, sizeof(mem));
    w32(0x100, (1 << 2) | (1 << 3) | (1 << 6));
    w32(0x100 + 16, 0x1000);
    memset(mem + 0x1000, 'x', 1100);
    w32(0x100 + 20, 2);
    w32(0x100 + 24, 0x400);
    w32(0x400, 0x200000); w32(0x404, 0x300000); w32(0x408, 0x2000);
    w32(0x410, 0x300000); w32(0x414, 0x380000); w32(0x418, 0x940);
    memset(mem + 0x2000, 'm', 3000);            /* longer than any dom0 line */
    strcpy((char *)mem + 0x940, "dom0.cpio");
    w32(0x100 + 44, 24);
    w32(0x100 + 48, 0x600);
    mmap1(0x600, 0x100000, 0x1ff00000, 1);

    ck_assert_int_eq(multiboot_parse(MULTIBOOT1_BOOTLOADER_MAGIC, 0x100, map, &bi, &err), 0);
    ck_assert_uint_eq(strlen(bi.cmdline), BI_CMDLINE_SIZE - 1);
    ck_assert_uint_eq(bi.nr_mods, 2);
    ck_assert_uint_eq(strlen(bi.mods[0].cmdline), BI_MOD_CMDLINE_SIZE - 1);
    ck_assert_str_eq(bi.mods[1].cmdline, "dom0.cpio");
    ck_assert_uint_eq(bi.nr_mmap, 1);
    ck_assert_uint_eq(bi.mmap[0].size, 0x1ff00000);
    ck_assert_uint_eq(bi.nr_cuts, 2);
    ck_assert_str_eq(bi.cuts[0].what, BI_CUT_CMDLINE);
    ck_assert_int_eq(bi.cuts[0].index, -1);
    ck_assert_uint_eq(bi.cuts[0].given, 1100);
    ck_assert_uint_eq(bi.cuts[0].kept, BI_CMDLINE_SIZE - 1);
    ck_assert_str_eq(bi.cuts[1].what, BI_CUT_MOD_CMDLINE);
    ck_assert_int_eq(bi.cuts[1].index, 0);
    ck_assert_uint_eq(bi.cuts[1].given, 3000);
    ck_assert_uint_eq(bi.cuts[1].kept, BI_MOD_CMDLINE_SIZE - 1);
}
END_TEST

/* Long dom0 lines (NFS root options, the guide's extra=) are kept whole. */
START_TEST(mb1_long_dom0_line_fits)
{
    struct boot_info bi;
    const char *err;

    memset(mem, 0, sizeof(mem));
    w32(0x100, (1 << 2) | (1 << 3) | (1 << 6));
    w32(0x100 + 16, 0x1000);
    memset(mem + 0x1000, 'x', 1000);
    w32(0x100 + 20, 1);
    w32(0x100 + 24, 0x400);
    w32(0x400, 0x200000); w32(0x404, 0x300000); w32(0x408, 0x2000);
    memset(mem + 0x2000, 'm', 300);
    w32(0x100 + 44, 24);
    w32(0x100 + 48, 0x600);
    mmap1(0x600, 0x100000, 0x1ff00000, 1);

    ck_assert_int_eq(multiboot_parse(MULTIBOOT1_BOOTLOADER_MAGIC, 0x100, map, &bi, &err), 0);
    ck_assert_uint_eq(strlen(bi.cmdline), 1000);
    ck_assert_uint_eq(strlen(bi.mods[0].cmdline), 300);
    ck_assert_uint_eq(bi.nr_mmap, 1);
    ck_assert_uint_eq(bi.nr_cuts, 0);
}
END_TEST

/* Full lists are recorded with their length and do not stop the parsing. */
START_TEST(mb1_full_lists_recorded)
{
    struct boot_info bi;
    const char *err;

    memset(mem, 0, sizeof(mem));
    w32(0x100, (1 << 3) | (1 << 6) | (1 << 9));
    w32(0x100 + 20, BI_MAX_MODS + 4);
    w32(0x100 + 24, 0x400);
    w32(0x100 + 44, 24 * (BI_MAX_MMAP + 2));
    w32(0x100 + 48, 0x1000);
    for (unsigned int i = 0; i < BI_MAX_MMAP + 2; i++)
        mmap1(0x1000 + 24 * i, (uint64_t)i << 20, 1 << 20, 1);
    w32(0x100 + 64, 0x3000);
    memset(mem + 0x3000, 'g', 100);             /* loader name */

    ck_assert_int_eq(multiboot_parse(MULTIBOOT1_BOOTLOADER_MAGIC, 0x100, map, &bi, &err), 0);
    ck_assert_uint_eq(bi.nr_mods, BI_MAX_MODS);
    ck_assert_uint_eq(bi.nr_mmap, BI_MAX_MMAP);
    ck_assert_uint_eq(strlen(bi.loader), sizeof(bi.loader) - 1);
    ck_assert_uint_eq(bi.nr_cuts, 3);
    ck_assert_str_eq(bi.cuts[0].what, BI_CUT_LOADER);
    ck_assert_uint_eq(bi.cuts[0].given, 100);
    ck_assert_str_eq(bi.cuts[1].what, BI_CUT_MMAP);
    ck_assert_uint_eq(bi.cuts[1].given, BI_MAX_MMAP + 2);
    ck_assert_uint_eq(bi.cuts[1].kept, BI_MAX_MMAP);
    ck_assert_str_eq(bi.cuts[2].what, BI_CUT_MODS);
    ck_assert_uint_eq(bi.cuts[2].given, BI_MAX_MODS + 4);
    ck_assert_uint_eq(bi.cuts[2].kept, BI_MAX_MODS);
}
END_TEST

/* Multiboot 2: strings are bounded by their tag; a cut one is recorded and
 * the tags after it are read. */
START_TEST(mb2_long_strings_do_not_stop_parsing)
{
    struct boot_info bi;
    const char *err;
    paddr_t p = 0x208, t;

    memset(mem, 0, sizeof(mem));
    t = tag(&p, 1, 8 + 1101);
    memset(mem + t + 8, 'c', 1100);
    t = tag(&p, 3, 16 + 3001);
    w32(t + 8, 0x400000); w32(t + 12, 0x500000);
    memset(mem + t + 16, 'm', 3000);
    t = tag(&p, 3, 16 + 8);                     /* no terminator inside the tag */
    w32(t + 8, 0x500000); w32(t + 12, 0x600000);
    memcpy(mem + t + 16, "initrdXY", 8);
    mem[t + 24] = 'Z';
    t = tag(&p, 6, 16 + 24);
    w32(t + 8, 24);
    w64(t + 16, 0x100000); w64(t + 24, 0x7f00000); w32(t + 32, 1);
    tag(&p, 0, 8);
    w32(0x200, (uint32_t)(p - 0x200));

    ck_assert_int_eq(multiboot_parse(MULTIBOOT2_BOOTLOADER_MAGIC, 0x200, map, &bi, &err), 0);
    ck_assert_uint_eq(strlen(bi.cmdline), BI_CMDLINE_SIZE - 1);
    ck_assert_uint_eq(bi.nr_mods, 2);
    ck_assert_uint_eq(strlen(bi.mods[0].cmdline), BI_MOD_CMDLINE_SIZE - 1);
    ck_assert_str_eq(bi.mods[1].cmdline, "initrdXY");
    ck_assert_uint_eq(bi.nr_mmap, 1);
    ck_assert_uint_eq(bi.nr_cuts, 2);
    ck_assert_uint_eq(bi.cuts[0].given, 1100);
    ck_assert_str_eq(bi.cuts[1].what, BI_CUT_MOD_CMDLINE);
    ck_assert_uint_eq(bi.cuts[1].given, 3000);
}
END_TEST

START_TEST(e820_names)
{
    ck_assert_str_eq(e820_type_name(1), "RAM");
    ck_assert_str_eq(e820_type_name(4), "ACPI NVS");
    ck_assert_str_eq(e820_type_name(77), "UNKNOWN");
}
END_TEST

Suite *multiboot_suite(void)
{
    Suite *s = suite_create("multiboot");
    TCase *tc = tcase_create("parse");

    tcase_add_test(tc, mb1_full);
    tcase_add_test(tc, mb1_mem_only_and_errors);
    tcase_add_test(tc, mb2_tags);
    tcase_add_test(tc, mb2_malformed);
    tcase_add_test(tc, mb1_long_strings_do_not_stop_parsing);
    tcase_add_test(tc, mb1_long_dom0_line_fits);
    tcase_add_test(tc, mb1_full_lists_recorded);
    tcase_add_test(tc, mb2_long_strings_do_not_stop_parsing);
    tcase_add_test(tc, e820_names);
    suite_add_tcase(s, tc);
    return s;
}

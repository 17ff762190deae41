/* The ELF loader of the PVH domain builder: images built here (ELF32 and
 * ELF64, fixtures/elf_image.h), every header and segment rejection with its
 * message, the loader's writes, and the tiny PVH image the host toolchain
 * linked (fixtures/pvh_tiny.S). The notes are test_libelf_notes.c's. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "suites.h"
#include "fixtures/elf_image.h"

static void check_linux_like(bool is64)
{
    struct elf_binary_info info;
    const char *err;
    uint32_t entry;

    reset(is64);
    add_linux_notes();
    ck_assert_int_eq(parse(emit(), &info, &err), 0);
    ck_assert_ptr_null(err);
    ck_assert(info.is_64bit == is64);
    ck_assert_uint_eq(info.e_entry, eh.e_entry);
    ck_assert_uint_eq(info.nr_segments, 2);
    ck_assert_uint_eq(info.seg[1].paddr, 0x200000);
    ck_assert_uint_eq(info.seg[1].vaddr, ph[1].p_vaddr);
    ck_assert_uint_eq(info.seg[1].offset, 0x2000);
    ck_assert_uint_eq(info.seg[1].filesz, 0x10);
    ck_assert_uint_eq(info.seg[1].memsz, 0x1000);
    ck_assert_uint_eq(info.seg[1].flags, PF_R | PF_W);
    ck_assert_uint_eq(info.pstart, 0x100000);
    ck_assert_uint_eq(info.pend, 0x201000);
    ck_assert(info.has_xen_notes && !info.notes_from_sections);
    ck_assert_uint_eq(info.nr_xen_notes, 12);
    ck_assert_str_eq(info.guest_os, "linux");
    ck_assert_str_eq(info.guest_version, "2.6");
    ck_assert_str_eq(info.xen_version, "xen-3.0");
    ck_assert_str_eq(info.loader, "generic");
    ck_assert_str_eq(info.features, "!writable_page_tables|pae_pgdir_above_4gb");
    ck_assert_str_eq(info.pae_mode, "yes");
    ck_assert_uint_eq(info.supported_features[0], (1U << 15) | (1U << 11));
    ck_assert(info.has_virt_base && info.virt_base == 0xffffffff80000000ULL);
    ck_assert(info.has_entry && info.entry == 0xffffffff80100020ULL);
    ck_assert(info.has_hypercall_page && info.hypercall_page == 0xffffffff80101000ULL);
    ck_assert(!info.has_paddr_offset);
    ck_assert(info.has_phys32_entry);
    ck_assert_int_eq(elf_pvh_entry(&info, &entry, &err), 0);
    ck_assert_uint_eq(entry, 0x100040);
}

START_TEST(parse_elf64) { check_linux_like(true); }
END_TEST
START_TEST(parse_elf32) { check_linux_like(false); }
END_TEST

START_TEST(reject_header)
{
    reset(true);
    emit();
    ck_reject(10, "image of 10 bytes is too small for an ELF header");
    ck_reject(40, "ELF header truncated: 40 of 64 bytes");
    img[1] = 'e';
    ck_reject(img_len, "not an ELF image (bad magic)");
    emit();
    img[EI_CLASS] = 3;
    ck_reject(img_len, "bad ELF class 3 (neither ELFCLASS32 nor ELFCLASS64)");
    emit();
    img[EI_DATA] = 2;
    ck_reject(img_len, "ELF data encoding 2 is not little-endian (ELFDATA2LSB)");
    emit();
    img[EI_VERSION] = 0;
    ck_reject(img_len, "ELF version 0 is not EV_CURRENT");
    eh.e_type = 3;                                     /* ET_DYN */
    ck_reject(emit(), "ELF type 3 is not ET_EXEC (an executable)");
    eh.e_type = ET_EXEC;
    eh.e_machine = EM_386;
    ck_reject(emit(), "ELF machine 3 is not EM_X86_64 (ELF64)");
    reset(false);
    eh.e_machine = EM_X86_64;
    ck_reject(emit(), "ELF machine 62 is not EM_386 (ELF32)");
    ck_reject(51, "ELF header truncated: 51 of 52 bytes");
}
END_TEST

START_TEST(reject_phdr_table)
{
    reset(true);
    eh.e_phnum = 0;
    ck_reject(emit(), "no program headers");
    reset(true);
    eh.e_phentsize = 32;
    ck_reject(emit(), "program header size 32 is not 56");
    reset(true);
    emit();
    ck_reject(64 + 2 * 56, "program header table extends past the end of the image");
    eh.e_phoff = UINT64_MAX - 8;                       /* offset + size wraps */
    memcpy(img, &eh, sizeof(eh));
    ck_reject(img_len, "program header table extends past the end of the image");
}
END_TEST

START_TEST(reject_segments)
{
    reset(true);
    ph[1].p_offset = NOTES_AT - 8;                     /* 16 bytes from 8 before the end */
    ck_reject(emit(), "segment 1 extends past the end of the image");
    ph[1].p_offset = UINT64_MAX - 4;
    ck_reject(emit(), "segment 1 extends past the end of the image");
    reset(true);
    ph[0].p_filesz = 0x200;
    ck_reject(emit(), "segment 0: p_filesz 0x200 exceeds p_memsz 0x100");
    reset(true);
    ph[1].p_paddr = UINT64_MAX - 0x10;
    ck_reject(emit(), "segment 1 wraps around the physical address space");
    reset(false);
    ph[1].p_paddr = 0xffffff00;
    ck_reject(emit(), "segment 1 wraps around the physical address space");
    reset(false);
    ph[1].p_paddr = 0xfffff000;                        /* ends exactly at 4 GiB: fine */
    emit();
    {
        struct elf_binary_info info;
        const char *err;
        ck_assert_int_eq(parse(img_len, &info, &err), 0);
        ck_assert_uint_eq(info.pend, 1ULL << 32);
    }
    reset(true);
    ph[1].p_paddr = 0x1000ff;                          /* last byte of segment 0 */
    ck_reject(emit(), "segments 0 and 1 overlap in physical memory");
    ph[1].p_paddr = 0xff001;                           /* last byte = segment 0's first */
    ck_reject(emit(), "segments 0 and 1 overlap in physical memory");
    ph[1].p_paddr = 0xff000;                           /* covers all of segment 0 */
    ph[1].p_memsz = 0x10000;
    ck_reject(emit(), "segments 0 and 1 overlap in physical memory");
    ph[1].p_paddr = 0xff000;                           /* ends where segment 0 starts */
    ph[1].p_memsz = 0x1000;
    {
        struct elf_binary_info info;
        const char *err;
        ck_assert_int_eq(parse(emit(), &info, &err), 0);
        ck_assert_uint_eq(info.pstart, 0xff000);
        ck_assert_uint_eq(info.pend, 0x100100);
    }
}
END_TEST

START_TEST(reject_segment_count)
{
    reset(true);
    ph[0].p_type = PT_NULL;
    ph[1].p_memsz = 0;                                 /* occupies nothing */
    ph[1].p_filesz = 0;
    ck_reject(emit(), "no PT_LOAD segment to load");
    reset(true);
    eh.e_phnum = ELF_MAX_SEGMENTS + 1;
    for (unsigned int i = 0; i < eh.e_phnum; i++)
        ph[i] = (Elf64_Phdr){ PT_LOAD, PF_R, 0x1000, 0, 0x100000 + i * 0x1000, 0, 0x1000, 0 };
    ck_reject(emit(), "more than 16 PT_LOAD segments");
    eh.e_phnum = ELF_MAX_SEGMENTS;
    {
        struct elf_binary_info info;
        const char *err;
        ck_assert_int_eq(parse(emit(), &info, &err), 0);
        ck_assert_uint_eq(info.nr_segments, ELF_MAX_SEGMENTS);
        ck_assert_uint_eq(info.pend, 0x110000);
        ck_assert(!info.has_xen_notes);
    }
}
END_TEST

struct fake_mem {
    uint8_t m[0x300000];
    unsigned int calls, fail_at, zero_calls;
};
static struct fake_mem mem;

static int fake_write(void *ctx, uint64_t gpa, const void *src, size_t len)
{
    struct fake_mem *f = ctx;

    if (++f->calls == f->fail_at)
        return -7;
    ck_assert(gpa <= sizeof(f->m) && len <= sizeof(f->m) - gpa);
    if (src) {
        memcpy(f->m + gpa, src, len);
    } else {
        memset(f->m + gpa, 0, len);
        f->zero_calls++;
    }
    return 0;
}

START_TEST(load_segments)
{
    struct elf_binary_info info;
    const char *err;

    reset(true);
    ck_assert_int_eq(parse(emit(), &info, &err), 0);
    memset(&mem, 0xcc, sizeof(mem));
    mem.calls = mem.fail_at = mem.zero_calls = 0;
    ck_assert_int_eq(elf_load(img, &info, fake_write, &mem), 0);
    ck_assert_uint_eq(mem.calls, 3);                   /* text; data; data's zeros */
    ck_assert_uint_eq(mem.zero_calls, 1);
    ck_assert_mem_eq(mem.m + 0x100000, img + 0x1000, 0x100);
    ck_assert_uint_eq(mem.m[0x100100], 0xcc);          /* nothing past memsz */
    ck_assert_uint_eq(mem.m[0x1fffff], 0xcc);
    ck_assert_mem_eq(mem.m + 0x200000, img + 0x2000, 0x10);
    for (int i = 0x10; i < 0x1000; i++)
        ck_assert_uint_eq(mem.m[0x200000 + i], 0);
    ck_assert_uint_eq(mem.m[0x201000], 0xcc);

    /* The first failing write stops the load and is returned. */
    mem.calls = 0;
    mem.fail_at = 2;
    ck_assert_int_eq(elf_load(img, &info, fake_write, &mem), -7);
    ck_assert_uint_eq(mem.calls, 2);
}
END_TEST

/* ---- the tiny PVH image linked by the host toolchain (tests/fixtures) ---- */
static uint8_t *read_fixture(const char *name, size_t *len)
{
    char path[512];
    FILE *f;
    uint8_t *buf;
    long n;

    snprintf(path, sizeof(path), "%s/%s", ELF_FIXTURE_DIR, name);
    f = fopen(path, "rb");
    ck_assert_msg(f != NULL, "cannot open %s", path);
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    rewind(f);
    buf = malloc(n);
    ck_assert_uint_eq(fread(buf, 1, n, f), (size_t)n);
    fclose(f);
    *len = n;
    return buf;
}

static void check_fixture(const char *name, bool is64)
{
    struct elf_binary_info info;
    const char *err;
    uint32_t entry, word;
    size_t len;
    uint8_t *elf = read_fixture(name, &len);

    ck_assert_msg(elf_parse(elf, len, &info, &err) == 0, "%s: %s", name, err);
    ck_assert(info.is_64bit == is64);
    ck_assert_uint_eq(info.e_entry, 0x100000);
    ck_assert_uint_eq(info.nr_segments, 2);
    ck_assert_uint_eq(info.seg[0].paddr, 0x100000);
    ck_assert_uint_eq(info.seg[0].flags, PF_R | PF_X);
    ck_assert_uint_eq(info.seg[1].paddr, 0x101000);
    ck_assert_uint_eq(info.seg[1].filesz, 4);          /* data_word; then .bss */
    ck_assert_uint_eq(info.seg[1].memsz, 0x2004);
    ck_assert_uint_eq(info.pend, 0x103004);
    ck_assert_str_eq(info.guest_os, "xenlab-tiny");
    ck_assert_str_eq(info.xen_version, "xen-3.0");
    ck_assert_uint_eq(info.supported_features[0], 1U << XENFEAT_linux_rsdp_unrestricted);
    ck_assert(!info.notes_from_sections);
    ck_assert_int_eq(elf_pvh_entry(&info, &entry, &err), 0);
    ck_assert_uint_eq(entry, 0x100010);                /* pvh_start, .org 0x10 */

    memset(&mem, 0xcc, sizeof(mem));
    mem.calls = mem.fail_at = 0;
    ck_assert_int_eq(elf_load(elf, &info, fake_write, &mem), 0);
    memcpy(&word, mem.m + 0x101000, 4);
    ck_assert_uint_eq(word, 0x5a5a5a5a);
    ck_assert_uint_eq(mem.m[0x100000], 0xf4);          /* hlt */
    ck_assert_uint_eq(mem.m[0x103003], 0);
    ck_assert_uint_eq(mem.m[0x103004], 0xcc);

    /* Every cut of the real file is refused or parsed, never overread. */
    for (size_t cut = 0; cut < len; cut += 7) {
        uint8_t *part = malloc(cut ? cut : 1);
        memcpy(part, elf, cut);
        ck_assert_int_eq(elf_parse(part, cut, &info, &err) == 0, cut >= 0x2004);
        free(part);
    }
    free(elf);
}

START_TEST(fixture_elf64) { check_fixture("pvh_tiny64.elf", true); }
END_TEST
START_TEST(fixture_elf32) { check_fixture("pvh_tiny32.elf", false); }
END_TEST

Suite *libelf_suite(void)
{
    Suite *s = suite_create("libelf");
    TCase *tc = tcase_create("core");

    tcase_add_test(tc, parse_elf64);
    tcase_add_test(tc, parse_elf32);
    tcase_add_test(tc, reject_header);
    tcase_add_test(tc, reject_phdr_table);
    tcase_add_test(tc, reject_segments);
    tcase_add_test(tc, reject_segment_count);
    tcase_add_test(tc, load_segments);
    tcase_add_test(tc, fixture_elf64);
    tcase_add_test(tc, fixture_elf32);
    suite_add_tcase(s, tc);
    return s;
}

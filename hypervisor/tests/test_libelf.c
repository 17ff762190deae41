/* The ELF loader of the PVH domain builder: images built here (ELF32 and
 * ELF64), every rejection with its message, the Xen notes, the loader's
 * writes, and the tiny PVH image the host toolchain linked (fixtures/). Each
 * image is parsed from an exactly sized heap copy, so ASan sees any read
 * past its end. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "suites.h"
#include <xen/libelf.h>
#include <xen/elfstructs.h>
#include <public/elfnote.h>
#include <public/features.h>

#define NOTES_AT 0x3000
static uint8_t img[0x8000];
static size_t img_len;
static bool wide;
static Elf64_Ehdr eh;
static Elf64_Phdr ph[20];
static Elf64_Shdr sh[4];

static void mark(size_t end) { img_len = end > img_len ? end : img_len; }

/* Text at file 0x1000 -> 0x100000 (0x100 bytes), data at 0x2000 -> 0x200000
 * (0x10 in the file, 0x1000 in memory), a PT_NOTE at 0x3000 (notes added by
 * add_note). */
static void reset(bool is64)
{
    uint64_t vbase = is64 ? 0xffffffff80000000ULL : 0xc0000000ULL;

    memset(img, 0, sizeof(img));
    memset(ph, 0, sizeof(ph));
    memset(sh, 0, sizeof(sh));
    memset(&eh, 0, sizeof(eh));
    wide = is64;
    img_len = NOTES_AT;
    memcpy(eh.e_ident, ELFMAG, SELFMAG);
    eh.e_ident[EI_CLASS] = is64 ? ELFCLASS64 : ELFCLASS32;
    eh.e_ident[EI_DATA] = ELFDATA2LSB;
    eh.e_ident[EI_VERSION] = EV_CURRENT;
    eh.e_type = ET_EXEC;
    eh.e_machine = is64 ? EM_X86_64 : EM_386;
    eh.e_version = EV_CURRENT;
    eh.e_entry = vbase + 0x100000;
    eh.e_phoff = is64 ? sizeof(Elf64_Ehdr) : sizeof(Elf32_Ehdr);
    eh.e_phentsize = is64 ? sizeof(Elf64_Phdr) : sizeof(Elf32_Phdr);
    eh.e_phnum = 3;
    ph[0] = (Elf64_Phdr){ PT_LOAD, PF_R | PF_X, 0x1000, vbase + 0x100000, 0x100000,
                          0x100, 0x100, 0x1000 };
    ph[1] = (Elf64_Phdr){ PT_LOAD, PF_R | PF_W, 0x2000, vbase + 0x200000, 0x200000,
                          0x10, 0x1000, 0x1000 };
    ph[2] = (Elf64_Phdr){ PT_NOTE, PF_R, NOTES_AT, 0, 0, 0, 0, 4 };
    for (int i = 0; i < 0x100; i++)
        img[0x1000 + i] = (uint8_t)i;
    for (int i = 0; i < 0x10; i++)
        img[0x2000 + i] = (uint8_t)(0xa0 + i);
}

/* One note at the end of the PT_NOTE segment, 4-byte aligned (gABI). */
static void add_note(const char *name, uint32_t type, const void *desc, uint32_t descsz)
{
    uint8_t *p = img + NOTES_AT + ph[2].p_filesz;
    uint32_t namesz = name ? strlen(name) + 1 : 0;
    uint32_t hdr[3] = { namesz, descsz, type };

    memcpy(p, hdr, sizeof(hdr));
    if (name)
        memcpy(p + 12, name, namesz);
    if (descsz)
        memcpy(p + 12 + ROUNDUP(namesz, 4), desc, descsz);
    ph[2].p_filesz += 12 + ROUNDUP(namesz, 4) + ROUNDUP(descsz, 4);
    ph[2].p_memsz = ph[2].p_filesz;
    mark(NOTES_AT + ph[2].p_filesz);
}

static void add_u32(uint32_t type, uint32_t v) { add_note("Xen", type, &v, 4); }
static void add_u64(uint32_t type, uint64_t v) { add_note("Xen", type, &v, 8); }
static void add_str(uint32_t type, const char *s) { add_note("Xen", type, s, strlen(s) + 1); }

/* The notes Linux's xen-head.S gives a vmlinux (values made up). */
static void add_linux_notes(void)
{
    add_note("GNU", 3, "build-id", 8);                 /* not Xen's: skipped */
    add_str(XEN_ELFNOTE_GUEST_OS, "linux");
    add_str(XEN_ELFNOTE_GUEST_VERSION, "2.6");
    add_str(XEN_ELFNOTE_XEN_VERSION, "xen-3.0");
    add_u64(XEN_ELFNOTE_VIRT_BASE, 0xffffffff80000000ULL);
    add_u64(XEN_ELFNOTE_ENTRY, 0xffffffff80100020ULL);
    add_u64(XEN_ELFNOTE_HYPERCALL_PAGE, 0xffffffff80101000ULL);
    add_str(XEN_ELFNOTE_FEATURES, "!writable_page_tables|pae_pgdir_above_4gb");
    add_u32(XEN_ELFNOTE_SUPPORTED_FEATURES, (1U << XENFEAT_linux_rsdp_unrestricted) |
                                            (1U << XENFEAT_dom0));
    add_str(XEN_ELFNOTE_PAE_MODE, "yes");
    add_str(XEN_ELFNOTE_LOADER, "generic");
    add_u32(XEN_ELFNOTE_PHYS32_ENTRY, 0x100040);
    add_u32(0x99, 1);                                  /* unknown Xen note: ignored */
}

static void put_phdr(unsigned int i)
{
    uint8_t *p = img + eh.e_phoff + (uint64_t)i * eh.e_phentsize;

    if (wide) {
        memcpy(p, &ph[i], sizeof(ph[i]));
    } else {
        Elf32_Phdr q = { ph[i].p_type, ph[i].p_offset, ph[i].p_vaddr, ph[i].p_paddr,
                         ph[i].p_filesz, ph[i].p_memsz, ph[i].p_flags, ph[i].p_align };
        memcpy(p, &q, sizeof(q));
    }
}

static void put_shdr(unsigned int i)
{
    uint8_t *p = img + eh.e_shoff + (uint64_t)i * eh.e_shentsize;

    if (wide) {
        memcpy(p, &sh[i], sizeof(sh[i]));
    } else {
        Elf32_Shdr q = { sh[i].sh_name, sh[i].sh_type, sh[i].sh_flags, sh[i].sh_addr,
                         sh[i].sh_offset, sh[i].sh_size, sh[i].sh_link, sh[i].sh_info,
                         sh[i].sh_addralign, sh[i].sh_entsize };
        memcpy(p, &q, sizeof(q));
    }
}

/* Writes the headers into img; returns the image length. */
static size_t emit(void)
{
    if (wide) {
        memcpy(img, &eh, sizeof(eh));
    } else {
        Elf32_Ehdr e = { .e_type = eh.e_type, .e_machine = eh.e_machine,
                         .e_version = eh.e_version, .e_entry = eh.e_entry,
                         .e_phoff = eh.e_phoff, .e_shoff = eh.e_shoff,
                         .e_ehsize = sizeof(Elf32_Ehdr), .e_phentsize = eh.e_phentsize,
                         .e_phnum = eh.e_phnum, .e_shentsize = eh.e_shentsize,
                         .e_shnum = eh.e_shnum };
        memcpy(e.e_ident, eh.e_ident, EI_NIDENT);
        memcpy(img, &e, sizeof(e));
    }
    for (unsigned int i = 0; i < eh.e_phnum && i < ARRAY_SIZE(ph); i++)
        put_phdr(i);
    for (unsigned int i = 0; eh.e_shoff && i < eh.e_shnum && i < ARRAY_SIZE(sh); i++)
        put_shdr(i);
    return img_len;
}

/* elf_parse on an exactly sized copy of img[0..len). */
static int parse(size_t len, struct elf_binary_info *info, const char **err)
{
    uint8_t *copy = malloc(len ? len : 1);
    int rc;

    memcpy(copy, img, len);
    rc = elf_parse(copy, len, info, err);
    free(copy);
    return rc;
}

#define ck_reject(len, msg) do {                                    \
        struct elf_binary_info i_;                                  \
        const char *e_;                                             \
        ck_assert_int_eq(parse((len), &i_, &e_), -1);               \
        ck_assert_str_eq(e_, (msg));                                \
    } while (0)

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

START_TEST(reject_notes)
{
    uint8_t three[3] = { 1, 2, 3 };
    uint32_t hdr[3] = { 4, 0x1000, XEN_ELFNOTE_GUEST_OS };

    reset(true);
    add_linux_notes();
    ph[2].p_filesz += 4;                               /* 4 bytes past the end */
    ck_reject(emit(), "note segment 2 extends past the end of the image");
    reset(true);
    add_linux_notes();
    ph[2].p_align = 16;
    ck_reject(emit(), "note segment 2 has alignment 16 (must be 4 or 8)");
    reset(true);
    add_linux_notes();
    ph[2].p_offset += 2;
    ph[2].p_filesz -= 4;
    ck_reject(emit(), "note segment 2 is not 4-byte aligned in the file");
    reset(true);
    add_linux_notes();
    ph[2].p_filesz -= 12;                              /* cuts the last note's header */
    ck_reject(emit(), "note segment 2 ends inside a note header");
    reset(true);
    add_str(XEN_ELFNOTE_GUEST_OS, "linux");
    memcpy(img + NOTES_AT, hdr, sizeof(hdr));          /* descsz beyond the segment */
    ck_reject(emit(), "note in note segment 2 overruns it (namesz 4, descsz 4096)");
    hdr[0] = UINT32_MAX, hdr[1] = 4;
    memcpy(img + NOTES_AT, hdr, sizeof(hdr));
    ck_reject(emit(), "note in note segment 2 overruns it (namesz 4294967295, descsz 4)");
    reset(true);
    add_note("Xen", XEN_ELFNOTE_PHYS32_ENTRY, three, 3);
    ck_reject(emit(), "Xen note PHYS32_ENTRY is 3 bytes (must be 1, 2, 4 or 8)");
    reset(true);
    add_u64(XEN_ELFNOTE_PHYS32_ENTRY, 0x100000000ULL);
    ck_reject(emit(), "Xen note PHYS32_ENTRY 0x100000000 does not fit in 32 bits");
    reset(true);
    add_note("Xen", XEN_ELFNOTE_SUPPORTED_FEATURES, "123456", 6);
    ck_reject(emit(), "Xen note SUPPORTED_FEATURES is 6 bytes, not 32-bit words");
    reset(true);
    for (int i = 0; i <= ELF_MAX_NOTES; i++)
        add_note(NULL, 0, NULL, 0);
    ck_reject(emit(), "more than 1024 ELF notes");
}
END_TEST

START_TEST(notes_details)
{
    struct elf_binary_info info;
    const char *err;
    uint32_t entry;
    uint8_t one = 0x7f;

    /* Numeric notes of 1 and 8 bytes; an unterminated string; a string cut
     * to its buffer; a note segment at p_offset 0 is skipped (as Xen does). */
    reset(false);
    add_note("Xen", XEN_ELFNOTE_VIRT_BASE, &one, 1);
    add_u64(XEN_ELFNOTE_PHYS32_ENTRY, 0x100080);
    add_note("Xen", XEN_ELFNOTE_GUEST_OS, "abcdef", 3);
    add_str(XEN_ELFNOTE_LOADER, "a loader name longer than thirty-one characters");
    add_note("XenX", XEN_ELFNOTE_GUEST_VERSION, "no", 3);   /* another owner */
    ck_assert_int_eq(parse(emit(), &info, &err), 0);
    ck_assert(info.has_virt_base && info.virt_base == 0x7f);
    ck_assert_uint_eq(info.phys32_entry, 0x100080);
    ck_assert_str_eq(info.guest_os, "abc");
    ck_assert_str_eq(info.loader, "a loader name longer than thirt");
    ck_assert_str_eq(info.guest_version, "");
    ck_assert_uint_eq(info.nr_xen_notes, 4);
    ph[2].p_offset = 0;
    ck_assert_int_eq(parse(emit(), &info, &err), 0);
    ck_assert(!info.has_xen_notes);

    /* No PHYS32_ENTRY: not PVH-bootable; an entry outside the segments. */
    reset(true);
    add_str(XEN_ELFNOTE_GUEST_OS, "linux");
    ck_assert_int_eq(parse(emit(), &info, &err), 0);
    ck_assert_int_eq(elf_pvh_entry(&info, &entry, &err), -1);
    ck_assert_str_eq(err, "no XEN_ELFNOTE_PHYS32_ENTRY note: the kernel cannot boot as a PVH guest");
    reset(true);
    add_u32(XEN_ELFNOTE_PHYS32_ENTRY, 0x201000);       /* = pend */
    ck_assert_int_eq(parse(emit(), &info, &err), 0);
    ck_assert_int_eq(elf_pvh_entry(&info, &entry, &err), -1);
    ck_assert_str_eq(err, "XEN_ELFNOTE_PHYS32_ENTRY points outside the loaded segments");
}
END_TEST

/* gABI notes in a section aligned to 8: name and descriptor padded to 8. */
START_TEST(notes_align8)
{
    struct elf_binary_info info;
    const char *err;
    uint8_t *p = img + NOTES_AT;
    uint32_t gnu[3] = { 4, 16, 5 }, xen[3] = { 4, 4, XEN_ELFNOTE_PHYS32_ENTRY };
    uint32_t entry = 0x100010;

    reset(true);
    memcpy(p, gnu, 12), memcpy(p + 12, "GNU", 4);      /* desc at 16, 16 bytes */
    memcpy(p + 32, xen, 12), memcpy(p + 44, "Xen", 4);
    memcpy(p + 48, &entry, 4);                         /* padded to 56 */
    ph[2].p_filesz = 56;
    ph[2].p_align = 8;
    mark(NOTES_AT + 56);
    ck_assert_int_eq(parse(emit(), &info, &err), 0);
    ck_assert_uint_eq(info.phys32_entry, 0x100010);
}
END_TEST

/* No PT_NOTE: the notes come from SHT_NOTE sections (Xen's fallback). */
START_TEST(notes_from_sections)
{
    struct elf_binary_info info;
    const char *err;

    for (int w = 0; w < 2; w++) {
        reset(w);
        add_linux_notes();
        eh.e_phnum = 2;
        eh.e_shoff = 0x6000;
        eh.e_shnum = 3;
        eh.e_shentsize = w ? sizeof(Elf64_Shdr) : sizeof(Elf32_Shdr);
        sh[1].sh_type = 1;                             /* SHT_PROGBITS */
        sh[2] = (Elf64_Shdr){ .sh_type = SHT_NOTE, .sh_offset = NOTES_AT,
                              .sh_size = ph[2].p_filesz, .sh_addralign = 4 };
        mark(0x6000 + 3 * eh.e_shentsize);
        ck_assert_int_eq(parse(emit(), &info, &err), 0);
        ck_assert(info.notes_from_sections);
        ck_assert_uint_eq(info.phys32_entry, 0x100040);
        ck_assert_str_eq(info.guest_os, "linux");
        sh[2].sh_addralign = 3;
        ck_reject(emit(), "note section 2 has alignment 3 (must be 4 or 8)");
        sh[2].sh_addralign = 4;
        sh[2].sh_size += 0x10000;
        ck_reject(emit(), "note section 2 extends past the end of the image");
        sh[2].sh_size -= 0x10000;
        ck_reject(0x6000 + 2 * eh.e_shentsize,
                  "section header table extends past the end of the image");
        eh.e_shentsize = 20;
        ck_reject(emit(), w ? "section header size 20 is not 64" : "section header size 20 is not 40");
        /* With notes in a PT_NOTE segment the sections are not looked at. */
        eh.e_phnum = 3;
        ck_assert_int_eq(parse(emit(), &info, &err), 0);
        ck_assert(!info.notes_from_sections);
    }
}
END_TEST

/* ---- elf_load into a fake guest memory ---- */
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
    tcase_add_test(tc, reject_notes);
    tcase_add_test(tc, notes_details);
    tcase_add_test(tc, notes_align8);
    tcase_add_test(tc, notes_from_sections);
    tcase_add_test(tc, load_segments);
    tcase_add_test(tc, fixture_elf64);
    tcase_add_test(tc, fixture_elf32);
    suite_add_tcase(s, tc);
    return s;
}

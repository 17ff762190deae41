/* The Xen notes of a guest image: where they are read from (PT_NOTE, else
 * SHT_NOTE sections), their alignment and sizes, each rejection with its
 * message, and what the PVH builder takes from them. */
#include "suites.h"
#include "fixtures/elf_image.h"

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

Suite *libelf_notes_suite(void)
{
    Suite *s = suite_create("libelf_notes");
    TCase *tc = tcase_create("core");

    tcase_add_test(tc, reject_notes);
    tcase_add_test(tc, notes_details);
    tcase_add_test(tc, notes_align8);
    tcase_add_test(tc, notes_from_sections);
    suite_add_tcase(s, tc);
    return s;
}

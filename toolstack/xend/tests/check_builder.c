/* The domain builder's pure parts: the kernel's ELF reader, the memory
 * HVM context records, the (vm ...) record. */
#include <check.h>
#include <elf.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "check_xend.h"
#include "pvh_context.h"
#include "pvh_elf.h"
#include "pvh_layout.h"
#include "xend_vm.h"

/* A 64-bit ELF as guests/common/guest.lds lays ours out: one PT_LOAD at
 * 1 MiB (file 0x100 bytes, memory 0x3000: bss), one PT_NOTE with a GUEST_OS
 * note and the PHYS32_ENTRY note. */
struct image {
    Elf64_Ehdr eh;
    Elf64_Phdr ph[2];
    uint8_t notes[64];
    uint8_t text[0x100];
};

static size_t note(uint8_t *p, uint32_t type, const void *desc, uint32_t len)
{
    Elf32_Nhdr n = { .n_namesz = 4, .n_descsz = len, .n_type = type };
    memcpy(p, &n, sizeof(n));
    memcpy(p + sizeof(n), "Xen", 4);
    memcpy(p + sizeof(n) + 4, desc, len);
    return sizeof(n) + 4 + ((len + 3) & ~3u);
}

static void make_image(struct image *im, uint32_t entry)
{
    size_t n;

    memset(im, 0, sizeof(*im));
    memcpy(im->eh.e_ident, ELFMAG, SELFMAG);
    im->eh.e_ident[EI_CLASS] = ELFCLASS64;
    im->eh.e_ident[EI_DATA] = ELFDATA2LSB;
    im->eh.e_machine = EM_X86_64;
    im->eh.e_phoff = offsetof(struct image, ph);
    im->eh.e_phentsize = sizeof(Elf64_Phdr);
    im->eh.e_phnum = 2;
    n = note(im->notes, 6 /* XEN_ELFNOTE_GUEST_OS */, "xenlab", 7);
    n += note(im->notes + n, 18 /* XEN_ELFNOTE_PHYS32_ENTRY */, &entry, 4);
    im->ph[0] = (Elf64_Phdr){ .p_type = PT_LOAD, .p_offset = offsetof(struct image, text),
                              .p_paddr = 0x100000, .p_filesz = 0x100, .p_memsz = 0x3000 };
    im->ph[1] = (Elf64_Phdr){ .p_type = PT_NOTE, .p_offset = offsetof(struct image, notes),
                              .p_filesz = n };
    memset(im->text, 0x90, sizeof(im->text));
}

START_TEST(test_elf_reads_pvh_kernel)
{
    struct image im;
    struct pvh_image out;
    char why[128];

    make_image(&im, 0x100040);
    ck_assert_int_eq(pvh_elf_parse(&im, sizeof(im), &out, why, sizeof(why)), 0);
    ck_assert_uint_eq(out.phys_entry, 0x100040);
    ck_assert_uint_eq(out.n_seg, 1);
    ck_assert_uint_eq(out.lo, 0x100000);
    ck_assert_uint_eq(out.hi, 0x103000);
    ck_assert_uint_eq(out.seg[0].offset, offsetof(struct image, text));
    ck_assert_uint_eq(out.seg[0].filesz, 0x100);
}
END_TEST

START_TEST(test_elf_refusals)
{
    struct image im;
    struct pvh_image out;
    char why[128];

    make_image(&im, 0x100040);
    ck_assert_int_eq(pvh_elf_parse("MZ\x90", 3, &out, why, sizeof(why)), -EINVAL);
    ck_assert_ptr_nonnull(strstr(why, "not an ELF"));
    /* Cut short: the segment runs past the end of the file. */
    ck_assert_int_eq(pvh_elf_parse(&im, sizeof(im) - 1, &out, why, sizeof(why)), -EINVAL);
    ck_assert_ptr_nonnull(strstr(why, "outside the file"));
    /* No PHYS32_ENTRY: not a PVH kernel. */
    make_image(&im, 0);
    im.ph[1].p_filesz = 12 + 4 + 8;   /* only the GUEST_OS note */
    ck_assert_int_eq(pvh_elf_parse(&im, sizeof(im), &out, why, sizeof(why)), -EINVAL);
    ck_assert_ptr_nonnull(strstr(why, "PHYS32_ENTRY"));
    make_image(&im, 0x100040);
    im.eh.e_machine = EM_AARCH64;
    ck_assert_int_eq(pvh_elf_parse(&im, sizeof(im), &out, why, sizeof(why)), -EINVAL);
    make_image(&im, 0x100040);
    im.ph[0].p_filesz = 0x4000;   /* more in the file than in memory */
    ck_assert_int_eq(pvh_elf_parse(&im, sizeof(im), &out, why, sizeof(why)), -EINVAL);
    make_image(&im, 0x100040);
    im.eh.e_phnum = 0xffff;
    ck_assert_int_eq(pvh_elf_parse(&im, sizeof(im), &out, why, sizeof(why)), -EINVAL);
}
END_TEST

/* A save image as XEN_DOMCTL_gethvmcontext gives it: HEADER, a CPU
 * record, MTRR records for two vCPUs, END. */
static size_t full_context(uint8_t *buf)
{
    size_t off = 0;
    struct hvm_save_descriptor d;
    HVM_SAVE_TYPE(HEADER) h = { .magic = HVM_FILE_MAGIC, .version = HVM_FILE_VERSION,
                                .cpuid = 0x830f10 };
    HVM_SAVE_TYPE(CPU) cpu = { .rip = 0xfff0 };
    HVM_SAVE_TYPE(MTRR) mtrr = { .msr_pat_cr = 0x0007040600070406ull,
                                 .msr_mtrr_cap = 0x508 };

#define REC(code, inst, obj) do { \
        d = (struct hvm_save_descriptor){ .typecode = HVM_SAVE_CODE(code), \
                                          .instance = (inst), .length = sizeof(obj) }; \
        memcpy(buf + off, &d, sizeof(d)); off += sizeof(d); \
        memcpy(buf + off, &(obj), sizeof(obj)); off += sizeof(obj); } while (0)
    REC(HEADER, 0, h);
    REC(CPU, 0, cpu);
    REC(MTRR, 0, mtrr);
    mtrr.msr_mtrr_cap = 0x509;
    REC(MTRR, 1, mtrr);
    d = (struct hvm_save_descriptor){ .typecode = HVM_SAVE_CODE(END) };
    memcpy(buf + off, &d, sizeof(d));
    off += sizeof(d);
#undef REC
    return off;
}

START_TEST(test_bsp_context)
{
    static uint8_t full[4096];
    size_t len = full_context(full);
    struct pvh_bsp_context c;

    ck_assert_int_eq(pvh_bsp_context(full, len, 0x100040, 0x107000, &c), 0);
    ck_assert_uint_eq(c.header_d.typecode, HVM_SAVE_CODE(HEADER));
    ck_assert_uint_eq(c.header.cpuid, 0x830f10);
    ck_assert_uint_eq(c.cpu_d.typecode, HVM_SAVE_CODE(CPU));
    ck_assert_uint_eq(c.cpu_d.instance, 0);
    ck_assert_uint_eq(c.cpu_d.length, sizeof(c.cpu));
    ck_assert_uint_eq(c.cpu.rip, 0x100040);
    ck_assert_uint_eq(c.cpu.rbx, 0x107000);
    ck_assert_uint_eq(c.cpu.cr0, 0x11);
    ck_assert_uint_eq(c.cpu.cs_arbytes, 0xc9b);
    ck_assert_uint_eq(c.cpu.ss_arbytes, 0xc93);
    ck_assert_uint_eq(c.cpu.cs_limit, 0xffffffffu);
    ck_assert_uint_eq(c.cpu.tr_arbytes, 0x8b);
    ck_assert_uint_eq(c.cpu.dr7, 0x400);
    ck_assert_uint_eq(c.end_d.typecode, HVM_SAVE_CODE(END));
    ck_assert_uint_eq(c.end_d.length, 0);
    /* No HEADER first: refused. */
    ck_assert_int_eq(pvh_bsp_context(full + 8, len - 8, 0, 0, &c), -EINVAL);
    ck_assert_int_eq(pvh_bsp_context(full, 10, 0, 0, &c), -EINVAL);
}
END_TEST

START_TEST(test_mtrr_context_and_records)
{
    static uint8_t full[4096];
    size_t len = full_context(full);
    struct pvh_mtrr_context m;

    ck_assert_int_eq(pvh_mtrr_context(full, len, 1, &m), 0);
    ck_assert_uint_eq(m.mtrr_d.typecode, HVM_SAVE_CODE(MTRR));
    ck_assert_uint_eq(m.mtrr_d.instance, 1);
    ck_assert_uint_eq(m.mtrr.msr_mtrr_cap, 0x509);
    ck_assert_uint_eq(m.mtrr.msr_pat_cr, 0x0007040600070406ull);
    ck_assert_uint_eq(m.mtrr.msr_mtrr_def_type, 6 | (1u << 11));
    ck_assert_int_eq(pvh_mtrr_context(full, len, 2, &m), -EINVAL);
    /* A record running past the end is not found. */
    ck_assert_ptr_null(pvh_save_record(full, len - 200, HVM_SAVE_CODE(MTRR), 1, 1));
    ck_assert_ptr_nonnull(pvh_save_record(full, len, HVM_SAVE_CODE(CPU), 0, 1));
    ck_assert_ptr_null(pvh_save_record(full, len, HVM_SAVE_CODE(CPU), 0, 1u << 20));
}
END_TEST

static int spec_of(const char *text, struct xend_vm_spec *s, char **why)
{
    static struct sxp doc;
    struct cfg_diags d = { 0 };

    sxp_free(&doc);
    ck_assert_int_eq(sxp_parse(text, strlen(text), "t", &doc, &d), 0);
    cfg_diags_free(&d);
    return xend_vm_spec_parse(&doc.items[0], s, why);
}

START_TEST(test_vm_spec)
{
    struct xend_vm_spec s;
    char *why;

    ck_assert_int_eq(spec_of("(vm (name xv) (memory 16) (vcpus 2) (image (linux "
                             "(kernel /k) (root /dev/xvda1) (ip dhcp) (args quiet))))",
                             &s, &why), 0);
    ck_assert_str_eq(s.name, "xv");
    ck_assert_uint_eq(s.memory_mib, 16);
    ck_assert_uint_eq(s.maxmem_mib, 16);
    ck_assert_uint_eq(s.vcpus, 2);
    ck_assert_str_eq(s.kernel, "/k");
    ck_assert_ptr_null(s.ramdisk);
    ck_assert_str_eq(s.cmdline, "root=/dev/xvda1 ip=dhcp quiet");
    xend_vm_spec_free(&s);
    ck_assert_int_eq(spec_of("(vm (name a) (image (linux (kernel /k))))", &s, &why), 0);
    ck_assert_uint_eq(s.memory_mib, 128);
    ck_assert_uint_eq(s.vcpus, 1);
    ck_assert_str_eq(s.cmdline, "");
    xend_vm_spec_free(&s);
    ck_assert_int_eq(spec_of("(vm (name a) (image (linux (kernel /k) (ramdisk /r))))", &s, &why), 0);
    ck_assert_str_eq(s.ramdisk, "/r");
    xend_vm_spec_free(&s);

    static const struct { const char *vm; int err; const char *why; } bad[] = {
        { "(vm (memory 16))", EINVAL, "no name" },
        { "(vm (name a) (memory 0) (image (linux (kernel /k))))", EINVAL, "memory" },
        { "(vm (name a) (vcpus 129) (image (linux (kernel /k))))", EINVAL, "vcpus" },
        { "(vm (name a) (image (linux (root /))))", EINVAL, "no kernel" },
        { "(vm (name a) (image (hvm (kernel hvmloader))))", EOPNOTSUPP, "HVM" },
        { "(vm (name a) (image (linux (kernel /k))) (device (vfb)))", EOPNOTSUPP, "vfb" },
        { "(vm (name a) (image (linux (kernel /k))) (device (vbd (uname file:/i) (dev xvdzz))))",
          EINVAL, "xvdzz" },
        { "(vm (name a) (memory 16) (maxmem 32) (image (linux (kernel /k))))", EOPNOTSUPP, "maxmem" },
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        ck_assert_int_eq(spec_of(bad[i].vm, &s, &why), -bad[i].err);
        ck_assert_ptr_nonnull(strstr(why, bad[i].why));
        free(why);
        xend_vm_spec_free(&s);
    }
    spec_of("(x)", &s, &why);   /* frees the last document */
    free(why);
}
END_TEST

START_TEST(test_vm_cmdline)
{
    char *c = xend_vm_cmdline("/dev/xvda1", "10.0.0.2", "root=/dev/sda1 ro");
    ck_assert_str_eq(c, "ip=10.0.0.2 root=/dev/sda1 ro");   /* args' root= wins */
    free(c);
    c = xend_vm_cmdline("/dev/nfs", NULL, "nfsroot=1.2.3.4:/x");  /* a whole word only */
    ck_assert_str_eq(c, "root=/dev/nfs nfsroot=1.2.3.4:/x");
    free(c);
    c = xend_vm_cmdline(NULL, NULL, NULL);
    ck_assert_str_eq(c, "");
    free(c);
}
END_TEST

/* The shutdown actions: the record's, or xm 4.1's defaults. */
START_TEST(test_shutdown_actions)
{
    static const char given[] = "(vm (name a) (on_poweroff preserve) (on_reboot destroy) "
                                "(on_crash rename-restart))";
    static const char none[] = "(vm (name b))";
    struct sxp doc = { 0 };
    struct cfg_diags d = { 0 };

    ck_assert_int_eq(sxp_parse(given, strlen(given), "t", &doc, &d), 0);
    ck_assert_int_eq(xend_vm_action(&doc.items[0], 0), XEND_ACT_PRESERVE);      /* poweroff */
    ck_assert_int_eq(xend_vm_action(&doc.items[0], 1), XEND_ACT_DESTROY);       /* reboot */
    ck_assert_int_eq(xend_vm_action(&doc.items[0], 3), XEND_ACT_RENAME_RESTART); /* crash */
    ck_assert_int_eq(xend_vm_action(&doc.items[0], 4), XEND_ACT_RENAME_RESTART); /* watchdog */
    ck_assert_int_eq(xend_vm_action(&doc.items[0], 2), XEND_ACT_NONE);          /* suspend */
    ck_assert_int_eq(xend_vm_action(&doc.items[0], 5), XEND_ACT_NONE);
    sxp_free(&doc);
    ck_assert_int_eq(sxp_parse(none, strlen(none), "t", &doc, &d), 0);
    ck_assert_int_eq(xend_vm_action(&doc.items[0], 0), XEND_ACT_DESTROY);
    ck_assert_int_eq(xend_vm_action(&doc.items[0], 1), XEND_ACT_RESTART);
    ck_assert_int_eq(xend_vm_action(&doc.items[0], 3), XEND_ACT_RESTART);
    ck_assert_str_eq(xend_action_name(XEND_ACT_RENAME_RESTART), "rename-restart");
    sxp_free(&doc);
    cfg_diags_free(&d);
}
END_TEST

TCase *builder_tcase(void)
{
    TCase *t = tcase_create("builder");
    tcase_add_test(t, test_elf_reads_pvh_kernel);
    tcase_add_test(t, test_elf_refusals);
    tcase_add_test(t, test_bsp_context);
    tcase_add_test(t, test_mtrr_context_and_records);
    tcase_add_test(t, test_vm_spec);
    tcase_add_test(t, test_vm_cmdline);
    tcase_add_test(t, test_shutdown_actions);
    return t;
}

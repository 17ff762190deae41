/* The kernel file unpacked (ELF, bzImage with an XZ payload), and the
 * memory plan with its ramdisk module, ACPI tables and start info. */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <lzma.h>

#include "check_xend.h"
#include "pvh_elf.h"
#include "pvh_kernel.h"
#include "pvh_layout.h"

/* A bzImage as Linux's build makes one (Documentation/x86/boot.rst): one
 * setup sector after the boot sector, the header at 0x1f1.., protocol
 * 2.15, the payload at the start of the protected-mode code, then the
 * vmlinux length (le32). trailer_delta skews that length. */
static uint8_t *make_bzimage(const void *vmlinux, size_t len, int trailer_delta, size_t *out_len)
{
    size_t cap = 2048 + len * 2 + 1024, xz_len = 0;
    uint8_t *b = calloc(1, cap);
    uint32_t v32;
    uint16_t v16;

    ck_assert_ptr_nonnull(b);
    ck_assert_int_eq(lzma_easy_buffer_encode(6, LZMA_CHECK_CRC32, NULL, vmlinux, len,
                                             b + 1024, &xz_len, cap - 1024 - 4), LZMA_OK);
    b[0x1f1] = 1;                               /* setup_sects */
    v16 = 0xaa55;
    memcpy(b + 0x1fe, &v16, 2);
    memcpy(b + 0x202, "HdrS", 4);
    v16 = 0x020f;
    memcpy(b + 0x206, &v16, 2);
    v32 = 0;                                    /* payload_offset */
    memcpy(b + 0x248, &v32, 4);
    v32 = (uint32_t)xz_len + 4;                 /* payload_length */
    memcpy(b + 0x24c, &v32, 4);
    v32 = (uint32_t)((int)len + trailer_delta);
    memcpy(b + 1024 + xz_len, &v32, 4);
    *out_len = 1024 + xz_len + 4;
    return b;
}

START_TEST(test_kernel_elf_as_is)
{
    static const uint8_t elf[] = "\177ELF\2\1\1rest";
    struct pvh_kernel k;
    char why[128] = "";

    ck_assert_int_eq(pvh_kernel_unpack(elf, sizeof(elf), 1 << 20, &k, why, sizeof(why)), 0);
    ck_assert_ptr_eq(k.elf, elf);
    ck_assert_uint_eq(k.len, sizeof(elf));
    ck_assert_ptr_null(k.owned);
    pvh_kernel_free(&k);
}
END_TEST

START_TEST(test_kernel_bzimage_xz)
{
    uint8_t vmlinux[5000];
    struct pvh_kernel k;
    char why[128] = "";
    size_t len;
    uint8_t *bz;

    for (size_t i = 0; i < sizeof(vmlinux); i++)
        vmlinux[i] = (uint8_t)(i * 7 + (i >> 5));
    memcpy(vmlinux, "\177ELF", 4);
    bz = make_bzimage(vmlinux, sizeof(vmlinux), 0, &len);
    ck_assert_int_eq(pvh_kernel_unpack(bz, len, 1 << 20, &k, why, sizeof(why)), 0);
    ck_assert_uint_eq(k.len, sizeof(vmlinux));
    ck_assert_mem_eq(k.elf, vmlinux, sizeof(vmlinux));
    ck_assert_ptr_nonnull(strstr(k.what, "bzImage 2.0f, xz "));
    pvh_kernel_free(&k);

    /* Over the caller's limit. */
    ck_assert_int_eq(pvh_kernel_unpack(bz, len, 4096, &k, why, sizeof(why)), -E2BIG);
    /* Corrupt stream. */
    bz[1024 + 40] ^= 0x55;
    ck_assert_int_eq(pvh_kernel_unpack(bz, len, 1 << 20, &k, why, sizeof(why)), -EINVAL);
    ck_assert_ptr_nonnull(strstr(why, "xz payload"));
    ck_assert_ptr_null(k.owned);
    /* Another compressor: gzip's magic. */
    bz[1024] = 0x1f, bz[1025] = 0x8b;
    ck_assert_int_eq(pvh_kernel_unpack(bz, len, 1 << 20, &k, why, sizeof(why)), -EINVAL);
    ck_assert_ptr_nonnull(strstr(why, "gzip"));
    /* A truncated file: the payload lies outside it. */
    ck_assert_int_eq(pvh_kernel_unpack(bz, 1100, 1 << 20, &k, why, sizeof(why)), -EINVAL);
    free(bz);

    /* A size trailer that does not match the stream, either way. */
    bz = make_bzimage(vmlinux, sizeof(vmlinux), 1, &len);
    ck_assert_int_eq(pvh_kernel_unpack(bz, len, 1 << 20, &k, why, sizeof(why)), -EINVAL);
    free(bz);
    bz = make_bzimage(vmlinux, sizeof(vmlinux), -1, &len);
    ck_assert_int_eq(pvh_kernel_unpack(bz, len, 1 << 20, &k, why, sizeof(why)), -EINVAL);
    free(bz);

    ck_assert_int_eq(pvh_kernel_unpack("MZ\x90\0", 4, 1 << 20, &k, why, sizeof(why)), -EINVAL);
    ck_assert_ptr_nonnull(strstr(why, "not an ELF image"));
}
END_TEST

/* Debian's standard kernel as the fixtures hold it: its PVH entry note
 * is found in the ELF its XZ payload holds. */
START_TEST(test_kernel_debian)
{
    const char *path = LINUX_FIXTURE_DIR "/vmlinuz";
    struct pvh_kernel k;
    struct pvh_image img;
    char why[160] = "";
    uint8_t *buf;
    long n;
    FILE *f;

    if (access(path, R_OK)) {
        printf("xend test_kernel_debian: SKIP, no %s (make -C fixtures builds it)\n", path);
        return;
    }
    f = fopen(path, "rb");
    ck_assert_ptr_nonnull(f);
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    rewind(f);
    buf = malloc((size_t)n);
    ck_assert_uint_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    ck_assert_int_eq(pvh_kernel_unpack(buf, (size_t)n, 256u << 20, &k, why, sizeof(why)), 0);
    ck_assert_ptr_nonnull(strstr(k.what, "bzImage 2."));
    ck_assert_int_eq(pvh_elf_parse(k.elf, k.len, &img, why, sizeof(why)), 0);
    ck_assert_uint_ne(img.phys_entry, 0);
    ck_assert_uint_ge(img.lo, 1 << 20);
    pvh_kernel_free(&k);
    free(buf);
}
END_TEST

START_TEST(test_plan_ramdisk_acpi_start_info)
{
    const char *cmd = "console=hvc0";
    struct pvh_plan p;
    const char *err = NULL;
    uint8_t buf[8192];
    struct hvm_start_info si;
    struct hvm_modlist_entry mod;
    struct hvm_memmap_table_entry mm[4];
    uint64_t base;

    /* 256 MiB, 2 vCPUs, a kernel at [16 MiB, 16 MiB + 0x123456), a
     * 5000-byte ramdisk. */
    ck_assert_int_eq(pvh_plan_make(256 << 20, 2, 0x1000000, 0x1123456, cmd, 5000, &p, &err), 0);
    ck_assert_uint_eq(p.out.module_gpa[0], 0x1124000);      /* page after the kernel */
    ck_assert_uint_eq(p.out.start_info_gpa, 0x1124000 + 0x2000);
    ck_assert_uint_le(pvh_start_info_size(&p), sizeof(buf));
    ck_assert_int_eq(pvh_start_info_build(&p, buf, sizeof(buf)), 0);
    base = p.out.start_info_gpa;
    memcpy(&si, buf, sizeof(si));
    ck_assert_uint_eq(si.magic, XEN_HVM_START_MAGIC_VALUE);
    ck_assert_uint_eq(si.version, 1);
    ck_assert_str_eq((char *)buf + (si.cmdline_paddr - base), cmd);
    /* The ramdisk is module 0, without a command line. */
    ck_assert_uint_eq(si.nr_modules, 1);
    memcpy(&mod, buf + (si.modlist_paddr - base), sizeof(mod));
    ck_assert_uint_eq(mod.paddr, 0x1124000);
    ck_assert_uint_eq(mod.size, 5000);
    ck_assert_uint_eq(mod.cmdline_paddr, 0);
    /* The RSDP at the tables, which are in the memory map as ACPI. */
    ck_assert_uint_ge(si.rsdp_paddr, PVH_ACPI_GPA);
    ck_assert_uint_lt(si.rsdp_paddr, PVH_ACPI_GPA + p.acpi_len);
    ck_assert_mem_eq(p.acpi + (si.rsdp_paddr - PVH_ACPI_GPA), "RSD PTR ", 8);
    ck_assert_uint_eq(si.memmap_entries, 3);
    memcpy(mm, buf + (si.memmap_paddr - base), 3 * sizeof(mm[0]));
    ck_assert_uint_eq(mm[0].addr, 0);
    ck_assert_uint_eq(mm[0].size, 256 << 20);
    ck_assert_uint_eq(mm[0].type, XEN_HVM_MEMMAP_TYPE_RAM);
    ck_assert_uint_eq(mm[1].type, XEN_HVM_MEMMAP_TYPE_RESERVED);
    ck_assert_uint_eq(mm[1].addr, 0xfeff8000);
    ck_assert_uint_eq(mm[2].type, XEN_HVM_MEMMAP_TYPE_ACPI);
    ck_assert_uint_eq(mm[2].addr, PVH_ACPI_GPA);
    ck_assert_uint_eq(mm[2].size, 0x1000);
    ck_assert_int_eq(pvh_start_info_build(&p, buf, 16), -ENOSPC);
    pvh_plan_free(&p);
}
END_TEST

/* The MADT has one enabled local APIC per vCPU, APIC ID 2 * vCPU. */
START_TEST(test_plan_madt_per_vcpu)
{
    struct pvh_plan p;
    const char *err = NULL;

    for (unsigned v = 1; v <= 4; v++) {
        unsigned found = 0;
        ck_assert_int_eq(pvh_plan_make(64 << 20, v, 0x100000, 0x200000, "", 0, &p, &err), 0);
        ck_assert_uint_eq(p.in.nr_modules, 0);
        for (size_t off = 0; off + 44 <= p.acpi_len; off += 16) {
            uint32_t len;
            if (memcmp(p.acpi + off, "APIC", 4))
                continue;
            memcpy(&len, p.acpi + off + 4, 4);
            for (size_t e = off + 44; e + 8 <= off + len; e += p.acpi[e + 1]) {
                ck_assert_uint_eq(p.acpi[e], 0);             /* processor local APIC */
                ck_assert_uint_eq(p.acpi[e + 3], 2 * found);
                found++;
            }
        }
        ck_assert_uint_eq(found, v);
        pvh_plan_free(&p);
    }
}
END_TEST

START_TEST(test_plan_refusals)
{
    struct pvh_plan p;
    const char *err = NULL;

    /* High RAM past the MMIO hole. */
    ck_assert_int_eq(pvh_plan_make(4096ull << 20, 1, 0x100000, 0x200000, "", 0, &p, &err), 0);
    ck_assert_uint_eq(p.out.highmem_end, (1ull << 32) + (4096ull << 20) - PVH_MMIO_HOLE_START);
    pvh_plan_free(&p);
    /* A ramdisk that does not fit after the kernel. */
    ck_assert_int_eq(pvh_plan_make(4 << 20, 1, 0x100000, 0x200000, "", 3 << 20, &p, &err),
                     -EINVAL);
    ck_assert_ptr_nonnull(strstr(err, "initramfs"));
    ck_assert_ptr_null(p.acpi);
    /* A kernel past the RAM; no vCPUs; a size that is no number of pages. */
    ck_assert_int_eq(pvh_plan_make(1 << 20, 1, 0x100000, 0x200000, "", 0, &p, &err), -EINVAL);
    ck_assert_int_eq(pvh_plan_make(16 << 20, 0, 0x100000, 0x200000, "", 0, &p, &err), -EINVAL);
    ck_assert_int_eq(pvh_plan_make(4097, 1, 0x100000, 0x200000, "", 0, &p, &err), -EINVAL);
}
END_TEST

TCase *image_tcase(void)
{
    TCase *t = tcase_create("image");
    /* Debian's 65 MiB vmlinux unpacked under ASan on a busy machine. */
    tcase_set_timeout(t, 120);
    tcase_add_test(t, test_kernel_elf_as_is);
    tcase_add_test(t, test_kernel_bzimage_xz);
    tcase_add_test(t, test_kernel_debian);
    tcase_add_test(t, test_plan_ramdisk_acpi_start_info);
    tcase_add_test(t, test_plan_madt_per_vcpu);
    tcase_add_test(t, test_plan_refusals);
    return t;
}

/* libFuzzer target: elf_parse() on arbitrary bytes, then elf_load() of what
 * it accepts into a bounded fake guest memory, and the PVH layout of the
 * result. The image is an exactly sized heap buffer, so ASan reports any read
 * outside it; the fake memory refuses writes outside its window. An odd first
 * byte XORs the rest over a valid ELF64 PVH image instead, so short runs get
 * past the header checks into segments and notes. */
#include <stdlib.h>
#include <string.h>
#include <xen/libelf.h>
#include <xen/elfstructs.h>
#include <xen/pvh_layout.h>
#include <public/elfnote.h>

#define FAKE_BASE 0x100000ULL           /* guest memory window [1 MiB, 1 MiB + 64 KiB) */
#define FAKE_SIZE 0x10000ULL

static uint8_t fake_mem[FAKE_SIZE];

static int fake_write(void *ctx, uint64_t gpa, const void *src, size_t len)
{
    (void)ctx;
    if (gpa < FAKE_BASE || gpa - FAKE_BASE > FAKE_SIZE || len > FAKE_SIZE - (gpa - FAKE_BASE))
        return -1;                      /* outside guest RAM: the builder refuses it */
    if (src)
        memcpy(fake_mem + (gpa - FAKE_BASE), src, len);
    else
        memset(fake_mem + (gpa - FAKE_BASE), 0, len);
    return 0;
}

/* ELF64: text at 0x200 -> 1 MiB, data+bss at 0x240 -> 1 MiB + 4 KiB, notes
 * (GUEST_OS, PHYS32_ENTRY) at 0x260 in a PT_NOTE. */
static uint8_t tmpl[0x300];

static void note(size_t at, uint32_t type, const void *desc, uint32_t descsz)
{
    uint32_t hdr[3] = { 4, descsz, type };

    memcpy(tmpl + at, hdr, 12);
    memcpy(tmpl + at + 12, "Xen", 4);
    memcpy(tmpl + at + 16, desc, descsz);
}

static void make_template(void)
{
    Elf64_Ehdr eh = { .e_type = ET_EXEC, .e_machine = EM_X86_64, .e_version = EV_CURRENT,
                      .e_entry = FAKE_BASE, .e_phoff = sizeof(Elf64_Ehdr),
                      .e_ehsize = sizeof(Elf64_Ehdr), .e_phentsize = sizeof(Elf64_Phdr),
                      .e_phnum = 3 };
    Elf64_Phdr ph[3] = {
        { PT_LOAD, PF_R | PF_X, 0x200, FAKE_BASE, FAKE_BASE, 0x40, 0x40, 0x1000 },
        { PT_LOAD, PF_R | PF_W, 0x240, FAKE_BASE + 0x1000, FAKE_BASE + 0x1000, 0x20, 0x3000, 0x1000 },
        { PT_NOTE, PF_R, 0x260, 0, 0, 0x2c, 0x2c, 4 },
    };
    uint32_t entry = FAKE_BASE + 0x10;

    memcpy(eh.e_ident, ELFMAG, SELFMAG);
    eh.e_ident[EI_CLASS] = ELFCLASS64;
    eh.e_ident[EI_DATA] = ELFDATA2LSB;
    eh.e_ident[EI_VERSION] = EV_CURRENT;
    memcpy(tmpl, &eh, sizeof(eh));
    memcpy(tmpl + sizeof(eh), ph, sizeof(ph));
    memset(tmpl + 0x200, 0x90, 0x60);
    note(0x260, XEN_ELFNOTE_GUEST_OS, "fuzz\0\0\0", 8);
    note(0x278, XEN_ELFNOTE_PHYS32_ENTRY, &entry, 4);
}

static void run(const uint8_t *data, size_t len)
{
    static struct elf_binary_info info;
    struct pvh_layout_out out;
    struct pvh_module initrd = { 0x1000, "initrd" };
    struct pvh_layout_in in;
    const char *err;
    uint32_t entry;

    if (elf_parse(data, len, &info, &err)) {
        if (!err || !*err)
            __builtin_trap();           /* every refusal says why */
        return;
    }
    if (info.nr_segments == 0 || info.nr_segments > ELF_MAX_SEGMENTS || info.pstart >= info.pend)
        __builtin_trap();
    elf_load(data, &info, fake_write, NULL);
    elf_pvh_entry(&info, &entry, &err);

    in = (struct pvh_layout_in){ .ram_bytes = 0x4000000, .kernel_start = info.pstart,
                                 .kernel_end = info.pend, .cmdline = info.guest_os,
                                 .nr_modules = 1, .modules = &initrd };
    pvh_layout(&in, &out, &err);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
    uint8_t *image;
    size_t n;

    if (!tmpl[0])
        make_template();
    if (len == 0 || !(data[0] & 1)) {
        image = malloc(len ? len : 1);
        memcpy(image, data, len);
        run(image, len);
    } else {
        /* Bit 1 set: the image is as long as the rest of the input (which
         * may cut the template); else at least the whole template. */
        n = data[0] & 2 ? len - 1 : MAX(len - 1, sizeof(tmpl));
        image = malloc(n ? n : 1);
        for (size_t i = 0; i < n; i++)
            image[i] = (i < sizeof(tmpl) ? tmpl[i] : 0) ^ (i + 1 < len ? data[i + 1] : 0);
        run(image, n);
    }
    free(image);
    return 0;
}

/* The builder's readers of untrusted bytes: the kernel file (a user's:
 * ELF, or bzImage whose XZ payload liblzma decodes or whose legacy LZ4
 * payload liblz4 decodes block by block) and, on the same
 * bytes, the HVM save image walk. Whatever is accepted must hold
 * together: segments inside the ELF, the plan (ramdisk, ACPI tables) and
 * start info built from it within their buffers. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pvh_context.h"
#include "pvh_elf.h"
#include "pvh_kernel.h"
#include "pvh_layout.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct pvh_kernel k;
    struct pvh_image img;
    struct pvh_plan p;
    struct pvh_bsp_context bsp;
    struct pvh_mtrr_context mtrr;
    static uint8_t page[8192];
    const char *err;
    char why[160] = "";

    if (pvh_kernel_unpack(data, size, 1u << 20, &k, why, sizeof(why)) == 0) {
        if (!k.elf || k.len > (k.owned ? 1u << 20 : size))
            abort();
        if (pvh_elf_parse(k.elf, k.len, &img, why, sizeof(why)) == 0) {
            if (!img.n_seg || img.n_seg > PVH_MAX_SEGMENTS || img.lo > img.hi)
                abort();
            for (unsigned i = 0; i < img.n_seg; i++) {
                const struct pvh_segment *s = &img.seg[i];
                if (s->offset > k.len || s->filesz > k.len - s->offset ||
                    s->filesz > s->memsz || s->paddr < img.lo || s->paddr + s->memsz > img.hi)
                    abort();
            }
            if (pvh_plan_make(64ull << 20, 1 + (size & 3), img.lo, img.hi, "console=hvc0",
                              size, &p, &err) == 0) {
                if (p.out.start_info_gpa < img.hi || p.out.module_gpa[0] < img.hi ||
                    pvh_start_info_size(&p) > sizeof(page) ||
                    pvh_start_info_build(&p, page, sizeof(page)) != 0)
                    abort();
                pvh_plan_free(&p);
            }
        } else if (!why[0]) {
            abort();   /* every refusal says why */
        }
        pvh_kernel_free(&k);
    } else if (!why[0]) {
        abort();
    }
    if (pvh_bsp_context(data, size, 0x100000, 0x200000, &bsp) == 0 &&
        bsp.cpu.rip != 0x100000)
        abort();
    (void)pvh_mtrr_context(data, size, 0, &mtrr);
    return 0;
}

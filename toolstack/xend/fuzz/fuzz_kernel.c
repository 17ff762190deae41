/* The builder's readers of untrusted bytes: the kernel image (a user's
 * file) and, on the same bytes, the HVM save image walk. Whatever is
 * accepted must hold together: segments inside the file, the plan and
 * start info built from it within their buffers. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pvh_context.h"
#include "pvh_elf.h"
#include "pvh_layout.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct pvh_image img;
    struct pvh_layout l;
    struct pvh_bsp_context bsp;
    struct pvh_mtrr_context mtrr;
    static uint8_t page[8192];
    char why[160];

    if (pvh_elf_parse(data, size, &img, why, sizeof(why)) == 0) {
        if (!img.n_seg || img.n_seg > PVH_MAX_SEGMENTS || img.lo > img.hi)
            abort();
        for (unsigned i = 0; i < img.n_seg; i++) {
            const struct pvh_segment *s = &img.seg[i];
            if (s->offset > size || s->filesz > size - s->offset || s->filesz > s->memsz ||
                s->paddr < img.lo || s->paddr + s->memsz > img.hi)
                abort();
        }
        if (pvh_layout_plan(64ull << 20, img.lo, img.hi, 100, &l) == 0 &&
            (l.start_info_size > sizeof(page) ||
             pvh_start_info_build(&l, why, page, sizeof(page)) != 0))
            abort();
    } else if (!why[0]) {
        abort();   /* every refusal says why */
    }
    if (pvh_bsp_context(data, size, 0x100000, 0x200000, &bsp) == 0 &&
        bsp.cpu.rip != 0x100000)
        abort();
    (void)pvh_mtrr_context(data, size, 0, &mtrr);
    return 0;
}

/* Boot allocator (see xen/bootmem.h). Ranges are kept sorted and disjoint. */
#include <xen/bootmem.h>
#include <xen/string.h>

static void remove_at(struct bootmem *bm, unsigned int i)
{
    memmove(&bm->range[i], &bm->range[i + 1],
            (bm->nr - i - 1) * sizeof(bm->range[0]));
    bm->nr--;
}

static bool insert_at(struct bootmem *bm, unsigned int i, paddr_t s, paddr_t e)
{
    if (bm->nr == BOOTMEM_MAX_RANGES) {
        bm->overflow = true;
        return false;
    }
    memmove(&bm->range[i + 1], &bm->range[i],
            (bm->nr - i) * sizeof(bm->range[0]));
    bm->range[i].start = s;
    bm->range[i].end = e;
    bm->nr++;
    return true;
}

void bootmem_add(struct bootmem *bm, paddr_t start, paddr_t end)
{
    unsigned int i = 0;

    start = ROUNDUP(start, PAGE_SIZE);
    end = ROUNDDOWN(end, PAGE_SIZE);
    if (start >= end)
        return;
    /* Overlapping map entries happen on real firmware: reserve, then add. */
    bootmem_reserve(bm, start, end);
    while (i < bm->nr && bm->range[i].start < start)
        i++;
    if (!insert_at(bm, i, start, end))
        return;
    /* Merge with neighbours that touch. */
    if (i + 1 < bm->nr && bm->range[i].end == bm->range[i + 1].start) {
        bm->range[i].end = bm->range[i + 1].end;
        remove_at(bm, i + 1);
    }
    if (i > 0 && bm->range[i - 1].end == bm->range[i].start) {
        bm->range[i - 1].end = bm->range[i].end;
        remove_at(bm, i);
    }
}

void bootmem_reserve(struct bootmem *bm, paddr_t start, paddr_t end)
{
    start = ROUNDDOWN(start, PAGE_SIZE);
    end = ROUNDUP(end, PAGE_SIZE);
    for (unsigned int i = 0; i < bm->nr; i++) {
        paddr_t s = bm->range[i].start, e = bm->range[i].end;

        if (end <= s || start >= e)
            continue;
        if (start > s && end < e) {             /* split in two */
            bm->range[i].end = start;
            insert_at(bm, i + 1, end, e);
            return;
        }
        if (start <= s && end >= e) {           /* swallowed whole */
            remove_at(bm, i--);
            continue;
        }
        if (start <= s)
            bm->range[i].start = end;
        else
            bm->range[i].end = start;
    }
}

paddr_t bootmem_alloc(struct bootmem *bm, unsigned long nr_pages,
                      unsigned long align_pages, paddr_t limit)
{
    paddr_t size = (paddr_t)nr_pages << PAGE_SHIFT;
    paddr_t align = (paddr_t)(align_pages ? align_pages : 1) << PAGE_SHIFT;

    if (!nr_pages)
        return 0;
    for (unsigned int i = bm->nr; i-- > 0;) {
        paddr_t e = MIN(bm->range[i].end, limit), s;

        if (e < bm->range[i].start + size)
            continue;
        s = ROUNDDOWN(e - size, align);
        if (s < bm->range[i].start || s == 0)
            continue;
        bootmem_reserve(bm, s, s + size);
        return s;
    }
    return 0;
}

uint64_t bootmem_free_bytes(const struct bootmem *bm)
{
    uint64_t total = 0;

    for (unsigned int i = 0; i < bm->nr; i++)
        total += bm->range[i].end - bm->range[i].start;
    return total;
}

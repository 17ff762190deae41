/* Symbol lookup for stack traces. The table (.xensyms) is generated
 * from the previous link's `nm -n` output by tools/gensyms.sh, so the
 * image carries its own symbols: see the Makefile's two-pass link. */
#include <xen/symbols.h>
#include <xen/vsprintf.h>

extern const uint64_t symbols_addresses[];
extern const uint32_t symbols_name_offsets[];
extern const char symbols_names[];
extern const uint32_t symbols_num;
extern const char _stext[], _etext[];

void symbols_describe(uint64_t addr, char *buf, size_t size)
{
    uint32_t lo = 0, hi = symbols_num;

    if (addr < (uintptr_t)_stext || addr >= (uintptr_t)_etext || !hi) {
        snprintf(buf, size, "0x%llx", (unsigned long long)addr);
        return;
    }
    /* Last symbol whose address is <= addr. */
    while (hi - lo > 1) {
        uint32_t mid = (lo + hi) / 2;

        if (symbols_addresses[mid] <= addr)
            lo = mid;
        else
            hi = mid;
    }
    uint64_t start = symbols_addresses[lo];
    uint64_t end = lo + 1 < symbols_num ? symbols_addresses[lo + 1]
                                        : (uint64_t)(uintptr_t)_etext;

    if (addr < start) {
        snprintf(buf, size, "0x%llx", (unsigned long long)addr);
        return;
    }
    snprintf(buf, size, "%s+0x%llx/0x%llx", symbols_names + symbols_name_offsets[lo],
             (unsigned long long)(addr - start), (unsigned long long)(end - start));
}

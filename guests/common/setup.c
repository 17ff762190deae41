/* From the PVH entry (head.S) to test_main(); the result line is result.c's. */
#include "test.h"

const struct hvm_start_info *start_info;
const char *test_cmdline = "";

uint64_t ram_end(void)
{
    const struct hvm_memmap_table_entry *e;
    uint64_t end = 0;

    if ( start_info->version < 1 || !start_info->memmap_paddr )
        return 0;
    e = (const void *)(uintptr_t)start_info->memmap_paddr;
    for ( unsigned int i = 0; i < start_info->memmap_entries; i++ )
        if ( e[i].type == XEN_HVM_MEMMAP_TYPE_RAM && e[i].addr + e[i].size > end )
            end = e[i].addr + e[i].size;
    return end;
}

bool in_memmap(uint64_t addr)
{
    const struct hvm_memmap_table_entry *e;

    if ( start_info->version < 1 || !start_info->memmap_paddr )
        return false;
    e = (const void *)(uintptr_t)start_info->memmap_paddr;
    for ( unsigned int i = 0; i < start_info->memmap_entries; i++ )
        if ( addr >= e[i].addr && addr - e[i].addr < e[i].size )
            return true;
    return false;
}

uint32_t tsc_khz(void)
{
    return xen_cpuid_base ? cpuid_count(xen_cpuid_base + 3, 0).c : 0;
}

/* Called by head.S in 64-bit mode with the identity map on. */
void __noreturn guest_start(uint32_t start_info_pa);
void __noreturn guest_start(uint32_t start_info_pa)
{
    bool hc;

    start_info = (const void *)(uintptr_t)start_info_pa;
    trap_init();
    hc = hypercall_init();
    console_init();

    printk("--- xenlab test guest: %s ---\n", test_title);
    if ( start_info->magic != XEN_HVM_START_MAGIC_VALUE )
        test_abort("hvm_start_info magic %#x, not %#x", start_info->magic,
                   XEN_HVM_START_MAGIC_VALUE);
    if ( start_info->cmdline_paddr )
        test_cmdline = (const char *)(uintptr_t)start_info->cmdline_paddr;
    printk("start_info v%u at %#x, cmdline \"%s\", RAM ends at %#lx\n",
           start_info->version, start_info_pa, test_cmdline, ram_end());
    printk("hypercalls: %s (Xen leaves at %#x), console: %s\n",
           hypercall_path_name(hypercall_default_path), xen_cpuid_base,
           console_path == CONSOLE_HYPERCALL ? "console_io" : "port 0xe9");
    if ( !hc )
        printk("no hypercall page installed\n");

    test_main();
    test_finish();
}

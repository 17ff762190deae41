/* Exceptions the guest raises are delivered to the guest's own IDT: a #GP
 * (a non-canonical address) and page faults (not present, and a write to a
 * read-only page) are handled inside the guest and it goes on. With nested
 * paging the hypervisor intercepts none of them. */
#include "test.h"

const char test_title[] = "#GP, #PF, #UD and #BP handled inside the guest";

static exinfo_t read_at(uint64_t addr, uint64_t *val)
{
    exinfo_t ex = 0;
    uint64_t v = 0;

    asm volatile ( "1: mov (%[a]), %[v]; 2:\n" _ASM_EXTABLE(1b, 2b)
                   : [v] "+r" (v), "+D" (ex) : [a] "r" (addr) : "memory" );
    *val = v;
    return ex;
}

static exinfo_t write_at(uint64_t addr, uint64_t val)
{
    exinfo_t ex = 0;

    asm volatile ( "1: mov %[v], (%[a]); 2:\n" _ASM_EXTABLE(1b, 2b)
                   : "+D" (ex) : [a] "r" (addr), [v] "r" (val) : "memory" );
    return ex;
}

static void expect(const char *what, exinfo_t ex, unsigned int vec, uint32_t ec)
{
    printk("%s: %s error code %#x\n", what,
           ex ? exception_name(EXINFO_VEC(ex)) : "no fault", ex ? EXINFO_EC(ex) : 0);
    if ( !ex || EXINFO_VEC(ex) != vec || EXINFO_EC(ex) != ec )
        test_fail("%s: got %s[%#x], want %s[%#x]", what,
                  ex ? exception_name(EXINFO_VEC(ex)) : "nothing",
                  ex ? EXINFO_EC(ex) : 0, exception_name(vec), ec);
}

static volatile unsigned int bp_hits;
static bool bp_hook(struct cpu_regs *regs)
{
    (void)regs;                     /* #BP is a trap: rip is already past int3 */
    bp_hits++;
    return true;
}

void test_main(void)
{
    /* A 2 MiB page of RAM away from the image, stack and start info (all
     * in the first 2 MiB). */
    const uint64_t page = MB(4);
    volatile uint64_t *target = (volatile uint64_t *)(uintptr_t)page;
    uint64_t v;
    exinfo_t ex;

    if ( ram_end() < MB(8) )
        return test_skip("needs 8 MiB of RAM, has %#lx", ram_end());

    /* #GP: a non-canonical address (APM vol. 2, 5.3.1), error code 0. */
    expect("read at non-canonical 0x8000000000000000",
           read_at(0x8000000000000000UL, &v), X86_EXC_GP, 0);

    /* #PF, not present: nothing maps 16 GiB (PML4[0] -> PDPT[16] is 0). */
    ex = read_at(GB(16), &v);
    expect("read at unmapped 16 GiB", ex, X86_EXC_PF, 0);
    if ( ex && last_fault_cr2 != GB(16) )
        test_fail("#PF CR2 %#lx, want %#lx", last_fault_cr2, GB(16));

    /* #PF, protection: a 2 MiB page made read-only (CR0.WP is set, so the
     * supervisor is refused too: APM vol. 2, 5.6.4). */
    target[0] = 1;
    pt_map_2m(page, page, PTE_PRESENT);
    ex = write_at((uintptr_t)target, 2);
    pt_map_2m(page, page, PTE_PRESENT | PTE_RW);
    expect("write to a read-only page", ex, X86_EXC_PF, PFEC_PRESENT | PFEC_WRITE);
    if ( ex && last_fault_cr2 != (uintptr_t)target )
        test_fail("#PF CR2 %#lx, want %#lx", last_fault_cr2, page);
    if ( target[0] != 1 )
        test_fail("the refused write changed memory");

    /* #UD from UD2, caught through the exception table. */
    ex = 0;
    asm volatile ( "1: ud2; 2:\n" _ASM_EXTABLE(1b, 2b) : "+D" (ex) );
    expect("ud2", ex, X86_EXC_UD, 0);

    /* #BP from INT3, through a hook: the guest resumes after it. */
    trap_set_hook(X86_EXC_BP, bp_hook);
    asm volatile ( "int3" ::: "memory" );
    trap_set_hook(X86_EXC_BP, NULL);
    printk("int3: %u #BP\n", bp_hits);
    if ( bp_hits != 1 )
        test_fail("int3 gave %u #BP", bp_hits);
}

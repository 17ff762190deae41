/* Hypercall paths (see hypercall.h). */
#include <xen/arch-x86/cpuid.h>

#include "hypercall.h"
#include "lib.h"
#include "x86.h"

uint32_t xen_cpuid_base;
enum hypercall_path hypercall_default_path = HC_VMMCALL;

const char *hypercall_path_name(enum hypercall_path path)
{
    static const char *const names[] = {
        [HC_PAGE] = "hypercall page", [HC_VMMCALL] = "VMMCALL", [HC_VMCALL] = "VMCALL",
    };

    return path < HC_PATHS ? names[path] : "?";
}

/* Xen may sit at 0x40000000 or, with Viridian leaves first, a multiple of
 * 0x100 above: scan as Linux's xen_cpuid_base() does. */
static uint32_t find_xen_base(void)
{
    for ( uint32_t base = XEN_CPUID_FIRST_LEAF; base < XEN_CPUID_FIRST_LEAF + 0x10000;
          base += 0x100 )
    {
        struct cpuid_leaf l = cpuid(base);

        if ( l.b == XEN_CPUID_SIGNATURE_EBX && l.c == XEN_CPUID_SIGNATURE_ECX &&
             l.d == XEN_CPUID_SIGNATURE_EDX && l.a - base >= 2 )
            return base;
    }
    return 0;
}

bool hypercall_init(void)
{
    struct cpuid_leaf vendor = cpuid(0);

    /* "GenuineIntel": ebx "Genu"; Intel's instruction is VMCALL. */
    if ( vendor.b == 0x756e6547 )
        hypercall_default_path = HC_VMCALL;

    xen_cpuid_base = find_xen_base();
    if ( !xen_cpuid_base )
        return false;

    /* Leaf base+2: eax = number of hypercall pages, ebx = the MSR. The
     * hypervisor fills the page on the write; 0xc3 poison (ret) until then. */
    struct cpuid_leaf l = cpuid(xen_cpuid_base + 2);
    if ( l.a < 1 )
        return false;
    wrmsr(l.b, (uint64_t)(uintptr_t)hypercall_page);
    if ( hypercall_page[0] == 0xc3 )
        return false;
    hypercall_default_path = HC_PAGE;
    return true;
}

long hypercall_by(enum hypercall_path path, unsigned int nr, unsigned long a1,
                  unsigned long a2, unsigned long a3, unsigned long a4,
                  unsigned long a5)
{
    register unsigned long r10 asm("r10") = a4;
    register unsigned long r8 asm("r8") = a5;
    long ret;

    /* Argument registers are "+": a debug Xen clobbers the unused ones. */
    switch ( path )
    {
    case HC_PAGE:
    {
        void *stub = hypercall_page + nr * 32;

        asm volatile ( "call *%[stub]"
                       : "=a" (ret), "+D" (a1), "+S" (a2), "+d" (a3),
                         "+r" (r10), "+r" (r8)
                       : [stub] "r" (stub), "0" ((unsigned long)nr)
                       : "memory" );
        break;
    }
    case HC_VMMCALL:
        asm volatile ( "vmmcall"
                       : "=a" (ret), "+D" (a1), "+S" (a2), "+d" (a3),
                         "+r" (r10), "+r" (r8)
                       : "0" ((unsigned long)nr) : "memory" );
        break;
    case HC_VMCALL:
        asm volatile ( "vmcall"
                       : "=a" (ret), "+D" (a1), "+S" (a2), "+d" (a3),
                         "+r" (r10), "+r" (r8)
                       : "0" ((unsigned long)nr) : "memory" );
        break;
    default:
        ret = -1;
    }
    return ret;
}

/* The ways into the hypervisor: the hypercall page (its stubs as the MSR
 * write laid them out), VMMCALL and VMCALL. Each asks xen_version(
 * XENVER_version) and must get the same answer, except VMCALL on AMD: it
 * raises #UD there, and Xen 4.17 intercepts #UD only for its forced-
 * emulation prefix or a cross-vendor guest (svm.c: svm_vmexit_ud_intercept),
 * so by default the #UD reaches the guest, which must then survive it. A
 * hypervisor that emulates it instead (the issue asks ours to) must answer
 * the same version. Anything else fails. */
#include "test.h"

const char test_title[] = "Hypercall paths: page, VMMCALL, VMCALL";

/* #UD reaching the guest means the hypervisor did not take the VMCALL. */
static bool ud_seen;
static bool ud_hook(struct cpu_regs *regs)
{
    ud_seen = true;
    regs->rip += 3;                 /* skip the 3-byte VMCALL, rax unchanged */
    regs->rax = (uint64_t)-XEN_ENOSYS;
    return true;
}

void test_main(void)
{
    long version[HC_PATHS];

    if ( !xen_cpuid_base )
        return test_skip("no Xen CPUID leaves: not running on a Xen-ABI hypervisor");

    /* The page: 32-byte stubs, each "mov $nr, %eax" first (b8 imm32). */
    if ( hypercall_page[0] == 0xc3 )
        test_fail("hypercall page not written after the MSR write");
    else
        for ( unsigned int nr = 0; nr < 64; nr++ )
        {
            const uint8_t *s = hypercall_page + nr * 32;

            if ( nr == __HYPERVISOR_iret )  /* HVM: no iret; Xen puts ud2 there */
                continue;
            if ( s[0] != 0xb8 || s[1] != nr || s[2] || s[3] || s[4] )
            {
                test_fail("hypercall page stub %u starts %02x %02x %02x %02x %02x",
                          nr, s[0], s[1], s[2], s[3], s[4]);
                break;
            }
        }

    bool amd = cpuid(0).b == 0x68747541;        /* "Auth"enticAMD */

    trap_set_hook(X86_EXC_UD, ud_hook);
    for ( enum hypercall_path p = 0; p < HC_PATHS; p++ )
    {
        if ( p == HC_PAGE && hypercall_page[0] == 0xc3 )
        {
            version[p] = -1;
            continue;
        }
        ud_seen = false;
        version[p] = hypercall_by(p, __HYPERVISOR_xen_version, XENVER_version,
                                  0, 0, 0, 0);
        if ( !ud_seen )
            printk("%-14s xen_version(XENVER_version) = %#lx (%ld.%ld)\n",
                   hypercall_path_name(p), version[p], version[p] >> 16,
                   version[p] & 0xffff);
        if ( ud_seen && p == HC_VMCALL && amd )
        {
            printk("VMCALL: #UD delivered to the guest (not emulated on AMD)\n");
            version[p] = version[0];
        }
        else if ( ud_seen )
            test_fail("%s raised #UD in the guest", hypercall_path_name(p));
        else if ( version[p] <= 0 )
            test_fail("%s: xen_version returned %ld", hypercall_path_name(p),
                      version[p]);
    }
    trap_set_hook(X86_EXC_UD, NULL);

    for ( enum hypercall_path p = 1; p < HC_PATHS; p++ )
        if ( version[p] != version[0] && version[0] != -1 )
            test_fail("%s answered %#lx, the page %#lx", hypercall_path_name(p),
                      version[p], version[0]);

    /* Leaf base+1 holds the same version (major << 16 | minor). */
    uint32_t leaf = cpuid(xen_cpuid_base + 1).a;
    if ( (long)leaf != version[HC_VMMCALL] )
        test_fail("CPUID %#x eax %#x differs from xen_version %#lx",
                  xen_cpuid_base + 1, leaf, version[HC_VMMCALL]);
}

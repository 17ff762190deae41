/* VMSAVE and VMLOAD (APM vol. 2, 15.5.2): VMSAVE stores FS, GS, TR and LDTR
 * with their hidden state, KernelGSbase, STAR, LSTAR, CSTAR, SFMASK and
 * SYSENTER_CS/ESP/EIP into the VMCB at rAX; VMLOAD loads the same. */
#include "svm.h"

const char test_title[] = "VMSAVE and VMLOAD move the same processor state";

#define MSR_FS_BASE        0xc0000100u
#define MSR_GS_BASE        0xc0000101u
#define MSR_KERNEL_GS_BASE 0xc0000102u
#define MSR_STAR           0xc0000081u
#define MSR_LSTAR          0xc0000082u
#define MSR_CSTAR          0xc0000083u
#define MSR_SFMASK         0xc0000084u
#define MSR_SYSENTER_CS    0x174u
#define MSR_SYSENTER_ESP   0x175u
#define MSR_SYSENTER_EIP   0x176u

static struct vmcb save_a __aligned(4096), load_b __aligned(4096), save_c __aligned(4096);

static const struct { uint32_t msr; size_t off; } msrs[] = {
    { MSR_KERNEL_GS_BASE, __builtin_offsetof(struct vmcb, kerngsbase) },
    { MSR_STAR, __builtin_offsetof(struct vmcb, star) },
    { MSR_LSTAR, __builtin_offsetof(struct vmcb, lstar) },
    { MSR_CSTAR, __builtin_offsetof(struct vmcb, cstar) },
    { MSR_SFMASK, __builtin_offsetof(struct vmcb, sfmask) },
    { MSR_SYSENTER_CS, __builtin_offsetof(struct vmcb, sysenter_cs) },
    { MSR_SYSENTER_ESP, __builtin_offsetof(struct vmcb, sysenter_esp) },
    { MSR_SYSENTER_EIP, __builtin_offsetof(struct vmcb, sysenter_eip) },
    { MSR_FS_BASE, __builtin_offsetof(struct vmcb, fs.base) },
    { MSR_GS_BASE, __builtin_offsetof(struct vmcb, gs.base) },
};

static uint64_t *field(struct vmcb *v, size_t off)
{
    return (uint64_t *)((uint8_t *)v + off);
}

static void vmsave(struct vmcb *v)
{
    asm volatile ( "vmsave" :: "a" ((uintptr_t)v) : "memory" );
}

static void vmload(struct vmcb *v)
{
    asm volatile ( "vmload" :: "a" ((uintptr_t)v) : "memory" );
}

static bool seg_eq(const struct vmcb_seg *a, const struct vmcb_seg *b)
{
    return a->sel == b->sel && a->attr == b->attr && a->limit == b->limit && a->base == b->base;
}

void test_main(void)
{
    uint64_t orig[ARRAY_SIZE(msrs)];

    /* VMSAVE: what the MSRs hold now. */
    for ( unsigned int i = 0; i < ARRAY_SIZE(msrs); i++ )
    {
        orig[i] = rdmsr(msrs[i].msr);
        wrmsr(msrs[i].msr, msrs[i].msr == MSR_SYSENTER_CS ? 0x10 + i
                           : 0xffff800000001000ull + ((uint64_t)i << 12));
    }
    vmsave(&save_a);
    for ( unsigned int i = 0; i < ARRAY_SIZE(msrs); i++ )
        if ( *field(&save_a, msrs[i].off) != rdmsr(msrs[i].msr) )
            test_fail("VMSAVE: MSR %#x is %#lx, the VMCB has %#lx", msrs[i].msr,
                      rdmsr(msrs[i].msr), *field(&save_a, msrs[i].off));

    /* VMLOAD: other values, TR and LDTR with hidden state, read back by
     * RDMSR and by a second VMSAVE. */
    memcpy(&load_b, &save_a, sizeof(load_b));
    for ( unsigned int i = 0; i < ARRAY_SIZE(msrs); i++ )
        *field(&load_b, msrs[i].off) = msrs[i].msr == MSR_SYSENTER_CS ? 0x80 + i
                                       : 0xffff800000100000ull + ((uint64_t)i << 12);
    load_b.tr = (struct vmcb_seg){ .sel = 0, .attr = 0x08b, .limit = 0x67, .base = 0x123000 };
    load_b.ldtr = (struct vmcb_seg){ .sel = 0, .attr = 0x082, .limit = 0xfff, .base = 0x456000 };
    load_b.fs.limit = 0xfffff;
    load_b.gs.limit = 0xffff;
    vmload(&load_b);
    for ( unsigned int i = 0; i < ARRAY_SIZE(msrs); i++ )
        if ( rdmsr(msrs[i].msr) != *field(&load_b, msrs[i].off) )
            test_fail("VMLOAD: MSR %#x is %#lx, not the VMCB's %#lx", msrs[i].msr,
                      rdmsr(msrs[i].msr), *field(&load_b, msrs[i].off));
    vmsave(&save_c);
    if ( !seg_eq(&save_c.tr, &load_b.tr) )
        test_fail("TR after VMLOAD: %#x %#x %#x %#lx, not %#x %#x %#x %#lx", save_c.tr.sel,
                  save_c.tr.attr, save_c.tr.limit, save_c.tr.base, load_b.tr.sel,
                  load_b.tr.attr, load_b.tr.limit, load_b.tr.base);
    if ( !seg_eq(&save_c.ldtr, &load_b.ldtr) )
        test_fail("LDTR after VMLOAD: %#x %#x %#x %#lx, not %#x %#x %#x %#lx",
                  save_c.ldtr.sel, save_c.ldtr.attr, save_c.ldtr.limit, save_c.ldtr.base,
                  load_b.ldtr.sel, load_b.ldtr.attr, load_b.ldtr.limit, load_b.ldtr.base);
    if ( !seg_eq(&save_c.fs, &load_b.fs) || !seg_eq(&save_c.gs, &load_b.gs) )
        test_fail("FS/GS after VMLOAD: limits %#x %#x, bases %#lx %#lx; loaded %#x %#x, "
                  "%#lx %#lx", save_c.fs.limit, save_c.gs.limit, save_c.fs.base,
                  save_c.gs.base, load_b.fs.limit, load_b.gs.limit, load_b.fs.base,
                  load_b.gs.base);
    printk("VMSAVE, VMLOAD, VMSAVE: TR base %#lx, LDTR base %#lx, STAR %#lx\n",
           save_c.tr.base, save_c.ldtr.base, save_c.star);

    /* The host's own state back. */
    vmload(&save_a);
    for ( unsigned int i = 0; i < ARRAY_SIZE(msrs); i++ )
        wrmsr(msrs[i].msr, orig[i]);
}
